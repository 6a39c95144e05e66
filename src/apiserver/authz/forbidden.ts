/**
 * The 403 of a refused request, worded as upstream's forbiddenMessage and
 * NewForbidden: `pods "p" is forbidden: User "x" cannot delete resource
 * "pods" in API group "" in the namespace "y"`, or for a non-resource path
 * `forbidden: User "x" cannot get path "/apis"`, the reason appended.
 */
import { ApiError, forbidden } from "../../api/errors.js";
import type { AuthorizationAttributes } from "../../api/types.js";

export function forbiddenMessage(a: AuthorizationAttributes): string {
  const who = `User ${JSON.stringify(a.user.username)}`;
  const r = a.resource;
  if (!r) return `${who} cannot ${a.verb} path ${JSON.stringify(a.path ?? "")}`;
  const resource = r.subresource ? `${r.resource}/${r.subresource}` : r.resource;
  const where = r.namespace ? `in the namespace ${JSON.stringify(r.namespace)}` : "at the cluster scope";
  return `${who} cannot ${a.verb} resource ${JSON.stringify(resource)} in API group ${JSON.stringify(r.group)} ${where}`;
}

export function forbiddenError(a: AuthorizationAttributes, reason: string): ApiError {
  const why = reason ? `${forbiddenMessage(a)}: ${reason}` : forbiddenMessage(a);
  const r = a.resource;
  // No group and resource: upstream's Status carries empty details.
  if (!r || (!r.resource && !r.group)) return new ApiError(403, "Forbidden", `forbidden: ${why}`, { name: undefined });
  return forbidden({ group: r.group, resource: r.resource }, r.name ?? "", why);
}
