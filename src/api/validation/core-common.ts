/**
 * Validation pieces shared by the core/v1 resources: resource names and
 * resource lists, worded as upstream's pkg/apis/core/validation.
 */
import { fieldErrors, type FieldError, type FieldPath } from "./field.js";
import { isQualifiedName } from "./names.js";
import { tryParseQuantity } from "./core-quantity.js";
import { NEGATIVE_ERROR } from "./numbers.js";

type P = FieldPath | string;

/** Upstream's validateResourceName for a standard resource name (ResourceList keys). */
export function validateResourceName(name: string, p: P): FieldError[] {
  const errs = isQualifiedName(name).map((m) => fieldErrors.invalid(p, name, m));
  if (errs.length) return errs;
  // Huge pages of any size are standard (upstream's IsQuotaHugePageResourceName).
  if (!name.includes("/") && !standardResourceNames.has(name) && !/^(requests\.)?hugepages-/.test(name)) {
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
  if (q.sign() < 0) return [fieldErrors.invalid(p, value, NEGATIVE_ERROR)];
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
