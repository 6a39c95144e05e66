/**
 * Delegated authorization (k8s.io/apiserver's DelegatingAuthorizationOptions):
 * each request is asked of the API server as a SubjectAccessReview, allowed
 * answers cached 10 s and denied ones 10 s as upstream's defaults; the
 * health paths are always allowed.
 */
import type { UserInfo } from "../api/types.js";
import type { Client, GVR } from "../client/types.js";
import type { Clock } from "../util/clock.js";

const SUBJECT_ACCESS_REVIEWS: GVR = { group: "authorization.k8s.io", version: "v1", resource: "subjectaccessreviews" };
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
  const cache = new Map<string, { allowed: boolean; reason: string; until: number }>();
  return async (user: UserInfo, a: RequestAttributes): Promise<{ allowed: boolean; reason: string }> => {
    if (a.path && ALWAYS_ALLOW_PATHS.has(a.path)) return { allowed: true, reason: "" };
    const key = JSON.stringify([user, a]);
    const now = clock.now();
    const hit = cache.get(key);
    if (hit && hit.until > now) return hit;
    const review = (await client.create(SUBJECT_ACCESS_REVIEWS, undefined, {
      apiVersion: "authorization.k8s.io/v1",
      kind: "SubjectAccessReview",
      metadata: {},
      spec: {
        user: user.username,
        uid: user.uid,
        groups: user.groups,
        extra: user.extra,
        ...(a.resource ? { resourceAttributes: { verb: a.verb, ...a.resource } } : { nonResourceAttributes: { verb: a.verb, path: a.path } }),
      },
    })) as { status?: { allowed?: boolean; reason?: string } };
    const result = { allowed: review.status?.allowed === true, reason: review.status?.reason ?? "" };
    if (cache.size > 1024) cache.clear();
    cache.set(key, { ...result, until: now + CACHE_TTL_MS });
    return result;
  };
}
