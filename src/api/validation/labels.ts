/**
 * Field-level wrappers over the name and label formats, worded as upstream's
 * ValidateLabelName / ValidateLabels / ValidateDNS1123Label and the numeric
 * range checks many specs share.
 */
import { fieldErrors, type FieldError, type FieldPath } from "./field.js";
import { isDNS1123Label, isDNS1123Subdomain, isQualifiedName, isValidLabelValue } from "./names.js";

export const NEGATIVE_ERROR = "must be greater than or equal to 0";

export function inclusiveRangeError(lo: number, hi: number): string {
  return `must be between ${lo} and ${hi}, inclusive`;
}

export function validateLabelName(key: string, path: FieldPath): FieldError[] {
  return isQualifiedName(key).map((m) => fieldErrors.invalid(path, key, m));
}

/** Keys as qualified names, values as label values, all reported at the map's own path. */
export function validateLabels(labels: Record<string, string> | undefined | null, path: FieldPath): FieldError[] {
  const errs: FieldError[] = [];
  for (const [k, v] of Object.entries(labels ?? {})) {
    errs.push(...validateLabelName(k, path));
    for (const m of isValidLabelValue(String(v))) errs.push(fieldErrors.invalid(path, v, m));
  }
  return errs;
}

export function validateDNS1123Label(value: string, path: FieldPath): FieldError[] {
  return isDNS1123Label(value).map((m) => fieldErrors.invalid(path, value, m));
}

export function validateDNS1123Subdomain(value: string, path: FieldPath): FieldError[] {
  return isDNS1123Subdomain(value).map((m) => fieldErrors.invalid(path, value, m));
}

/** ValidateNonnegativeField; an absent value passes. */
export function validateNonnegative(value: number | undefined | null, path: FieldPath): FieldError[] {
  return typeof value === "number" && value < 0 ? [fieldErrors.invalid(path, value, NEGATIVE_ERROR)] : [];
}

/** Deep equality of JSON values, ignoring key order (upstream's semantic DeepEqual on decoded objects). */
export function jsonEqual(a: unknown, b: unknown): boolean {
  if (a === b) return true;
  if (a === null || b === null || typeof a !== "object" || typeof b !== "object") return false;
  if (Array.isArray(a) !== Array.isArray(b)) return false;
  if (Array.isArray(a) && Array.isArray(b)) return a.length === b.length && a.every((v, i) => jsonEqual(v, b[i]));
  // Absent and empty lists are the same value once decoded (Go's nil and empty slices compare equal here).
  const present = (o: Record<string, unknown>) => Object.keys(o).filter((k) => o[k] !== undefined && !(Array.isArray(o[k]) && (o[k] as unknown[]).length === 0));
  const ak = present(a as Record<string, unknown>);
  const bk = present(b as Record<string, unknown>);
  if (ak.length !== bk.length) return false;
  return ak.every((k) => bk.includes(k) && jsonEqual((a as Record<string, unknown>)[k], (b as Record<string, unknown>)[k]));
}

/** ValidateImmutableField: "field is immutable" with the new value. */
export function validateImmutable(next: unknown, old: unknown, path: FieldPath): FieldError[] {
  return jsonEqual(next, old) ? [] : [fieldErrors.invalid(path, next, "field is immutable")];
}
