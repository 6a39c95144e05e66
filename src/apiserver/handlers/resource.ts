/**
 * The REST handler for one resource request: dispatches on verb and
 * subresource to the registry and encodes the answer.
 */
import { ApiError, methodNotAllowed, notFound } from "../../api/errors.js";
import type { DeleteOptionsLike, KubeObject } from "../../api/types.js";
import { RawResponse } from "../../api/raw-response.js";
import type { ApiRequest, ApiResponse } from "../http/types.js";
import type { ResourceRequestInfo } from "../request-info.js";
import type { ResourceRegistry } from "../registry/registry.js";
import { deleteObject } from "../registry/delete.js";
import { listObjects } from "../registry/list.js";
import { allowedFields } from "../registry/selectable-fields.js";
import { parseFieldSelector } from "../selection/fields.js";
import { parseLabelSelector } from "../selection/labels.js";
import { decodeObject, parseBody } from "./body.js";
import { encodeList, encodeObject, listValue, responseForm, responseFormFor, warningHeaders } from "./encode.js";
import { listFromCache, servedFromCache } from "../watch/cached-list.js";
import { parseIntParam, writeOptions } from "./options.js";
import { patchObject } from "./patch.js";
import { optionalQueryFlag } from "../query/flags.js";
import { canonicalObject } from "../encoding/canonical.js";
import { handleScale } from "./scale.js";
import { serveComputed } from "./computed.js";
import type { WatchService } from "../watch/service.js";
import type { Clock } from "../../util/clock.js";

export interface ResourceHandlerDeps {
  clock: Clock;
  watch: WatchService;
}

export async function handleResource(reg: ResourceRegistry, info: ResourceRequestInfo, req: ApiRequest, deps: ResourceHandlerDeps): Promise<ApiResponse> {
  const res = await dispatch(reg, info, req, deps);
  const notice = reg.def.deprecationWarning;
  if (notice) {
    const existing = res.headers.warning;
    res.headers.warning = [...(existing === undefined ? [] : Array.isArray(existing) ? existing : [existing]), `299 - ${JSON.stringify(notice)}`];
  }
  return res;
}

