/**
 * Paths and operations of served resources, in Swagger 2.0 form, named and
 * shaped as upstream's (operationId `listCoreV1NamespacedPod`,
 * x-kubernetes-action, x-kubernetes-group-version-kind, parameters,
 * responses). v3 documents are converted from these.
 */
import type { ResourceDefinition } from "../../api/types.js";
import type { GvkExtension, Schema } from "./schema.js";
import { V2_REF_PREFIX } from "./schema.js";
import { connectPaths } from "./connect-operations.js";
import { deleteCollectionParams, deleteParams, listParams, params, patchParams, writeParams, type Parameter } from "./parameters.js";

export type Action = "get" | "list" | "watch" | "watchlist" | "post" | "put" | "patch" | "delete" | "deletecollection" | "connect";

export interface Response {
  description: string;
  schema?: Schema;
}

export interface Operation {
  description: string;
  consumes: string[];
  produces: string[];
  schemes: string[];
  tags: string[];
  operationId: string;
  parameters?: Parameter[];
  responses: Record<string, Response>;
  "x-kubernetes-action": Action;
  "x-kubernetes-group-version-kind": GvkExtension;
}

export type Method = "get" | "put" | "post" | "delete" | "patch";

export type PathItem = Partial<Record<Method, Operation>> & { parameters?: Parameter[] };

export const META = "io.k8s.apimachinery.pkg.apis.meta.v1";
const DEFAULT_VERBS = ["create", "delete", "deletecollection", "get", "list", "patch", "update", "watch"];
const PRODUCES = ["application/json", "application/yaml", "application/vnd.kubernetes.protobuf"];
const STREAM = ["application/json;stream=watch", "application/vnd.kubernetes.protobuf;stream=watch"];
export const PATCH_TYPES = ["application/json-patch+json", "application/merge-patch+json", "application/strategic-merge-patch+json", "application/apply-patch+yaml"];

const cap = (s: string) => s.charAt(0).toUpperCase() + s.slice(1);

/** "rbac.authorization.k8s.io", "v1" -> "RbacAuthorizationV1"; core -> "CoreV1". */
export function groupVersionIdent(group: string, version: string): string {
  const g = group === "" ? "core" : group.replace(/\.k8s\.io$/, "");
  return g.split(".").map(cap).join("") + cap(version);
}

/** Upstream's tag: "core_v1", "rbacAuthorization_v1". */
export function tagOf(group: string, version: string): string {
  const g = groupVersionIdent(group, "");
  return `${g.charAt(0).toLowerCase()}${g.slice(1)}_${version}`;
}

/** Definition-name package of a group-version ("apps", "v1" -> "io.k8s.api.apps.v1"). */
export function packageOfGroupVersion(group: string, version: string): string {
  if (group === "apiextensions.k8s.io") return `io.k8s.apiextensions-apiserver.pkg.apis.apiextensions.${version}`;
  if (group === "apiregistration.k8s.io") return `io.k8s.kube-aggregator.pkg.apis.apiregistration.${version}`;
  return `io.k8s.api.${group === "" ? "core" : group.split(".")[0]}.${version}`;
}

/** URL prefix of a group-version: "/api/v1" or "/apis/apps/v1". */
export function groupVersionPrefix(group: string, version: string): string {
  return group === "" ? `/api/${version}` : `/apis/${group}/${version}`;
}

const ref = (name: string): Schema => ({ $ref: V2_REF_PREFIX + name });

interface Ctx {
  r: ResourceDefinition;
  gvk: GvkExtension;
  gv: string;
  tags: string[];
  ns: string;
  listSchema: string;
}

function op(c: Ctx, action: Action, operationId: string, description: string, responses: Record<string, Response>, extra: Partial<Operation> = {}, gvk = c.gvk): Operation {
  return {
    description,
    consumes: ["*/*"],
    produces: PRODUCES,
    schemes: ["https"],
    tags: c.tags,
    operationId,
    responses: { ...responses, "401": { description: "Unauthorized" } },
    "x-kubernetes-action": action,
    "x-kubernetes-group-version-kind": gvk,
    ...extra,
  };
}

