/**
 * What a request asks, as upstream's RequestInfo feeds the authorizer: the
 * verb from the method (get, list, watch, create, update, patch, delete,
 * deletecollection; connect subresources by their method too), the
 * namespace (a namespace's own name for namespaces), the name (also from a
 * list's or watch's metadata.name field selector), or the lower-cased
 * method and path of a non-resource request.
 */
import type { AuthorizationAttributes, UserInfo } from "../../api/types.js";
import type { ApiRequest } from "../http/types.js";
import { parseRequestInfo, type RequestInfo } from "../request-info.js";

export const ANONYMOUS: UserInfo = Object.freeze({ username: "system:anonymous", groups: Object.freeze(["system:unauthenticated"]) as string[] });

/** Pods' streaming subresources that a WebSocket (GET) upgrade must also be allowed to create, as upstream. */
const websocketCreateSubresources = new Set(["exec", "attach", "portforward"]);

export function requestAttributes(req: ApiRequest, info: RequestInfo = parseRequestInfo(req.method, req.path, req.query)): AuthorizationAttributes[] {
  const user = req.user ?? ANONYMOUS;
  if (!info.isResourceRequest) return [{ user, verb: req.method.toLowerCase(), path: info.path }];
  let verb: string = info.verb;
  if (verb === "connect") verb = methodVerb(req.method);
  let name = info.name;
  if (name === undefined && (verb === "list" || verb === "watch")) name = nameFromFieldSelector(req.query.get("fieldSelector"));
  if (name !== undefined && verb === "list") verb = "get";
  let namespace = info.namespace;
  if (info.resource === "namespaces" && info.group === "" && info.name !== undefined) namespace = info.name;
  // Only the segment after the name is the subresource (nodes/n/proxy/stats/summary: "proxy").
  const subresource = info.subresource?.split("/")[0];
  const resource = { group: info.group, version: info.version, resource: info.resource, subresource, namespace, name };
  const attrs: AuthorizationAttributes[] = [{ user, verb, resource }];
  const upgrade = req.headers.upgrade?.toLowerCase() === "websocket";
  if (upgrade && verb === "get" && info.resource === "pods" && info.group === "" && websocketCreateSubresources.has(subresource ?? "")) {
    attrs.push({ user, verb: "create", resource });
  }
  return attrs;
}

function methodVerb(method: string): string {
  switch (method) {
    case "POST":
      return "create";
    case "GET":
    case "HEAD":
      return "get";
    case "PUT":
      return "update";
    case "PATCH":
      return "patch";
    case "DELETE":
      return "delete";
    default:
      return "";
  }
}

/** metadata.name=x (or ==x) as an exact requirement of a field selector. */
function nameFromFieldSelector(selector: string | null): string | undefined {
  if (!selector) return undefined;
  for (const term of selector.split(",")) {
    const m = /^\s*metadata\.name\s*==?\s*(.*?)\s*$/.exec(term);
    if (m) return m[1];
  }
  return undefined;
}