async function dispatch(reg: ResourceRegistry, info: ResourceRequestInfo, req: ApiRequest, deps: ResourceHandlerDeps): Promise<ApiResponse> {
  const def = reg.def;
  const ns = def.namespaced ? info.namespace : undefined;
  if (!def.namespaced && info.namespace && info.resource !== "namespaces") throw notFound(reg.gr, info.name ?? "");
  const named = info.name !== undefined;
  if (def.namespaced && named && !ns) throw new ApiError(404, "NotFound", "the server could not find the requested resource");
  const now = deps.clock.now();
  const verbs = def.verbs ?? ["create", "delete", "deletecollection", "get", "list", "patch", "update", "watch"];

  if (info.subresource) return handleSubresource(reg, info, req, deps);
  if (!verbs.includes(info.verb)) throw methodNotAllowed();
  if (def.computed && (info.verb === "get" || info.verb === "list")) {
    return serveComputed(reg, info.verb, info.name, req, () => listQuery(reg, ns, req.query), now);
  }

  switch (info.verb) {
    case "get": {
      const form = responseForm(req.headers.accept);
      return encodeObject(def, await reg.get(ns, info.name!), form, req.query, now);
    }
    case "list": {
      const form = responseForm(req.headers.accept);
      const q = listQuery(reg, ns, req.query);
      const cached = servedFromCache(q) ? await listFromCache(deps.watch, reg, q) : undefined;
      const out = cached ?? (await listObjects(reg, q));
      const meta = { resourceVersion: out.resourceVersion, continue: out.continueToken, remainingItemCount: out.remainingItemCount };
      // An in-process caller that takes objects gets the cache's own (frozen, shared) ones.
      if (cached && form === "json" && req.acceptsObjects) return { status: 200, headers: { "content-type": "application/json" }, object: listValue(def, reg.apiVersion, out.items, meta) };
      return encodeList(def, reg.apiVersion, out.items, meta, form, req.query, now, out.encoded);
    }
    case "watch":
      return deps.watch.serve(reg, ns, req);
    case "create": {
      if (named) throw methodNotAllowed();
      if (def.namespaced && !ns) throw new ApiError(404, "NotFound", "the server could not find the requested resource");
      const form = responseFormFor(def, req.headers.accept);
      const obj = decodeObject(def, req.body, req.headers["content-type"]);
      if (def.namespaced && obj.metadata.namespace && obj.metadata.namespace !== ns) {
        throw new ApiError(400, "BadRequest", "the namespace of the provided object does not match the namespace sent on the request");
      }
      const res = await reg.create(ns, obj, writeOptions(req.query, req.headers, req.user, "create"));
      return encodeObject(def, res.object, form, req.query, now, 201, warningHeaders(res.warnings), res.json);
    }
    case "update": {
      const form = responseForm(req.headers.accept);
      const obj = decodeObject(def, req.body, req.headers["content-type"]);
      if (def.namespaced && obj.metadata.namespace && obj.metadata.namespace !== ns) {
        throw new ApiError(400, "BadRequest", "the namespace of the provided object does not match the namespace sent on the request");
      }
      if (obj.metadata.name && obj.metadata.name !== info.name) {
        throw new ApiError(400, "BadRequest", `the name of the object (${obj.metadata.name}) does not match the name on the URL (${info.name})`);
      }
      const res = await reg.mutate(ns, info.name!, () => obj, writeOptions(req.query, req.headers, req.user, "update"));
      return encodeObject(def, res.object, form, req.query, now, 200, warningHeaders(res.warnings), res.json);
    }
    case "patch": {
      const form = responseForm(req.headers.accept);
      const res = await patchObject(reg, ns, info.name!, req, undefined);
      return encodeObject(def, res.object, form, req.query, now, res.created ? 201 : 200, warningHeaders(res.warnings), res.json);
    }
    case "delete": {
      const form = responseForm(req.headers.accept);
      const opts = deleteOptions(req);
      const res = await deleteObject(reg, ns, info.name!, opts, writeOptions(req.query, req.headers, req.user, "delete"));
      if (res.deleted && !def.returnDeletedObject) {
        return { status: 200, headers: { "content-type": "application/json" }, body: `${JSON.stringify(successStatus(reg, res.object))}\n` };
      }
      return encodeObject(def, res.object, form, req.query, now, res.deleted ? 200 : 202);
    }
    case "deletecollection": {
      const form = responseForm(req.headers.accept);
      const opts = deleteOptions(req);
      const wopts = writeOptions(req.query, req.headers, req.user, "delete");
      const listed = await listObjects(reg, listQuery(reg, ns, req.query));
      const deleted: KubeObject[] = [];
      for (const o of listed.items) {
        try {
          deleted.push((await deleteObject(reg, o.metadata.namespace, o.metadata.name!, opts, wopts)).object);
        } catch (err) {
          if (!(err instanceof ApiError && err.code === 404)) throw err;
        }
      }
      return encodeList(def, reg.apiVersion, deleted, { resourceVersion: listed.resourceVersion }, form, req.query, now);
    }
    default:
      throw methodNotAllowed();
  }
}

