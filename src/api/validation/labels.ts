/**
 * Label, annotation and DNS-name checks at field level, worded as upstream's
 * ValidateLabelName / ValidateLabels / ValidateAnnotations /
 * ValidateDNS1123Label.
 */
import { fieldErrors, type FieldError, type FieldPath } from "./field.js";
import { isDNS1123Label, isDNS1123Subdomain, isQualifiedName, isValidLabelValue } from "./names.js";

type P = FieldPath | string;

/** Upstream's TotalAnnotationSizeLimitB: keys and values together. */
export const TOTAL_ANNOTATION_SIZE_LIMIT = 256 * 1024;

export function validateLabelName(key: string, path: P): FieldError[] {
  return isQualifiedName(key).map((m) => fieldErrors.invalid(path, key, m));
}

/** Keys as qualified names, values as label values, all reported at the map's own path. */
export function validateLabels(labels: Record<string, string> | undefined | null, path: P): FieldError[] {
  const errs: FieldError[] = [];
  for (const [k, v] of Object.entries(labels ?? {})) {
    errs.push(...validateLabelName(k, path));
    for (const m of isValidLabelValue(String(v))) errs.push(fieldErrors.invalid(path, v, m));
  }
  return errs;
}

/** Keys as qualified names (case-insensitive), the whole map within the size limit. */
export function validateAnnotations(annotations: Record<string, string> | undefined | null, path: P): FieldError[] {
  const errs: FieldError[] = [];
  let total = 0;
  for (const [k, v] of Object.entries(annotations ?? {})) {
    for (const m of isQualifiedName(k.toLowerCase())) errs.push(fieldErrors.invalid(path, k, m));
    total += k.length + String(v).length;
  }
  if (total > TOTAL_ANNOTATION_SIZE_LIMIT) errs.push(fieldErrors.tooLong(path, "", TOTAL_ANNOTATION_SIZE_LIMIT));
  return errs;
}

export function validateDNS1123Label(value: string, path: P): FieldError[] {
  return isDNS1123Label(value).map((m) => fieldErrors.invalid(path, value, m));
}

export function validateDNS1123Subdomain(value: string, path: P): FieldError[] {
  return isDNS1123Subdomain(value).map((m) => fieldErrors.invalid(path, value, m));
}
