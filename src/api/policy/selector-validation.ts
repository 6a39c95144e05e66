/**
 * Label selector and int-or-percent rules shared by the policy, networking
 * and autoscaling resources, with upstream's messages
 * (apimachinery metav1 validation, apps validation).
 */
import type { LabelSelector } from "kubernetes-types/meta/v1.js";
import { fieldErrors, type FieldError } from "../validation/field.js";
import { isQualifiedName, isValidLabelValue, regexError } from "../validation/names.js";

const OPERATORS = ["In", "NotIn", "Exists", "DoesNotExist"];

/** Upstream's ValidateLabelSelector. */
export function validateLabelSelector(sel: LabelSelector | undefined | null, path: string): FieldError[] {
  const errs: FieldError[] = [];
  if (!sel) return errs;
  (sel.matchExpressions ?? []).forEach((req, i) => {
    const p = `${path}.matchExpressions[${i}]`;
    const values = req.values ?? [];
    if (req.operator === "In" || req.operator === "NotIn") {
      if (values.length === 0) errs.push(fieldErrors.required(`${p}.values`, "must be specified when `operator` is 'In' or 'NotIn'"));
    } else if (req.operator === "Exists" || req.operator === "DoesNotExist") {
      if (values.length > 0) errs.push(fieldErrors.forbidden(`${p}.values`, "may not be specified when `operator` is 'Exists' or 'DoesNotExist'"));
    } else {
      errs.push(fieldErrors.invalid(`${p}.operator`, req.operator, "not a valid selector operator"));
    }
    for (const m of isQualifiedName(req.key ?? "")) errs.push(fieldErrors.invalid(`${p}.key`, req.key, m));
  });
  for (const [k, v] of Object.entries(sel.matchLabels ?? {})) {
    for (const m of isQualifiedName(k)) errs.push(fieldErrors.invalid(`${path}.matchLabels`, k, m));
    for (const m of isValidLabelValue(v)) errs.push(fieldErrors.invalid(`${path}.matchLabels`, v, m));
  }
  return errs;
}

/** Upstream's metav1.FormatLabelSelector: "app=web,tier in (a,b)" or "<none>". */
export function formatLabelSelector(sel: LabelSelector | undefined | null): string {
  if (!sel) return "<none>";
  const reqs: { key: string; text: string }[] = [];
  for (const [k, v] of Object.entries(sel.matchLabels ?? {})) reqs.push({ key: k, text: `${k}=${v}` });
  for (const e of sel.matchExpressions ?? []) {
    const vals = [...(e.values ?? [])].sort().join(",");
    if (!OPERATORS.includes(e.operator)) return "<error>";
    const text = e.operator === "In" ? `${e.key} in (${vals})` : e.operator === "NotIn" ? `${e.key} notin (${vals})` : e.operator === "Exists" ? e.key : `!${e.key}`;
    reqs.push({ key: e.key, text });
  }
  // labels.Selector sorts its requirements by key.
  reqs.sort((a, b) => (a.key < b.key ? -1 : a.key > b.key ? 1 : 0));
  const s = reqs.map((r) => r.text).join(",");
  return s || "<none>";
}

const percentFmt = "[0-9]+%";
const percentRe = /^[0-9]+%$/;

/** Upstream's ValidatePositiveIntOrPercent plus IsNotMoreThan100Percent when asked. */
export function validateIntOrPercent(v: number | string | undefined, path: string, opts: { max100: boolean }): FieldError[] {
  const errs: FieldError[] = [];
  if (v === undefined || v === null) return errs;
  if (typeof v === "string") {
    if (!percentRe.test(v)) {
      errs.push(fieldErrors.invalid(path, v, regexError("a valid percent string must be a numeric string followed by an ending '%'", percentFmt, "1%", "93%")));
      return errs;
    }
    const n = Number.parseInt(v, 10);
    if (n < 0) errs.push(fieldErrors.invalid(path, v, "must be greater than or equal to 0"));
    if (opts.max100 && n > 100) errs.push(fieldErrors.invalid(path, v, "must not be greater than 100%"));
  } else if (v < 0) {
    errs.push(fieldErrors.invalid(path, v, "must be greater than or equal to 0"));
  }
  return errs;
}

/** Upstream's ValidateImmutableField. */
export function immutable(newValue: unknown, oldValue: unknown, path: string): FieldError[] {
  return JSON.stringify(newValue ?? null) === JSON.stringify(oldValue ?? null) ? [] : [fieldErrors.invalid(path, newValue, "field is immutable")];
}

/** Upstream's ValidateNonnegativeField. */
export function nonNegative(v: number | undefined, path: string): FieldError[] {
  return v !== undefined && v < 0 ? [fieldErrors.invalid(path, v, "must be greater than or equal to 0")] : [];
}
