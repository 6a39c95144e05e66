/**
 * Delegated authorization (k8s.io/apiserver's DelegatingAuthorizationOptions):
 * each request is asked of the API server as a SubjectAccessReview, allowed
 * answers cached 10 s and denied ones 10 s as upstream's defaults; the
 * health paths are always allowed.
 */
import type { UserInfo } from "../api/types.js";
import { createCachedAccessReviewer } from "../client/access-review.js";
import type { Client } from "../client/types.js";
import type { Clock } from "../util/clock.js";

const CACHE_TTL_MS = 10_000;
export const ALWAYS_ALLOW_PATHS = new Set(["/healthz", "/readyz", "/livez"]);

export interface RequestAttributes {
  verb: string;
  /** Resource requests. */
  resource?: { group: string; version: string; resource: string; namespace?: string; name?: string };
  /** Non-resource requests. */
  path?: string;
}

export function createDelegatingAuthorizer(client: Client, clock: Clock) {
  const review = createCachedAccessReviewer(client, clock, { allowedMs: CACHE_TTL_MS, deniedMs: CACHE_TTL_MS });
  return async (user: UserInfo, a: RequestAttributes): Promise<{ allowed: boolean; reason: string }> => {
    if (a.path && ALWAYS_ALLOW_PATHS.has(a.path)) return { allowed: true, reason: "" };
    return review(user, a.resource ? { resourceAttributes: { verb: a.verb, ...a.resource } } : { nonResourceAttributes: { verb: a.verb, path: a.path ?? "" } });
  };
}
