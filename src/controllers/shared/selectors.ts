/**
 * Label selector matching for controllers, over the scheme's selector
 * helpers so controllers and the API server agree on every operator.
 */
import type { LabelSelector } from "kubernetes-types/meta/v1.js";
import { isEmptySelector, selectorMatches, selectorString } from "../../api/validation/label-selector.js";

export type { LabelSelector };
export { selectorMatches, selectorString };

/** Whether a selector selects by nothing (an empty selector matches every object, which controllers refuse). */
export function selectsEverything(sel: LabelSelector | undefined | null): boolean {
  return !!sel && isEmptySelector(sel);
}

/** Whether every label of `subset` is in `labels` with the same value. */
export function labelsContain(labels: Record<string, string> | undefined, subset: Record<string, string> | undefined): boolean {
  for (const [k, v] of Object.entries(subset ?? {})) if (labels?.[k] !== v) return false;
  return true;
}