const ok = (schema: string): Record<string, Response> => ({ "200": { description: "OK", schema: ref(schema) } });
const created = (schema: string, accepted: boolean): Record<string, Response> => ({
  ...ok(schema),
  "201": { description: "Created", schema: ref(schema) },
  ...(accepted ? { "202": { description: "Accepted", schema: ref(schema) } } : {}),
});

function itemOps(c: Ctx, verbs: Set<string>, suffix: string, schema: string, gvk: GvkExtension): PathItem {
  const { r } = c;
  const id = (v: string) => `${v}${c.gv}${c.ns}${r.kind}${suffix}`;
  const what = suffix ? `${suffix.toLowerCase()} of the specified ${r.kind}` : `the specified ${r.kind}`;
  const item: PathItem = {};
  if (verbs.has("get")) item.get = op(c, "get", id("read"), `read ${what}`, ok(schema), {}, gvk);
  if (verbs.has("update")) item.put = op(c, "put", id("replace"), `replace ${what}`, created(schema, false), { parameters: [params.body(ref(schema)), ...writeParams] }, gvk);
  if (verbs.has("patch")) {
    item.patch = op(c, "patch", id("patch"), `partially update ${what}`, created(schema, false), { consumes: r.patchTypes ?? PATCH_TYPES, parameters: [params.body(ref(`${META}.Patch`)), ...patchParams] }, gvk);
  }
  if (verbs.has("delete") && !suffix) {
    const resp = { "200": { description: "OK", schema: ref(`${META}.Status`) }, "202": { description: "Accepted", schema: ref(`${META}.Status`) } };
    item.delete = op(c, "delete", id("delete"), `delete a ${r.kind}`, resp, { parameters: [params.body(ref(`${META}.DeleteOptions`), false), ...deleteParams] }, gvk);
  }
  return item;
}

function subresourceSchema(r: ResourceDefinition, name: string, definitions: Record<string, Schema>): { schema?: string; gvk?: GvkExtension } {
  if (name === "status") return { schema: r.schema };
  if (name === "scale") return { schema: "io.k8s.api.autoscaling.v1.Scale", gvk: { group: "autoscaling", kind: "Scale", version: "v1" } };
  const spec = r.subresources?.[name];
  if (!spec) return {};
  const group = spec.group ?? r.group;
  const version = spec.version ?? r.version;
  const schema = `${packageOfGroupVersion(group, version)}.${spec.kind}`;
  return definitions[schema] ? { schema, gvk: { group, kind: spec.kind, version } } : {};
}

/**
 * All paths of one resource. Definitions are consulted to name the list
 * type and subresource kinds; a missing definition leaves the schema out
 * rather than pointing at nothing.
 */
