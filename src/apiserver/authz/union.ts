/**
 * Upstream's union authorizer: asks each in turn; the first Allow or Deny
 * wins, no opinion falls through, and a request nobody allows is refused
 * with the reasons gathered on the way. Rules are concatenated; the list is
 * incomplete when any member's is.
 */
import type { AuthorizationDecision, SubjectRules } from "../../api/types.js";
import type { Authorizer } from "./authorizer.js";

export function unionAuthorizer(members: Authorizer[]): Authorizer {
  return {
    async authorize(attrs) {
      const reasons: string[] = [];
      const errors: string[] = [];
      for (const m of members) {
        const d = await m.authorize(attrs);
        if (d.allowed || d.denied) return d;
        if (d.reason) reasons.push(d.reason);
        if (d.evaluationError) errors.push(d.evaluationError);
      }
      const out: AuthorizationDecision = { allowed: false, reason: reasons.join("\n") };
      if (errors.length) out.evaluationError = aggregate(errors);
      return out;
    },
    async rulesFor(user, namespace) {
      const out: SubjectRules = { resourceRules: [], nonResourceRules: [], incomplete: false };
      const errors: string[] = [];
      for (const m of members) {
        const r = await m.rulesFor(user, namespace);
        out.resourceRules.push(...r.resourceRules);
        out.nonResourceRules.push(...r.nonResourceRules);
        out.incomplete ||= r.incomplete;
        if (r.evaluationError) errors.push(r.evaluationError);
      }
      if (errors.length) out.evaluationError = aggregate(errors);
      return out;
    },
  };
}

/** Upstream's utilerrors.NewAggregate message: one error as is, several in brackets. */
export function aggregate(errors: string[]): string {
  return errors.length === 1 ? errors[0]! : `[${errors.join(", ")}]`;
}
