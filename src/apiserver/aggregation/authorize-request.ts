/**
 * Authorization of a request before it is proxied (upstream authorizes in
 * the filter chain, before the aggregator sees it), and the 403 it gets,
 * worded as upstream's forbiddenMessage.
 */
import { ApiError, forbidden } from "../../api/errors.js";
import type { AuthorizationAttributes, AuthorizationDecision, UserInfo } from "../../api/types.js";
import type { ApiRequest } from "../http/types.js";
import { parseRequestInfo, type RequestInfo } from "../request-info.js";

export type Authorize = (attrs: AuthorizationAttributes) => Promise<AuthorizationDecision>;

export async function authorizeRequest(req: ApiRequest, authorize: Authorize): Promise<void> {
  if (!req.user) return;
  const info = parseRequestInfo(req.method, req.path, req.query);
  const attrs: AuthorizationAttributes = info.isResourceRequest
    ? { user: req.user, verb: info.verb, resource: { group: info.group, version: info.version, resource: info.resource, subresource: info.subresource, namespace: info.namespace, name: info.name } }
    : { user: req.user, verb: info.verb, path: info.path };
  const decision = await authorize(attrs);
  if (!decision.allowed) throw forbiddenRequest(info, req.user, decision.reason);
}

export function forbiddenRequest(info: RequestInfo, user: UserInfo, reason: string): ApiError {
  const why = reason ? `: ${reason}` : "";
  const who = `User ${JSON.stringify(user.username)}`;
  if (!info.isResourceRequest) return new ApiError(403, "Forbidden", `forbidden: ${who} cannot ${info.verb} path ${JSON.stringify(info.path)}${why}`);
  const resource = info.subresource ? `${info.resource}/${info.subresource}` : info.resource;
  const where = info.namespace ? `in the namespace ${JSON.stringify(info.namespace)}` : "at the cluster scope";
  return forbidden({ group: info.group, resource: info.resource }, info.name ?? "", `${who} cannot ${info.verb} resource ${JSON.stringify(resource)} in API group ${JSON.stringify(info.group)} ${where}${why}`);
}