export function resourcePaths(r: ResourceDefinition, definitions: Record<string, Schema>): Record<string, PathItem> {
  const verbs = new Set(r.verbs ?? DEFAULT_VERBS);
  const c: Ctx = {
    r,
    gvk: { group: r.group, kind: r.kind, version: r.version },
    gv: groupVersionIdent(r.group, r.version),
    tags: [tagOf(r.group, r.version)],
    ns: r.namespaced ? "Namespaced" : "",
    listSchema: r.schema.replace(/\.[^.]+$/, `.${r.listKind ?? `${r.kind}List`}`),
  };
  const prefix = groupVersionPrefix(r.group, r.version);
  const scope = r.namespaced ? `/namespaces/{namespace}` : "";
  const base = `${prefix}${scope}/${r.plural}`;
  const scopeParams = r.namespaced ? [params.namespace] : [];
  const out: Record<string, PathItem> = {};

  const collection: PathItem = { parameters: [...scopeParams, params.pretty] };
  if (verbs.has("list")) collection.get = op(c, "list", `list${c.gv}${c.ns}${r.kind}`, `list or watch objects of kind ${r.kind}`, ok(c.listSchema), { produces: [...PRODUCES, ...STREAM], parameters: listParams });
  if (verbs.has("create")) collection.post = op(c, "post", `create${c.gv}${c.ns}${r.kind}`, `create a ${r.kind}`, created(r.schema, true), { parameters: [params.body(ref(r.schema)), ...writeParams] });
  if (verbs.has("deletecollection")) {
    collection.delete = op(c, "deletecollection", `delete${c.gv}Collection${c.ns}${r.kind}`, `delete collection of ${r.kind}`, ok(`${META}.Status`), { parameters: [params.body(ref(`${META}.DeleteOptions`), false), ...deleteCollectionParams] });
  }
  if (collection.get || collection.post || collection.delete) out[base] = collection;

  const item = itemOps(c, verbs, "", r.schema, c.gvk);
  if (Object.keys(item).length) out[`${base}/{name}`] = { ...item, parameters: [params.name(r.kind), ...scopeParams, params.pretty] };

  if (verbs.has("watch")) {
    const watchParams = [...listParams];
    const watchGvk = { produces: [...PRODUCES, ...STREAM] };
    const event = ok(`${META}.WatchEvent`);
    out[`${prefix}/watch${scope}/${r.plural}`] = {
      get: op(c, "watchlist", `watch${c.gv}${c.ns}${r.kind}List`, `watch individual changes to a list of ${r.kind}. deprecated: use the 'watch' parameter with a list operation instead.`, event, watchGvk),
      parameters: [...watchParams.slice(0, 5), ...scopeParams, params.pretty, ...watchParams.slice(5)],
    };
    out[`${prefix}/watch${scope}/${r.plural}/{name}`] = {
      get: op(c, "watch", `watch${c.gv}${c.ns}${r.kind}`, `watch changes to an object of kind ${r.kind}. deprecated: use the 'watch' parameter with a list operation instead, filtered to a single item with the 'fieldSelector' parameter.`, event, watchGvk),
      parameters: [...watchParams.slice(0, 5), params.name(r.kind), ...scopeParams, params.pretty, ...watchParams.slice(5)],
    };
  }
  if (r.namespaced && verbs.has("list")) {
    out[`${prefix}/${r.plural}`] = {
      get: op(c, "list", `list${c.gv}${r.kind}ForAllNamespaces`, `list or watch objects of kind ${r.kind}`, ok(c.listSchema), { produces: [...PRODUCES, ...STREAM] }),
      parameters: [...listParams.slice(0, 5), params.pretty, ...listParams.slice(5)],
    };
    if (verbs.has("watch")) {
      out[`${prefix}/watch/${r.plural}`] = {
        get: op(c, "watchlist", `watch${c.gv}${r.kind}ListForAllNamespaces`, `watch individual changes to a list of ${r.kind}. deprecated: use the 'watch' parameter with a list operation instead.`, ok(`${META}.WatchEvent`), { produces: [...PRODUCES, ...STREAM] }),
        parameters: [...listParams.slice(0, 5), params.pretty, ...listParams.slice(5)],
      };
    }
  }

  const subs: [string, Set<string>][] = [];
  if (r.hasStatus) subs.push(["status", new Set(["get", "update", "patch"])]);
  if (r.scale) subs.push(["scale", new Set(["get", "update", "patch"])]);
  for (const [name, spec] of Object.entries(r.subresources ?? {})) subs.push([name, new Set(spec.verbs)]);
  for (const [name, subVerbs] of subs) {
    const connect = r.subresources?.[name];
    if (connect?.connect) {
      Object.assign(out, connectPaths({ r, gv: c.gv, ns: c.ns, tags: c.tags, base, scopeParams }, name, connect));
      continue;
    }
    const { schema, gvk } = subresourceSchema(r, name, definitions);
    if (!schema) continue;
    const suffix = name.charAt(0).toUpperCase() + name.slice(1);
    const sub = itemOps(c, subVerbs, suffix, schema, gvk ?? c.gvk);
    if (subVerbs.has("create")) {
      sub.post = op(c, "post", `create${c.gv}${c.ns}${r.kind}${suffix}`, `create ${name} of a ${r.kind}`, created(schema, true), { parameters: [params.body(ref(schema)), ...writeParams] }, gvk ?? c.gvk);
    }
    if (Object.keys(sub).length) out[`${base}/{name}/${name}`] = { ...sub, parameters: [params.name(spec(name)), ...scopeParams, params.pretty] };
  }
  return out;

  function spec(name: string): string {
    return name === "status" || name === "scale" ? r.kind : r.subresources?.[name]?.kind ?? r.kind;
  }
}
