/**
 * Parses a request path and method into what is being asked, as upstream's
 * RequestInfoFactory: /api/v1/namespaces/{ns}/{resource}/{name}/{subresource}.
 */
import { queryFlag } from "./query/flags.js";

export type Verb = "get" | "list" | "watch" | "create" | "update" | "patch" | "delete" | "deletecollection" | "connect";

export interface ResourceRequestInfo {
  isResourceRequest: true;
  verb: Verb;
  apiPrefix: "api" | "apis";
  group: string;
  version: string;
  namespace?: string;
  resource: string;
  name?: string;
  subresource?: string;
  path: string;
}

export interface NonResourceRequestInfo {
  isResourceRequest: false;
  verb: string;
  path: string;
}

export type RequestInfo = ResourceRequestInfo | NonResourceRequestInfo;

const namespaceSubresources = new Set(["status", "finalize"]);

export function parseRequestInfo(method: string, path: string, query: URLSearchParams): RequestInfo {
  const nonResource = (): NonResourceRequestInfo => ({ isResourceRequest: false, verb: method.toLowerCase(), path });
  const parts: string[] = [];
  // Most segments hold no escapes: only those with a "%" are decoded (decoding the others changes nothing).
  for (const p of path.split("/")) if (p !== "") parts.push(p.includes("%") ? decodeURIComponent(p) : p);
  if (parts.length === 0) return nonResource();
  const prefix = parts[0];
  if (prefix !== "api" && prefix !== "apis") return nonResource();
  let rest = parts.slice(1);
  let group = "";
  if (prefix === "apis") {
    if (rest.length < 3) return nonResource(); // group discovery
    group = rest[0];
    rest = rest.slice(1);
  } else if (rest.length < 2) {
    return nonResource(); // /api, /api/v1
  }
  const version = rest[0];
  rest = rest.slice(1);

  let verb: Verb;
  let isWatchPath = false;
  if (rest[0] === "watch") {
    isWatchPath = true;
    rest = rest.slice(1);
  }
  let namespace: string | undefined;
  if (rest[0] === "namespaces" && rest.length > 1) {
    namespace = rest[1];
    if (rest.length > 2 && !namespaceSubresources.has(rest[2])) rest = rest.slice(2);
  }
  if (rest.length === 0) return nonResource();
  const resource = rest[0];
  const name = rest[1];
  const subresource = rest.length > 2 ? rest.slice(2).join("/") : undefined;
  // A namespace request names the namespace itself.
  if (resource === "namespaces" && namespace !== undefined && rest[0] === "namespaces") namespace = undefined;

  switch (method) {
    case "GET":
    case "HEAD":
      if (isWatchPath || queryFlag(query, "watch")) verb = "watch";
      else verb = name !== undefined ? "get" : "list";
      break;
    case "POST":
      verb = "create";
      break;
    case "PUT":
      verb = "update";
      break;
    case "PATCH":
      verb = "patch";
      break;
    case "DELETE":
      verb = name !== undefined ? "delete" : "deletecollection";
      break;
    case "OPTIONS":
    case "CONNECT":
      verb = "connect";
      break;
    default:
      verb = method.toLowerCase() as Verb;
  }
  if (subresource && ["exec", "attach", "portforward", "proxy"].includes(subresource)) verb = "connect";
  return { isResourceRequest: true, verb, apiPrefix: prefix, group, version, namespace, resource, name, subresource, path };
}

