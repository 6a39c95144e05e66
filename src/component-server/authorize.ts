/**
 * Delegated authorization of a component's secure port (upstream's
 * DelegatingAuthorizer): a SubjectAccessReview for the non-resource path,
 * asked of the API server, remembered 10 seconds as upstream does.
 */
import type { UserInfo } from "../api/types.js";
import { createCachedAccessReviewer } from "../client/access-review.js";
import type { Client } from "../client/types.js";
import type { Clock } from "../util/clock.js";

const CACHE_TTL_MS = 10_000;

export function createDelegatingAuthorizer(client: Client, clock: Clock): (user: UserInfo, verb: string, path: string) => Promise<boolean> {
  const review = createCachedAccessReviewer(client, clock, { allowedMs: CACHE_TTL_MS, deniedMs: CACHE_TTL_MS });
  return async (user, verb, path) => (await review(user, { nonResourceAttributes: { path, verb } })).allowed;
}
