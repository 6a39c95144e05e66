/**
 * The authorization step of every request, after authentication: the
 * request's attributes are authorized, and anything not allowed is refused
 * with upstream's 403 (anonymous requests included: RBAC lets them read
 * health and version through system:public-info-viewer).
 */
import type { AuthorizationAttributes, AuthorizationDecision } from "../../api/types.js";
import type { ApiRequest } from "../http/types.js";
import { forbiddenError } from "./forbidden.js";
import { requestAttributes } from "./request-attributes.js";

export type Authorize = (attrs: AuthorizationAttributes) => Promise<AuthorizationDecision>;

export async function enforceAuthorization(req: ApiRequest, authorize: Authorize): Promise<void> {
  for (const attrs of requestAttributes(req)) {
    const d = await authorize(attrs);
    if (!d.allowed) throw forbiddenError(attrs, d.reason);
  }
}
