/**
 * The per-path OpenAPI 3.0 documents of /openapi/v3/<path>: one per served
 * group-version ("api/v1", "apis/apps/v1") with its operations and the
 * schemas they reach, plus the discovery documents ("api", "apis",
 * "apis/<group>", "version").
 */
import type { ResourceDefinition } from "../../api/types.js";
import type { Schema } from "./schema.js";
import { V3_REF_PREFIX } from "./schema.js";
import { referencedDefinitions } from "./closure.js";
import { META, groupVersionIdent, groupVersionPrefix, tagOf } from "./operations.js";
import { pathsOf, BEARER_TOKEN } from "./v2-document.js";
import { toV3PathItem, toV3Schema, type V3Operation, type V3PathItem } from "./v3-convert.js";

export interface OpenApiV3Document {
  openapi: "3.0.0";
  info: { title: string; version: string };
  paths: Record<string, V3PathItem>;
  components: { schemas: Record<string, Schema>; securitySchemes: { BearerToken: typeof BEARER_TOKEN } };
}

function discoveryGet(tag: string, operationId: string, description: string, schema: string): V3PathItem {
  const ref = { $ref: V3_REF_PREFIX + schema };
  const op: V3Operation = {
    tags: [tag],
    description,
    operationId,
    responses: {
      "200": { description: "OK", content: { "application/json": { schema: ref }, "application/vnd.kubernetes.protobuf": { schema: ref }, "application/yaml": { schema: ref } } },
      "401": { description: "Unauthorized" },
    },
  };
  return { get: op };
}

function document(paths: Record<string, V3PathItem>, definitions: Record<string, Schema>, version: string, v3Forms?: Record<string, Schema>): OpenApiV3Document {
  const schemas: Record<string, Schema> = {};
  for (const name of referencedDefinitions(paths, definitions)) schemas[name] = v3Forms?.[name] ?? toV3Schema(definitions[name]!);
  return {
    openapi: "3.0.0",
    info: { title: "Kubernetes", version },
    paths,
    components: { schemas, securitySchemes: { BearerToken: BEARER_TOKEN } },
  };
}

/** Group names from served resources, core ("") included, in first-seen order. */
export function servedGroupVersions(resources: ResourceDefinition[]): Map<string, ResourceDefinition[]> {
  const out = new Map<string, ResourceDefinition[]>();
  for (const r of resources) {
    const key = groupVersionPrefix(r.group, r.version).slice(1);
    const list = out.get(key) ?? [];
    list.push(r);
    out.set(key, list);
  }
  return out;
}

/**
 * The document served at /openapi/v3/<path>, or undefined for a path no
 * served group-version has.
 */
export function buildV3Document(path: string, resources: ResourceDefinition[], definitions: Record<string, Schema>, version: string, v3Forms?: Record<string, Schema>): OpenApiV3Document | undefined {
  const gvs = servedGroupVersions(resources);
  if (path === "version") return document({ "/version/": discoveryGet("version", "getCodeVersion", "get the version information for this server", "io.k8s.apimachinery.pkg.version.Info") }, definitions, version);
  if (path === "api") return document({ "/api/": discoveryGet("core", "getCoreAPIVersions", "get available API versions", `${META}.APIVersions`) }, definitions, version);
  if (path === "apis") return document({ "/apis/": discoveryGet("apis", "getAPIVersions", "get available API versions", `${META}.APIGroupList`) }, definitions, version);
  const group = path.match(/^apis\/([^/]+)$/)?.[1];
  if (group) {
    if (![...gvs.values()].some((rs) => rs[0]!.group === group)) return undefined;
    const ident = groupVersionIdent(group, "");
    const tag = ident.charAt(0).toLowerCase() + ident.slice(1);
    return document({ [`/apis/${group}/`]: discoveryGet(tag, `get${ident}APIGroup`, "get information of a group", `${META}.APIGroup`) }, definitions, version);
  }
  const served = gvs.get(path);
  if (!served) return undefined;
  const { group: g, version: v } = served[0]!;
  const ident = groupVersionIdent(g, v);
  const paths: Record<string, V3PathItem> = {
    [`/${path}/`]: discoveryGet(tagOf(g, v), `get${ident}APIResources`, "get available resources", `${META}.APIResourceList`),
  };
  for (const [p, item] of Object.entries(pathsOf(served, definitions))) paths[p] = toV3PathItem(item);
  return document(paths, definitions, version, v3Forms);
}

/** Every path /openapi/v3 lists, sorted: "api", "api/v1", "apis", "apis/apps", "apis/apps/v1", ..., "version". */
export function v3PathNames(resources: ResourceDefinition[]): string[] {
  const names = new Set<string>(["api", "apis", "version"]);
  for (const [key, rs] of servedGroupVersions(resources)) {
    names.add(key);
    if (rs[0]!.group !== "") names.add(`apis/${rs[0]!.group}`);
  }
  return [...names].sort();
}
