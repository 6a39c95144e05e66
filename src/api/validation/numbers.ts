/** Numeric range checks many specs share, worded as upstream's validation. */
import { fieldErrors, type FieldError, type FieldPath } from "./field.js";

export const NEGATIVE_ERROR = "must be greater than or equal to 0";

export function inclusiveRangeError(lo: number, hi: number): string {
  return `must be between ${lo} and ${hi}, inclusive`;
}

/** ValidateNonnegativeField; an absent value passes. */
export function validateNonnegative(value: number | undefined | null, path: FieldPath | string): FieldError[] {
  return typeof value === "number" && value < 0 ? [fieldErrors.invalid(path, value, NEGATIVE_ERROR)] : [];
}
