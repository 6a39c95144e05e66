/**
 * TokenReview (authentication.k8s.io/v1): asks the API server whether a
 * bearer token is valid and whom it names, for webhook token
 * authenticators and kubelets. Computed, never stored. Only the token
 * authenticators take part (never client certificates); spec.audiences
 * defaults to the server's API audiences.
 */
import { badRequest } from "../errors.js";
import type { KubeObject, ResourceDefinition, UserInfo } from "../types.js";

/** Every user the server authenticates is in system:authenticated (upstream's group adder). */
const GROUP_AUTHENTICATED = "system:authenticated";
const INVALID_BEARER_TOKEN = "invalid bearer token";

type TokenReview = KubeObject & { spec?: { token?: string; audiences?: string[] }; status?: unknown };

export const tokenreviews: ResourceDefinition<TokenReview> = {
  group: "authentication.k8s.io",
  version: "v1",
  kind: "TokenReview",
  plural: "tokenreviews",
  singular: "tokenreview",
  namespaced: false,
  verbs: ["create"],
  tracksGeneration: false,
  schema: "io.k8s.api.authentication.v1.TokenReview",
  virtual: {
    async create(o, ctx) {
      const token = o.spec?.token;
      if (typeof token !== "string" || !token) throw badRequest("token is required for TokenReview in authentication");
      if (!ctx.services.reviewToken) return o;
      const audiences = o.spec?.audiences?.length ? o.spec.audiences : undefined;
      const outcome = await ctx.services.reviewToken(token, audiences);
      if (outcome.status !== "authenticated") {
        return { ...o, status: { user: {}, error: outcome.status === "rejected" ? outcome.reason : INVALID_BEARER_TOKEN } };
      }
      return { ...o, status: { authenticated: true, user: userInfo(outcome.user), audiences: outcome.audiences } };
    },
  },
};

/** The user as TokenReview's status.user shows it: groups with system:authenticated, empty fields left out. */
function userInfo(u: UserInfo): Record<string, unknown> {
  const groups = u.groups.includes(GROUP_AUTHENTICATED) || u.groups.includes("system:unauthenticated") ? u.groups : [...u.groups, GROUP_AUTHENTICATED];
  const out: Record<string, unknown> = { username: u.username };
  if (u.uid) out.uid = u.uid;
  out.groups = groups;
  if (u.extra && Object.keys(u.extra).length) out.extra = u.extra;
  return out;
}
