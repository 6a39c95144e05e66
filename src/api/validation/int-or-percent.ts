/**
 * IntOrString fields that hold a count or a percentage ("25%"), checked as
 * upstream's apps validation: ValidatePositiveIntOrPercent and
 * IsNotMoreThan100Percent.
 */
import { fieldErrors, type FieldError, type FieldPath } from "./field.js";
import { regexError } from "./names.js";
import { validateNonnegative } from "./numbers.js";

export type IntOrString = number | string;

const percentRe = /^[0-9]+%$/;

/** IsValidPercent for strings, ValidateNonnegativeField for numbers. */
export function validateIntOrPercent(v: IntOrString | undefined | null, path: FieldPath | string): FieldError[] {
  if (v === undefined || v === null) return [];
  if (typeof v === "string") {
    return percentRe.test(v) ? [] : [fieldErrors.invalid(path, v, regexError("a valid percent string must be a numeric string followed by an ending '%'", "[0-9]+%", "1%", "93%"))];
  }
  if (typeof v === "number") return validateNonnegative(v, path);
  return [fieldErrors.invalid(path, v, "must be an integer or percentage (e.g '5%')")];
}

/** getIntOrPercentValue: the number, or the percentage's number. */
export function intOrPercentValue(v: IntOrString | undefined | null): number {
  if (typeof v === "number") return v;
  if (typeof v === "string") {
    const n = parseInt(v.replace(/%$/, ""), 10);
    return Number.isNaN(n) ? 0 : n;
  }
  return 0;
}

/** Only a well-formed percentage can exceed 100%; anything else is left to validateIntOrPercent. */
export function notMoreThan100Percent(v: IntOrString | undefined | null, path: FieldPath | string): FieldError[] {
  return typeof v === "string" && percentRe.test(v) && intOrPercentValue(v) > 100 ? [fieldErrors.invalid(path, v, "must not be greater than 100%")] : [];
}
