/**
 * Validation of a container's (or a pod's) resource requests and limits, as
 * upstream's ValidateContainerResourceRequirements: names, quantities, and
 * requests never above limits (equal to them where overcommit is not allowed).
 */
import type { ResourceRequirements } from "kubernetes-types/core/v1.js";
import { fieldErrors, type FieldError, type FieldPath } from "../validation/field.js";
import { isQualifiedName } from "../validation/names.js";
import { QUANTITY_FORMAT_ERROR, tryParseQuantity, type Quantity } from "../validation/core-quantity.js";
import { NEGATIVE_ERROR } from "../validation/numbers.js";

const isHugePages = (name: string) => name.startsWith("hugepages-");
const isNative = (name: string) => !name.includes("/") || name.includes("kubernetes.io/");
const isStandardContainerResource = (name: string) => ["cpu", "memory", "ephemeral-storage"].includes(name) || isHugePages(name);
/** Overcommit (requests below limits) is allowed only for native, non-hugepage resources. */
const overcommitAllowed = (name: string) => isNative(name) && !isHugePages(name);
/** Extended resources (example.com/gpu) are counted in whole units. */
const isIntegerResource = (name: string) => !isNative(name);

function validateName(name: string, path: FieldPath): FieldError[] {
  const errs = isQualifiedName(name).map((m) => fieldErrors.invalid(path, name, m));
  if (errs.length) return errs;
  if (!name.includes("/")) {
    if (!isStandardContainerResource(name)) errs.push(fieldErrors.invalid(path, name, "must be a standard resource for containers"));
  } else if (!isNative(name) && name.startsWith("requests.")) {
    errs.push(fieldErrors.invalid(path, name, "doesn't follow extended resource name standard"));
  }
  return errs;
}

function validateValue(name: string, raw: unknown, path: FieldPath): { q?: Quantity; errs: FieldError[] } {
  const q = tryParseQuantity(raw);
  if (!q) return { errs: [fieldErrors.invalid(path, raw, QUANTITY_FORMAT_ERROR)] };
  const errs: FieldError[] = [];
  if (q.sign() < 0) errs.push(fieldErrors.invalid(path, q.toString(), NEGATIVE_ERROR));
  // Upstream tests MilliValue() % 1000, so a value within a milli-unit of a whole number passes.
  if (isIntegerResource(name) && q.milliValue() % 1000n !== 0n) errs.push(fieldErrors.invalid(path, q.toString(), "must be an integer"));
  return { q, errs };
}

export function validateResourceRequirements(r: ResourceRequirements | undefined, path: FieldPath): FieldError[] {
  if (!r) return [];
  const errs: FieldError[] = [];
  const limPath = path.child("limits");
  const reqPath = path.child("requests");
  const limits = new Map<string, Quantity>();
  for (const [name, raw] of Object.entries(r.limits ?? {})) {
    const p = limPath.key(name);
    errs.push(...validateName(name, p));
    const v = validateValue(name, raw, p);
    errs.push(...v.errs);
    if (v.q) limits.set(name, v.q);
  }
  for (const [name, raw] of Object.entries(r.requests ?? {})) {
    const p = reqPath.key(name);
    errs.push(...validateName(name, p));
    const v = validateValue(name, raw, p);
    errs.push(...v.errs);
    if (!v.q) continue;
    const limit = limits.get(name);
    if (limit) {
      const cmp = v.q.cmp(limit);
      if (cmp !== 0 && !overcommitAllowed(name)) {
        errs.push(fieldErrors.invalid(reqPath, v.q.toString(), `must be equal to ${name} limit of ${limit.toString()}`));
      } else if (cmp > 0) {
        errs.push(fieldErrors.invalid(reqPath, v.q.toString(), `must be less than or equal to ${name} limit of ${limit.toString()}`));
      }
    } else if (!overcommitAllowed(name)) {
      errs.push(fieldErrors.required(limPath, "Limit must be set for non overcommitable resources"));
    }
  }
  return errs;
}
