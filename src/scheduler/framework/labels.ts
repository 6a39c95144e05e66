/**
 * Label selectors compiled once into predicates, so that matching a pod
 * against thousands of others does no parsing or allocation.
 */
import type { LabelSelector } from "./types.js";

export type Labels = Readonly<Record<string, string>> | undefined;
export type LabelMatcher = (labels: Labels) => boolean;

export const matchNothing: LabelMatcher = () => false;
export const matchEverything: LabelMatcher = () => true;

/** As upstream's LabelSelectorAsSelector: a missing selector matches nothing, an empty one everything. */
export function compileSelector(sel: LabelSelector | undefined | null): LabelMatcher {
  if (!sel) return matchNothing;
  const checks: LabelMatcher[] = [];
  for (const [k, v] of Object.entries(sel.matchLabels ?? {})) checks.push((l) => l !== undefined && l[k] === v);
  for (const r of sel.matchExpressions ?? []) {
    const key = r.key;
    const values = new Set(r.values ?? []);
    switch (r.operator) {
      case "In":
        checks.push((l) => l !== undefined && Object.hasOwn(l, key) && values.has(l[key]));
        break;
      case "NotIn":
        checks.push((l) => l === undefined || !Object.hasOwn(l, key) || !values.has(l[key]));
        break;
      case "Exists":
        checks.push((l) => l !== undefined && Object.hasOwn(l, key));
        break;
      case "DoesNotExist":
        checks.push((l) => l === undefined || !Object.hasOwn(l, key));
        break;
      default:
        return matchNothing;
    }
  }
  if (checks.length === 0) return matchEverything;
  if (checks.length === 1) return checks[0];
  return (l) => {
    for (const c of checks) if (!c(l)) return false;
    return true;
  };
}

/** A selector from a plain map (nodeSelector, service selector): every pair must match. */
export function compileMapSelector(map: Readonly<Record<string, string>> | undefined): LabelMatcher {
  const entries = Object.entries(map ?? {});
  if (entries.length === 0) return matchEverything;
  return (l) => {
    if (!l) return false;
    for (const [k, v] of entries) if (l[k] !== v) return false;
    return true;
  };
}

/**
 * A stable text for a label selector: the same selector always gives the
 * same key, whatever the order of its matchLabels.
 */
export function selectorKey(sel: { matchLabels?: Readonly<Record<string, string>>; matchExpressions?: readonly { key: string; operator: string; values?: readonly string[] }[] } | undefined | null): string {
  if (!sel) return "nil";
  const labels = Object.entries(sel.matchLabels ?? {}).sort((a, b) => (a[0] < b[0] ? -1 : a[0] > b[0] ? 1 : 0));
  const exprs = (sel.matchExpressions ?? []).map((r) => [r.key, r.operator, r.values ?? []]);
  return JSON.stringify([labels, exprs]);
}
