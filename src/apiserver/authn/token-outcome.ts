/**
 * What a token authenticator concluded, with the detail TokenReview reports:
 * the audiences a token is good for, or why it was refused. A plain
 * TokenAuthenticator (token.ts) only says who; the union below turns either
 * kind into an outcome.
 */
import type { TokenReviewOutcome, UserInfo } from "../../api/types.js";
import type { TokenAuthenticator } from "./token.js";

/**
 * authenticated (with the audiences the token is good for), rejected (of
 * this authenticator's kind but not valid; reason as upstream words it), or
 * none (not a token this authenticator knows).
 */
export type TokenOutcome = TokenReviewOutcome;

/** A TokenAuthenticator that also explains itself. */
export interface ReviewingTokenAuthenticator extends TokenAuthenticator {
  /** Judges the token for the audiences asked for (the server's API audiences by default). Never throws. */
  review(token: string, audiences?: string[]): Promise<TokenOutcome>;
}

export const NONE: TokenOutcome = Object.freeze({ status: "none" });

/** upstream's "invalid bearer token": a token nobody recognised. */
export const INVALID_BEARER_TOKEN = "invalid bearer token";

/** Audiences in both lists (upstream's Audiences.Intersect), in the first list's order. */
export function intersectAudiences(a: readonly string[], b: readonly string[]): string[] {
  const set = new Set(b);
  return [...new Set(a.filter((x) => set.has(x)))];
}

/** A plain TokenAuthenticator as a reviewing one: a user is an authentication, anything else is "none". */
export function asReviewing(a: TokenAuthenticator, apiAudiences: readonly string[]): ReviewingTokenAuthenticator {
  if ("review" in a && typeof (a as ReviewingTokenAuthenticator).review === "function") return a as ReviewingTokenAuthenticator;
  return audienceAgnostic(a, apiAudiences);
}

/**
 * upstream's WrapAudienceAgnosticToken: a token kind that knows nothing of
 * audiences (bootstrap tokens, the token file) is good for the API
 * audiences only, and answers "none" when asked for any other.
 */
function audienceAgnostic(a: TokenAuthenticator, apiAudiences: readonly string[]): ReviewingTokenAuthenticator {
  const review = async (token: string, audiences?: string[]): Promise<TokenOutcome> => {
    const wanted = audiences ?? [...apiAudiences];
    const auds = apiAudiences.length ? intersectAudiences(wanted, apiAudiences) : wanted;
    if (apiAudiences.length && !auds.length) return NONE;
    try {
      const user = await a.authenticateToken(token, wanted);
      return user ? { status: "authenticated", user, audiences: auds } : NONE;
    } catch (err) {
      return { status: "rejected", reason: (err as Error).message ?? String(err) };
    }
  };
  return { review, authenticateToken: async (t, auds) => authenticatedUser(await review(t, auds)) };
}

export function authenticatedUser(o: TokenOutcome): UserInfo | undefined {
  return o.status === "authenticated" ? o.user : undefined;
}

/**
 * Asks each authenticator in turn: the first authentication wins; when none
 * authenticates, the refusals are aggregated as Go aggregates errors, and a
 * token nobody knows is "none" (the bearer layer calls it invalid).
 */
export function unionTokenAuthenticators(list: readonly TokenAuthenticator[], apiAudiences: readonly string[]): ReviewingTokenAuthenticator {
  const reviewers = list.map((a) => asReviewing(a, apiAudiences));
  const review = async (token: string, audiences?: string[]): Promise<TokenOutcome> => {
    const reasons: string[] = [];
    for (const r of reviewers) {
      let o: TokenOutcome;
      try {
        o = await r.review(token, audiences);
      } catch (err) {
        o = { status: "rejected", reason: (err as Error).message ?? String(err) };
      }
      if (o.status === "authenticated") return o;
      if (o.status === "rejected") reasons.push(o.reason);
    }
    if (!reasons.length) return NONE;
    return { status: "rejected", reason: reasons.length === 1 ? reasons[0] : `[${reasons.join(", ")}]` };
  };
  return { review, authenticateToken: async (t, auds) => authenticatedUser(await review(t, auds)) };
}
