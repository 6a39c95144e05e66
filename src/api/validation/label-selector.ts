/**
 * metav1.LabelSelector: validation (upstream's ValidateLabelSelector),
 * matching (LabelSelectorAsSelector(...).Matches) and the text form printers
 * and the scale subresource show ("app=web,tier in (a,b)").
 */
import type { LabelSelector, LabelSelectorRequirement } from "kubernetes-types/meta/v1.js";
import { FieldPath, fieldErrors, type FieldError } from "./field.js";
import { validateLabelName, validateLabels } from "./labels.js";
import { isValidLabelValue } from "./names.js";

export type { LabelSelector };

const operators = ["In", "NotIn", "Exists", "DoesNotExist"];

/** Upstream's ValidateLabelSelector: matchLabels first, then each expression. */
export function validateLabelSelector(sel: LabelSelector | undefined | null, at: FieldPath | string): FieldError[] {
  if (!sel) return [];
  const path = typeof at === "string" ? FieldPath.root(at) : at;
  const errs = validateLabels(sel.matchLabels, path.child("matchLabels"));
  (sel.matchExpressions ?? []).forEach((req, i) => errs.push(...validateRequirement(req, path.child("matchExpressions").index(i))));
  return errs;
}

function validateRequirement(req: LabelSelectorRequirement, path: FieldPath): FieldError[] {
  const errs: FieldError[] = [];
  const values = req.values ?? [];
  switch (req.operator) {
    case "In":
    case "NotIn":
      if (values.length === 0) errs.push(fieldErrors.required(path.child("values"), "must be specified when `operator` is 'In' or 'NotIn'"));
      break;
    case "Exists":
    case "DoesNotExist":
      if (values.length > 0) errs.push(fieldErrors.forbidden(path.child("values"), "may not be specified when `operator` is 'Exists' or 'DoesNotExist'"));
      break;
    default:
      errs.push(fieldErrors.invalid(path.child("operator"), req.operator, "not a valid selector operator"));
  }
  errs.push(...validateLabelName(req.key, path.child("key")));
  values.forEach((v, i) => {
    for (const m of isValidLabelValue(v)) errs.push(fieldErrors.invalid(path.child("values").index(i), v, m));
  });
  return errs;
}

/** Whether the selector converts cleanly (LabelSelectorAsSelector returns no error). */
export function isValidSelector(sel: LabelSelector | undefined | null): boolean {
  if (!sel) return true;
  return (sel.matchExpressions ?? []).every((r) => operators.includes(r.operator));
}

/** True when the selector selects nothing in particular: no labels, no expressions. */
export function isEmptySelector(sel: LabelSelector | undefined | null): boolean {
  return !!sel && Object.keys(sel.matchLabels ?? {}).length + (sel.matchExpressions ?? []).length === 0;
}

/**
 * Whether labels satisfy the selector. A missing selector matches nothing,
 * an empty one everything (upstream's LabelSelectorAsSelector).
 */
export function selectorMatches(sel: LabelSelector | undefined | null, labels: Record<string, string> | undefined | null): boolean {
  if (!sel) return false;
  const l = labels ?? {};
  for (const [k, v] of Object.entries(sel.matchLabels ?? {})) if (l[k] !== v) return false;
  for (const r of sel.matchExpressions ?? []) {
    const has = Object.prototype.hasOwnProperty.call(l, r.key);
    const values = r.values ?? [];
    switch (r.operator) {
      case "In":
        if (!has || !values.includes(l[r.key])) return false;
        break;
      case "NotIn":
        if (has && values.includes(l[r.key])) return false;
        break;
      case "Exists":
        if (!has) return false;
        break;
      case "DoesNotExist":
        if (has) return false;
        break;
      default:
        return false;
    }
  }
  return true;
}

/** The selector as labels.Selector.String(): requirements sorted by key; "" when empty or missing. */
export function selectorString(sel: LabelSelector | undefined | null): string {
  if (!sel) return "";
  const reqs: { key: string; text: string }[] = [];
  for (const [k, v] of Object.entries(sel.matchLabels ?? {})) reqs.push({ key: k, text: `${k}=${v}` });
  for (const r of sel.matchExpressions ?? []) {
    const values = [...new Set(r.values ?? [])].sort().join(",");
    const text =
      r.operator === "In" ? `${r.key} in (${values})` : r.operator === "NotIn" ? `${r.key} notin (${values})` : r.operator === "Exists" ? r.key : r.operator === "DoesNotExist" ? `!${r.key}` : r.key;
    reqs.push({ key: r.key, text });
  }
  reqs.sort((a, b) => (a.key < b.key ? -1 : a.key > b.key ? 1 : 0));
  return reqs.map((r) => r.text).join(",");
}

/** metav1.FormatLabelSelector: the string form, "<none>" when it selects by nothing. */
export function formatLabelSelector(sel: LabelSelector | undefined | null): string {
  if (!isValidSelector(sel)) return "<error>";
  return selectorString(sel) || "<none>";
}
