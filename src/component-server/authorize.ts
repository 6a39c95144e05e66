/**
 * Delegated authorization of a component's secure port (upstream's
 * DelegatingAuthorizer): a SubjectAccessReview for the non-resource path,
 * asked of the API server, remembered 10 seconds as upstream does.
 */
import type { UserInfo } from "../api/types.js";
import type { Client } from "../client/types.js";
import { SUBJECT_ACCESS_REVIEWS } from "../kubelet/server/auth.js";
import type { Clock } from "../util/clock.js";

const CACHE_TTL_MS = 10_000;

export function createDelegatingAuthorizer(client: Client, clock: Clock): (user: UserInfo, verb: string, path: string) => Promise<boolean> {
  const cache = new Map<string, { allowed: boolean; until: number }>();
  return async (user, verb, path) => {
    const key = JSON.stringify([user.username, user.uid, user.groups, verb, path]);
    const now = clock.now();
    const hit = cache.get(key);
    if (hit && hit.until > now) return hit.allowed;
    const review = await client.create(SUBJECT_ACCESS_REVIEWS, undefined, {
      apiVersion: "authorization.k8s.io/v1",
      kind: "SubjectAccessReview",
      metadata: {},
      spec: { user: user.username, uid: user.uid, groups: user.groups, extra: user.extra, nonResourceAttributes: { path, verb } },
    });
    const allowed = (review as { status?: { allowed?: boolean } }).status?.allowed === true;
    if (cache.size > 1024) cache.clear();
    cache.set(key, { allowed, until: now + CACHE_TTL_MS });
    return allowed;
  };
}