async function handleSubresource(reg: ResourceRegistry, info: ResourceRequestInfo, req: ApiRequest, deps: ResourceHandlerDeps): Promise<ApiResponse> {
  const def = reg.def;
  const ns = def.namespaced ? info.namespace : undefined;
  const name = info.name;
  const now = deps.clock.now();
  if (!name) throw new ApiError(404, "NotFound", "the server could not find the requested resource");
  if (info.subresource === "status" && def.hasStatus) return handleParentView(reg, ns, name, info, req, now);
  if (info.subresource === "scale" && def.scale) return handleScale(reg, ns, name, info, req, now);
  // Connect subresources take a path after their name: nodes/n/proxy/stats/summary.
  const [subName, ...subPath] = info.subresource!.split("/");
  const sub = def.subresources?.[subName];
  if (!sub || (subPath.length && !sub.connect)) throw new ApiError(404, "NotFound", "the server could not find the requested resource");
  if (sub.parentView) return handleParentView(reg, ns, name, info, req, now);
  const verbOk = sub.verbs.includes(info.verb) || (info.verb === "connect" && sub.verbs.some((v) => v === "get" || v === "create"));
  if (!verbOk) throw methodNotAllowed();
  const wopts = writeOptions(req.query, req.headers, req.user, info.verb === "get" ? "update" : "update");
  const ctx = reg.hookContext(wopts);
  const connect = sub.connect ? { path: subPath.join("/"), http: req } : {};
  const body = !sub.connect && req.body && req.body.length ? parseBody(req.body, req.headers["content-type"]) : undefined;
  const result = await sub.handler(
    { verb: info.verb as "get", namespace: ns, name, body, query: req.query, ctx, ...connect },
    {
      get: (n, nm) => reg.get(n, nm),
      update: async (n, nm, fn, c) => (await reg.mutate(n, nm, fn, { ...wopts, dryRun: c.dryRun, user: c.user, subresource: info.subresource })).object,
      delete: async (n, nm, o, c) => (await deleteObject(reg, n, nm, o, { ...wopts, dryRun: c.dryRun, user: c.user })).object,
    },
  );
  if (result instanceof RawResponse) return result.response as ApiResponse;
  if (typeof result === "string" || Buffer.isBuffer(result)) return { status: 200, headers: { "content-type": "text/plain" }, body: result };
  const status = info.verb === "create" ? 201 : 200;
  const value = result && typeof result === "object" && "kind" in result ? canonicalObject(result) : result;
  return { status, headers: { "content-type": "application/json" }, body: `${JSON.stringify(value)}\n` };
}

/** A subresource that is a view of the parent object (status, pods/ephemeralcontainers): get, update, patch. */
async function handleParentView(reg: ResourceRegistry, ns: string | undefined, name: string, info: ResourceRequestInfo, req: ApiRequest, now: number): Promise<ApiResponse> {
  const def = reg.def;
  const form = responseForm(req.headers.accept);
  switch (info.verb) {
    case "get":
      return encodeObject(def, await reg.get(ns, name), form, req.query, now);
    case "update": {
      const obj = decodeObject(def, req.body, req.headers["content-type"]);
      const res = await reg.mutate(ns, name, () => obj, { ...writeOptions(req.query, req.headers, req.user, "update"), subresource: info.subresource });
      return encodeObject(def, res.object, form, req.query, now, 200, warningHeaders(res.warnings), res.json);
    }
    case "patch": {
      const res = await patchObject(reg, ns, name, req, info.subresource);
      return encodeObject(def, res.object, form, req.query, now, 200, warningHeaders(res.warnings), res.json);
    }
    default:
      throw methodNotAllowed();
  }
}

function listQuery(reg: ResourceRegistry, ns: string | undefined, q: URLSearchParams) {
  return {
    namespace: ns,
    labels: parseLabelSelector(q.get("labelSelector")),
    fields: parseFieldSelector(q.get("fieldSelector"), allowedFields(reg.def)),
    limit: parseIntParam(q, "limit"),
    continueToken: q.get("continue") ?? undefined,
    resourceVersion: q.get("resourceVersion") ?? undefined,
    resourceVersionMatch: q.get("resourceVersionMatch") ?? undefined,
  };
}

function deleteOptions(req: ApiRequest): DeleteOptionsLike & { orphanDependents?: boolean } {
  let opts: DeleteOptionsLike & { orphanDependents?: boolean } = {};
  if (req.body && req.body.length) {
    const v = parseBody(req.body, req.headers["content-type"]);
    if (v && typeof v === "object") opts = v as DeleteOptionsLike;
  }
  const grace = parseIntParam(req.query, "gracePeriodSeconds");
  if (grace !== undefined) opts.gracePeriodSeconds = grace;
  const pp = req.query.get("propagationPolicy");
  if (pp) opts.propagationPolicy = pp as DeleteOptionsLike["propagationPolicy"];
  const od = optionalQueryFlag(req.query, "orphanDependents");
  if (od !== undefined) opts.orphanDependents = od;
  return opts;
}

function successStatus(reg: ResourceRegistry, obj: KubeObject): Record<string, unknown> {
  return {
    kind: "Status",
    apiVersion: "v1",
    metadata: {},
    status: "Success",
    details: { name: obj.metadata.name, ...(reg.def.group ? { group: reg.def.group } : {}), kind: reg.def.plural, uid: obj.metadata.uid },
  };
}
