/**
 * Structural equality of decoded JSON and upstream's ValidateImmutableField,
 * which compares with apiequality.Semantic.DeepEqual.
 */
import { fieldErrors, type FieldError, type FieldPath } from "./field.js";

/**
 * Deep equality of JSON values, ignoring key order. Absent, null and empty
 * lists are the same value once decoded: Go's nil and empty slices compare
 * equal under Semantic.DeepEqual, and null decodes to nil.
 */
export function jsonEqual(a: unknown, b: unknown): boolean {
  if (a === b) return true;
  if (a === null || a === undefined || b === null || b === undefined) return (a ?? null) === (b ?? null);
  if (typeof a !== "object" || typeof b !== "object") return false;
  if (Array.isArray(a) !== Array.isArray(b)) return false;
  if (Array.isArray(a) && Array.isArray(b)) return a.length === b.length && a.every((v, i) => jsonEqual(v, b[i]));
  const present = (o: Record<string, unknown>) => Object.keys(o).filter((k) => o[k] !== undefined && o[k] !== null && !(Array.isArray(o[k]) && (o[k] as unknown[]).length === 0));
  const ao = a as Record<string, unknown>;
  const bo = b as Record<string, unknown>;
  const ak = present(ao);
  const bk = present(bo);
  if (ak.length !== bk.length) return false;
  return ak.every((k) => bk.includes(k) && jsonEqual(ao[k], bo[k]));
}

/** ValidateImmutableField: "field is immutable" with the new value. */
export function validateImmutable(next: unknown, old: unknown, path: FieldPath | string): FieldError[] {
  return jsonEqual(next, old) ? [] : [fieldErrors.invalid(path, next ?? null, "field is immutable")];
}
