/**
 * A short-lived cache of successful token authentications (upstream's
 * cached token authenticator, --authentication-token-cache-ttl 10s for
 * successes, failures not cached): verifying a JWT and looking up its
 * objects once per token every ten seconds instead of on every request.
 * A deleted ServiceAccount or Secret stops a token working within the TTL.
 */
import { createHash } from "node:crypto";
import type { UserInfo } from "../../api/types.js";
import type { Clock } from "../../util/clock.js";
import { authenticatedUser, type ReviewingTokenAuthenticator, type TokenOutcome } from "./token-outcome.js";

export const TOKEN_SUCCESS_CACHE_TTL_MS = 10_000;
const MAX_ENTRIES = 4096;

export function cachedTokenAuthenticator(inner: ReviewingTokenAuthenticator, clock: Clock, ttlMs = TOKEN_SUCCESS_CACHE_TTL_MS): ReviewingTokenAuthenticator {
  const entries = new Map<string, { until: number; outcome: TokenOutcome & { status: "authenticated" } }>();
  const review = async (token: string, audiences?: string[]): Promise<TokenOutcome> => {
    // Keyed by a hash: the cache never holds the tokens themselves.
    const key = `${createHash("sha256").update(token).digest("base64url")}|${audiences ? audiences.join("\u0000") : "*"}`;
    const now = clock.now();
    const hit = entries.get(key);
    if (hit && hit.until > now) return { ...hit.outcome, user: copyUser(hit.outcome.user), audiences: [...hit.outcome.audiences] };
    if (hit) entries.delete(key);
    const outcome = await inner.review(token, audiences);
    if (outcome.status === "authenticated") {
      if (entries.size >= MAX_ENTRIES) entries.delete(entries.keys().next().value as string);
      entries.set(key, { until: now + ttlMs, outcome: { ...outcome, user: copyUser(outcome.user) } });
    }
    return outcome;
  };
  return { review, authenticateToken: async (t, auds) => authenticatedUser(await review(t, auds)) };
}

function copyUser(u: UserInfo): UserInfo {
  const out: UserInfo = { username: u.username, groups: [...u.groups] };
  if (u.uid !== undefined) out.uid = u.uid;
  if (u.extra) out.extra = Object.fromEntries(Object.entries(u.extra).map(([k, v]) => [k, [...v]]));
  return out;
}
