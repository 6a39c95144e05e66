/**
 * Validation pieces shared by the core/v1 resources: labels as maps,
 * ports, immutability and structural equality, worded as upstream's
 * pkg/apis/core/validation.
 */
import { fieldErrors, type FieldError, type FieldPath } from "./field.js";
import { isDNS1123Label, isQualifiedName, isValidLabelValue } from "./names.js";
import { tryParseQuantity } from "./core-quantity.js";

type P = FieldPath | string;
const str = (p: P) => p.toString();

/** Deep equality of JSON values, ignoring key order. */
export function jsonEqual(a: unknown, b: unknown): boolean {
  if (a === b) return true;
  if (a === null || b === null || typeof a !== "object" || typeof b !== "object") return false;
  if (Array.isArray(a) !== Array.isArray(b)) return false;
  if (Array.isArray(a) && Array.isArray(b)) return a.length === b.length && a.every((v, i) => jsonEqual(v, b[i]));
  const ao = a as Record<string, unknown>;
  const bo = b as Record<string, unknown>;
  const ak = Object.keys(ao).filter((k) => ao[k] !== undefined);
  const bk = Object.keys(bo).filter((k) => bo[k] !== undefined);
  return ak.length === bk.length && ak.every((k) => jsonEqual(ao[k], bo[k]));
}

/** Upstream's ValidateImmutableField: "field is immutable". */
export function immutableField(next: unknown, old: unknown, p: P): FieldError[] {
  return jsonEqual(next, old) ? [] : [fieldErrors.invalid(p, next ?? null, "field is immutable")];
}

/** Upstream's ValidateLabels: keys are qualified names, values label values. */
export function validateLabelMap(labels: Record<string, string> | undefined | null, p: P): FieldError[] {
  const errs: FieldError[] = [];
  for (const [k, v] of Object.entries(labels ?? {})) {
    for (const m of isQualifiedName(k)) errs.push(fieldErrors.invalid(p, k, m));
    for (const m of isValidLabelValue(String(v))) errs.push(fieldErrors.invalid(`${str(p)}[${k}]`, v, m));
  }
  return errs;
}

export const PORT_RANGE_MESSAGE = "must be between 1 and 65535, inclusive";

/** Upstream's IsValidPortNum. */
export function portNumErrors(port: unknown): string[] {
  return typeof port === "number" && Number.isInteger(port) && port >= 1 && port <= 65535 ? [] : [PORT_RANGE_MESSAGE];
}

/** Upstream's IsValidPortName (IANA service names). */
export function portNameErrors(name: string): string[] {
  const errs: string[] = [];
  if (name.length > 15) errs.push("must be no more than 15 characters");
  if (!/^[-a-z0-9]+$/.test(name)) errs.push("must contain only alpha-numeric characters (a-z, 0-9), and hyphens (-)");
  if (!/[a-z]/.test(name)) errs.push("must contain at least one letter (a-z)");
  if (name.startsWith("-") || name.endsWith("-")) errs.push("must not begin or end with a hyphen");
  if (name.includes("--")) errs.push("must not contain consecutive hyphens");
  return errs;
}

/** Upstream's ValidatePortNumOrName for an IntOrString. */
export function validatePortNumOrName(port: unknown, p: P): FieldError[] {
  if (typeof port === "number") return portNumErrors(port).map((m) => fieldErrors.invalid(p, port, m));
  if (typeof port === "string") return portNameErrors(port).map((m) => fieldErrors.invalid(p, port, m));
  return [];
}

export function dns1123LabelErrors(value: string, p: P): FieldError[] {
  return isDNS1123Label(value).map((m) => fieldErrors.invalid(p, value, m));
}

/** Upstream's validateResourceName for a standard resource name (ResourceList keys). */
export function validateResourceName(name: string, p: P): FieldError[] {
  const errs = isQualifiedName(name).map((m) => fieldErrors.invalid(p, name, m));
  if (errs.length) return errs;
  if (!name.includes("/") && !standardResourceNames.has(name)) {
    return [fieldErrors.invalid(p, name, "must be a standard resource type or fully qualified")];
  }
  return [];
}

const standardResourceNames = new Set([
  "cpu", "memory", "ephemeral-storage", "storage", "pods", "services", "replicationcontrollers", "resourcequotas", "secrets",
  "configmaps", "persistentvolumeclaims", "services.nodeports", "services.loadbalancers",
  "requests.cpu", "requests.memory", "requests.storage", "requests.ephemeral-storage",
  "limits.cpu", "limits.memory", "limits.ephemeral-storage",
]);

/** Upstream's ValidateResourceQuantityValue: parseable and not negative. */
export function validateNonNegativeQuantity(value: unknown, p: P): FieldError[] {
  const q = tryParseQuantity(value);
  if (!q) return [fieldErrors.invalid(p, value ?? null, "must be a valid resource quantity")];
  if (q.sign() < 0) return [fieldErrors.invalid(p, value, "must be greater than or equal to 0")];
  return [];
}

/** Upstream's ValidateResourceList-like check over every entry of a ResourceList. */
export function validateResourceList(list: Record<string, unknown> | undefined | null, p: FieldPath): FieldError[] {
  const errs: FieldError[] = [];
  for (const [k, v] of Object.entries(list ?? {})) {
    errs.push(...validateResourceName(k, p.key(k)));
    errs.push(...validateNonNegativeQuantity(v, p.key(k)));
  }
  return errs;
}
