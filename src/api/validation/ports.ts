/**
 * Port numbers and IANA service names, worded as upstream's IsValidPortNum,
 * IsValidPortName and ValidatePortNumOrName.
 */
import { fieldErrors, type FieldError, type FieldPath } from "./field.js";
import { maxLenError } from "./names.js";
import { inclusiveRangeError } from "./numbers.js";

export const PORT_RANGE_MESSAGE = inclusiveRangeError(1, 65535);

/** IsValidPortNum: a whole number from 1 to 65535. */
export function portNumErrors(port: unknown): string[] {
  return typeof port === "number" && Number.isInteger(port) && port >= 1 && port <= 65535 ? [] : [PORT_RANGE_MESSAGE];
}

/** IsValidPortName (an IANA_SVC_NAME), its messages in upstream's order. */
export function portNameErrors(name: string): string[] {
  const errs: string[] = [];
  if (name.length > 15) errs.push(maxLenError(15));
  if (!/^[-a-z0-9]+$/.test(name)) errs.push("must contain only alpha-numeric characters (a-z, 0-9), and hyphens (-)");
  if (!/[a-z]/.test(name)) errs.push("must contain at least one letter (a-z)");
  if (name.includes("--")) errs.push("must not contain consecutive hyphens");
  if (name.length > 0 && (name.startsWith("-") || name.endsWith("-"))) errs.push("must not begin or end with a hyphen");
  return errs;
}

/** ValidatePortNumOrName for an IntOrString. */
export function validatePortNumOrName(port: unknown, p: FieldPath | string): FieldError[] {
  if (typeof port === "number") return portNumErrors(port).map((m) => fieldErrors.invalid(p, port, m));
  if (typeof port === "string") return portNameErrors(port).map((m) => fieldErrors.invalid(p, port, m));
  return [];
}
