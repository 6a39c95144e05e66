/**
 * The authorizer contract: a decision (allow, deny, or no opinion: neither
 * allowed nor denied) for request attributes, and the rules a user holds
 * in a namespace, as far as the authorizer can list them.
 */
import type { AuthorizationAttributes, AuthorizationDecision, SubjectRules, UserInfo } from "../../api/types.js";

export interface Authorizer {
  authorize(attrs: AuthorizationAttributes): Promise<AuthorizationDecision>;
  rulesFor(user: UserInfo, namespace: string): Promise<SubjectRules>;
}

export const NO_OPINION: AuthorizationDecision = Object.freeze({ allowed: false, reason: "" });
const ALLOW: AuthorizationDecision = Object.freeze({ allowed: true, reason: "" });

const everything = (): SubjectRules => ({
  resourceRules: [{ verbs: ["*"], apiGroups: ["*"], resources: ["*"] }],
  nonResourceRules: [{ verbs: ["*"], nonResourceURLs: ["*"] }],
  incomplete: false,
});

/** Upstream's AlwaysAllow mode: everyone, anonymous included, may do anything. */
export function createAlwaysAllowAuthorizer(): Authorizer {
  return { authorize: async () => ALLOW, rulesFor: async () => everything() };
}

/**
 * Upstream's privileged-group authorizer, first in the chain: members of
 * system:masters may do anything whatever RBAC holds. It lists no rules
 * (RBAC lists cluster-admin's through its binding).
 */
export function createPrivilegedGroupAuthorizer(group = "system:masters"): Authorizer {
  return {
    authorize: async (a) => (a.user.groups.includes(group) ? ALLOW : NO_OPINION),
    rulesFor: async () => ({ resourceRules: [], nonResourceRules: [], incomplete: false }),
  };
}
