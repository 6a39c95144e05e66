/**
 * Upstream's RBACAuthorizer over the in-memory index: allowed when a rule
 * the user holds (through a ClusterRoleBinding, or a RoleBinding in the
 * request's namespace) matches; otherwise no opinion, with the resolution
 * errors met as the reason. It never denies.
 */
import type { SubjectRules } from "../../api/types.js";
import { NO_OPINION, type Authorizer } from "./authorizer.js";
import type { RbacIndex } from "./rbac-index.js";
import { ruleAllows } from "./rule-match.js";
import { aggregate } from "./union.js";

export function createRbacAuthorizer(index: RbacIndex, ready: Promise<void>): Authorizer {
  let synced = false;
  void ready.then(() => (synced = true), () => undefined);
  return {
    async authorize(attrs) {
      if (!synced) await ready;
      const { rules, errors } = index.rulesFor(attrs.user, attrs.resource?.namespace ?? "");
      for (const g of rules) if (ruleAllows(attrs, g.rule)) return { allowed: true, reason: `RBAC: allowed by ${g.source}` };
      return errors.length ? { allowed: false, reason: `RBAC: ${aggregate(errors)}` } : NO_OPINION;
    },
    async rulesFor(user, namespace) {
      if (!synced) await ready;
      const { rules, errors } = index.rulesFor(user, namespace);
      const out: SubjectRules = { resourceRules: [], nonResourceRules: [], incomplete: false };
      for (const { rule } of rules) {
        if (rule.resources?.length) {
          const r: SubjectRules["resourceRules"][number] = { verbs: [...rule.verbs], apiGroups: [...(rule.apiGroups ?? [])], resources: [...rule.resources] };
          if (rule.resourceNames?.length) r.resourceNames = [...rule.resourceNames];
          out.resourceRules.push(r);
        }
        if (rule.nonResourceURLs?.length) out.nonResourceRules.push({ verbs: [...rule.verbs], nonResourceURLs: [...rule.nonResourceURLs] });
      }
      if (errors.length) out.evaluationError = aggregate(errors);
      return out;
    },
  };
}
