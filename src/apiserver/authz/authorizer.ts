/**
 * Authorization. Skiff's current mode is upstream's AlwaysAllow for
 * authenticated users (RBAC objects are stored but not yet enforced);
 * anonymous users are allowed only the public endpoints.
 */
import type { AuthorizationAttributes, AuthorizationDecision, SubjectRules, UserInfo } from "../../api/types.js";

export interface Authorizer {
  authorize(attrs: AuthorizationAttributes): Promise<AuthorizationDecision>;
  rulesFor(user: UserInfo, namespace: string): Promise<SubjectRules>;
}

const publicPaths = new Set(["/healthz", "/livez", "/readyz", "/version"]);

export function createAuthenticatedAllowAuthorizer(): Authorizer {
  return {
    async authorize(a) {
      if (a.user.groups.includes("system:authenticated")) return { allowed: true, reason: "" };
      if (a.path && publicPaths.has(a.path.replace(/\/+$/, ""))) return { allowed: true, reason: "" };
      return { allowed: false, reason: "" };
    },
    async rulesFor(user) {
      // As upstream's AlwaysAllow authorizer lists its rules: everything.
      if (!user.groups.includes("system:authenticated")) return { resourceRules: [], nonResourceRules: [], incomplete: false };
      return { resourceRules: [{ verbs: ["*"], apiGroups: ["*"], resources: ["*"] }], nonResourceRules: [{ verbs: ["*"], nonResourceURLs: ["*"] }], incomplete: false };
    },
  };
}
