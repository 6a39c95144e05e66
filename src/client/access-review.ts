/**
 * Delegated authorization as upstream's webhook authorizer does it for the
 * kubelet, metrics-server and the components' secure ports: each question
 * is a SubjectAccessReview asked of the API server, and the answer is
 * remembered for a while (allowed and denied answers each for their own
 * time) so a busy endpoint does not ask on every request.
 */
import type { UserInfo } from "../api/types.js";
import type { Clock } from "../util/clock.js";
import type { Client, GVR } from "./types.js";

export const SUBJECT_ACCESS_REVIEWS: GVR = Object.freeze({ group: "authorization.k8s.io", version: "v1", resource: "subjectaccessreviews" });

/** What is asked: a resource request's attributes, or a non-resource path and verb. */
export type AccessAttributes =
  | { resourceAttributes: { verb: string; group?: string; version?: string; resource: string; subresource?: string; namespace?: string; name?: string } }
  | { nonResourceAttributes: { verb: string; path: string } };

export interface AccessDecision {
  allowed: boolean;
  reason: string;
}

export interface AccessReviewCacheTimes {
  allowedMs: number;
  deniedMs: number;
}

/** Remembers at most this many answers; past it the cache starts again empty. */
const MAX_CACHED = 1024;

export function createCachedAccessReviewer(client: Client, clock: Clock, ttl: AccessReviewCacheTimes): (user: UserInfo, attrs: AccessAttributes) => Promise<AccessDecision> {
  const cache = new Map<string, AccessDecision & { until: number }>();
  return async (user, attrs) => {
    const key = JSON.stringify([user.username, user.uid, user.groups, user.extra, attrs]);
    const now = clock.now();
    const hit = cache.get(key);
    if (hit && hit.until > now) return { allowed: hit.allowed, reason: hit.reason };
    const review = (await client.create(SUBJECT_ACCESS_REVIEWS, undefined, {
      apiVersion: "authorization.k8s.io/v1",
      kind: "SubjectAccessReview",
      metadata: {},
      spec: { user: user.username, uid: user.uid, groups: user.groups, extra: user.extra, ...attrs },
    })) as { status?: { allowed?: boolean; reason?: string } };
    const decision = { allowed: review.status?.allowed === true, reason: review.status?.reason ?? "" };
    if (cache.size >= MAX_CACHED) cache.clear();
    cache.set(key, { ...decision, until: now + (decision.allowed ? ttl.allowedMs : ttl.deniedMs) });
    return decision;
  };
}
