/**
 * spec.successPolicy of Indexed Jobs: the Job succeeds early once one rule
 * holds (its succeededIndexes all done, and/or succeededCount of them).
 */
import { parseIndexes } from "./indexes.js";

export interface SuccessPolicyRule {
  succeededIndexes?: string;
  succeededCount?: number;
}

export interface SuccessPolicy {
  rules: SuccessPolicyRule[];
}

/** The index of the first satisfied rule, or -1. */
export function matchSuccessPolicy(policy: SuccessPolicy | undefined, completions: number, done: ReadonlySet<number>): number {
  for (const [i, rule] of (policy?.rules ?? []).entries()) {
    if (rule.succeededIndexes !== undefined) {
      const wanted = parseIndexes(rule.succeededIndexes, completions);
      const doneInRule = [...wanted].filter((x) => done.has(x)).length;
      if (rule.succeededCount !== undefined ? doneInRule >= rule.succeededCount : doneInRule === wanted.size) return i;
    } else if (rule.succeededCount !== undefined && done.size >= rule.succeededCount) {
      return i;
    }
  }
  return -1;
}

/** The SuccessCriteriaMet message, as upstream. */
export function successPolicyMessage(ruleIndex: number): string {
  return `Matched rules at index ${ruleIndex}`;
}
