/**
 * What the audit policy and the event need from a request: who, which
 * verb, which object or path, from where. Verbs and object references
 * follow upstream's RequestInfo, which differs from Skiff's routing in two
 * places: connect subresources (exec, attach, proxy ...) take their verb
 * from the HTTP method, and a namespace names itself as its namespace.
 */
import type { UserInfo } from "../../api/types.js";
import { isValidIP } from "../../api/validation/core-ip.js";
import type { ApiRequest } from "../http/types.js";
import { parseRequestInfo } from "../request-info.js";
import type { PolicyAttributes } from "./policy.js";
import type { EventUser, ObjectReference } from "./types.js";

const METHOD_VERBS: Record<string, string> = { GET: "get", HEAD: "get", POST: "create", PUT: "update", PATCH: "patch", DELETE: "delete" };
const LONG_RUNNING_VERBS = new Set(["watch", "proxy"]);
const LONG_RUNNING_SUBRESOURCES = new Set(["attach", "exec", "proxy", "log", "portforward"]);
const MAX_USER_AGENT = 1024;

export interface RequestAttributes extends PolicyAttributes {
  apiVersion: string;
  /** Streams and upgrades, which get a ResponseStarted event (upstream's BasicLongRunningRequestCheck). */
  longRunning: boolean;
}

export function requestAttributes(req: ApiRequest): RequestAttributes {
  const info = parseRequestInfo(req.method, req.path, req.query);
  const user = req.user && { username: req.user.username, groups: req.user.groups };
  if (!info.isResourceRequest) {
    return { user, verb: info.verb, isResourceRequest: false, path: req.path, apiGroup: "", apiVersion: "", namespace: "", resource: "", subresource: "", name: "", longRunning: false };
  }
  const subresource = info.subresource?.split("/")[0] ?? "";
  const verb = info.verb === "connect" ? (METHOD_VERBS[req.method] ?? req.method.toLowerCase()) : info.verb;
  const name = info.name ?? "";
  const namespace = info.resource === "namespaces" && name ? name : (info.namespace ?? "");
  return {
    user,
    verb,
    isResourceRequest: true,
    path: req.path,
    apiGroup: info.group,
    apiVersion: info.version,
    namespace,
    resource: info.resource,
    subresource,
    name,
    longRunning: LONG_RUNNING_VERBS.has(verb) || LONG_RUNNING_SUBRESOURCES.has(subresource),
  };
}

/** The object reference of a resource request, in upstream's field order, empty fields left out. */
export function objectRefOf(a: RequestAttributes): ObjectReference | undefined {
  if (!a.isResourceRequest) return undefined;
  return compact({ resource: a.resource, namespace: a.namespace, name: a.name, apiGroup: a.apiGroup, apiVersion: a.apiVersion, subresource: a.subresource });
}

/** Fills what the URL left out (a create names its object in the body), as upstream's LogRequestObject. */
export function completeObjectRef(ref: ObjectReference, body: unknown): ObjectReference {
  const meta = (body as { metadata?: Record<string, unknown> } | undefined)?.metadata;
  if (!meta || typeof meta !== "object") return ref;
  const str = (v: unknown) => (typeof v === "string" ? v : undefined);
  return compact({
    resource: ref.resource,
    namespace: ref.namespace || str(meta.namespace),
    name: ref.name || str(meta.name),
    uid: ref.uid || str(meta.uid),
    apiGroup: ref.apiGroup,
    apiVersion: ref.apiVersion,
    resourceVersion: ref.resourceVersion || str(meta.resourceVersion),
    subresource: ref.subresource,
  });
}

function compact<T extends object>(o: T): T {
  const out: Record<string, unknown> = {};
  for (const [k, v] of Object.entries(o)) if (v !== undefined && v !== "") out[k] = v;
  return out as T;
}

export function eventUser(u: UserInfo | undefined): EventUser {
  if (!u) return {};
  const out: EventUser = {};
  if (u.username) out.username = u.username;
  if (u.uid) out.uid = u.uid;
  if (u.groups?.length) out.groups = [...u.groups];
  if (u.extra && Object.keys(u.extra).length) out.extra = u.extra;
  return out;
}

/**
 * Upstream's utilnet.SourceIPs: the X-Forwarded-For chain (or X-Real-Ip),
 * then the connection's address unless it already ends the chain. Only the
 * last address is the server's own observation; the others are the client's word.
 */
export function sourceIPs(req: ApiRequest): string[] | undefined {
  const ips = (req.headers["x-forwarded-for"] ?? "").split(",").map((s) => s.trim()).filter(isValidIP);
  if (!ips.length) {
    const real = req.headers["x-real-ip"]?.trim();
    if (real && isValidIP(real)) ips.push(real);
  }
  const remote = (req as ApiRequest & { remoteAddress?: string }).remoteAddress?.replace(/^::ffff:(?=\d+\.)/, "");
  if (remote && isValidIP(remote) && ips[ips.length - 1] !== remote) ips.push(remote);
  return ips.length ? ips : undefined;
}

export function userAgent(req: ApiRequest): string | undefined {
  const ua = req.headers["user-agent"];
  if (!ua) return undefined;
  return ua.length > MAX_USER_AGENT ? `${ua.slice(0, MAX_USER_AGENT)}...TRUNCATED` : ua;
}

/** The request's URI as sent: path and query. */
export function requestURI(req: ApiRequest): string {
  const q = req.query.toString();
  return q ? `${req.path}?${q}` : req.path;
}
