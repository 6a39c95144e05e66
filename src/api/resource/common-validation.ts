/**
 * Pieces of upstream's resource.k8s.io validation shared by classes,
 * claims and slices: list limits, driver/device/pool names, qualified
 * attribute names, CEL selectors, opaque driver configuration and
 * tolerations, with upstream's messages.
 */
import { fieldErrors, type FieldError, type FieldPath } from "../validation/field.js";
import { validateLabelName } from "../validation/labels.js";
import { isDNS1123Label, isDNS1123Subdomain, isValidLabelValue, regexError } from "../validation/names.js";

export const DEVICE_SELECTORS_MAX = 32;
export const DEVICE_CONFIG_MAX = 32;
const CEL_EXPRESSION_MAX_LENGTH = 10 * 1024;
const OPAQUE_PARAMETERS_MAX_LENGTH = 10 * 1024;
const DEVICE_MAX_ID_LENGTH = 32;
const POOL_NAME_MAX_LENGTH = 253;
const DRIVER_NAME_MAX_LENGTH = 63;

type Json = Record<string, unknown>;

/** A list no longer than max (else only that error, as upstream's validateSlice), each item validated. */
export function validateList<T>(items: T[] | undefined, max: number, p: FieldPath, each: (item: T, p: FieldPath) => FieldError[]): FieldError[] {
  const list = items ?? [];
  if (max >= 0 && list.length > max) return [fieldErrors.tooMany(p, list.length, max)];
  return list.flatMap((item, i) => each(item, p.index(i)));
}

/** validateList plus upstream's validateSet: a key seen twice is a duplicate. */
export function validateSet<T>(items: T[] | undefined, max: number, p: FieldPath, each: (item: T, p: FieldPath) => FieldError[], key: (item: T) => unknown): FieldError[] {
  const list = items ?? [];
  if (max >= 0 && list.length > max) return [fieldErrors.tooMany(p, list.length, max)];
  const errs = list.flatMap((item, i) => each(item, p.index(i)));
  const seen = new Set<string>();
  list.forEach((item, i) => {
    const k = JSON.stringify(key(item));
    if (seen.has(k)) errs.push(fieldErrors.duplicate(p.index(i), key(item)));
    seen.add(k);
  });
  return errs;
}

export const dnsLabel = (v: string, p: FieldPath) => isDNS1123Label(v).map((m) => fieldErrors.invalid(p, v, m));
export const dnsSubdomain = (v: string, p: FieldPath) => isDNS1123Subdomain(v).map((m) => fieldErrors.invalid(p, v, m));

/** Upstream's ValidateCSIDriverName, which DRA driver names share. */
export function validateDriverName(name: string | undefined, p: FieldPath): FieldError[] {
  const v = name ?? "";
  const errs: FieldError[] = [];
  if (!v) errs.push(fieldErrors.required(p, ""));
  if (v.length > DRIVER_NAME_MAX_LENGTH) errs.push(fieldErrors.tooLong(p, v, DRIVER_NAME_MAX_LENGTH));
  for (const m of isDNS1123Subdomain(v.toLowerCase())) errs.push(fieldErrors.invalid(p, v, m));
  return errs;
}

export function validatePoolName(name: string | undefined, p: FieldPath): FieldError[] {
  const v = name ?? "";
  if (!v) return [fieldErrors.required(p, "")];
  const errs: FieldError[] = [];
  if (v.length > POOL_NAME_MAX_LENGTH) errs.push(fieldErrors.tooLong(p, "", POOL_NAME_MAX_LENGTH));
  for (const part of v.split("/")) errs.push(...dnsSubdomain(part, p));
  return errs;
}

function validateCIdentifier(id: string, p: FieldPath): FieldError[] {
  const errs: FieldError[] = [];
  if (id.length > DEVICE_MAX_ID_LENGTH) errs.push(fieldErrors.tooLong(p, "", DEVICE_MAX_ID_LENGTH));
  if (!/^[A-Za-z_][A-Za-z0-9_]*$/.test(id)) {
    errs.push(fieldErrors.invalid(p, id, regexError("a valid C identifier must start with alphabetic character or '_', followed by a string of alphanumeric characters or '_'", "[A-Za-z_][A-Za-z0-9_]*", "my_name", "MY_NAME", "MyName")));
  }
  return errs;
}

/** An attribute or capacity name: a C identifier, optionally behind a driver-style domain. */
export function validateQualifiedName(name: string, p: FieldPath): FieldError[] {
  const parts = name.split("/");
  if (parts.length === 1) return validateCIdentifier(parts[0]!, p);
  if (parts.length !== 2) return [];
  const errs: FieldError[] = [];
  if (!parts[0]) errs.push(fieldErrors.invalid(p, "", "the domain must not be empty"));
  else errs.push(...validateDriverName(parts[0], p));
  if (!parts[1]) errs.push(fieldErrors.invalid(p, "", "the name must not be empty"));
  else errs.push(...validateCIdentifier(parts[1], p));
  return errs;
}

export function validateFullyQualifiedName(name: string, p: FieldPath): FieldError[] {
  const errs = validateQualifiedName(name, p);
  if (!name.includes("/")) errs.push(fieldErrors.invalid(p, name, "a fully qualified name must be a domain and a name separated by a slash"));
  return errs;
}

/**
 * A selector needs its CEL expression. Skiff does not compile CEL, so a
 * syntactically wrong expression is accepted here and fails at allocation.
 */
export function validateSelector(sel: Json, p: FieldPath): FieldError[] {
  const cel = sel.cel as { expression?: string } | undefined | null;
  if (!cel) return [fieldErrors.required(p.child("cel"), "")];
  const expr = cel.expression ?? "";
  const ep = p.child("cel", "expression");
  if (expr.length > CEL_EXPRESSION_MAX_LENGTH) return [fieldErrors.tooLong(ep, "", CEL_EXPRESSION_MAX_LENGTH)];
  if (!expr.trim()) return [fieldErrors.required(ep, "")];
  return [];
}

export const validateSelectors = (selectors: Json[] | undefined, p: FieldPath) => validateList(selectors, DEVICE_SELECTORS_MAX, p, validateSelector);

/** Upstream's validateRawExtension: present, small enough, a JSON object. */
function validateParameters(v: unknown, p: FieldPath, stored: boolean): FieldError[] {
  if (v === undefined || v === null) return [fieldErrors.required(p, "")];
  if (!stored && JSON.stringify(v).length > OPAQUE_PARAMETERS_MAX_LENGTH) return [fieldErrors.tooLong(p, "", OPAQUE_PARAMETERS_MAX_LENGTH)];
  if (typeof v !== "object" || Array.isArray(v)) return [fieldErrors.invalid(p, "<value omitted>", "must be a valid JSON object")];
  return [];
}

/** DeviceConfiguration (inlined into class, claim and allocation configs): exactly its opaque part. */
export function validateDeviceConfiguration(cfg: Json, p: FieldPath, stored = false): FieldError[] {
  const opaque = cfg.opaque as { driver?: string; parameters?: unknown } | undefined | null;
  if (!opaque) return [fieldErrors.required(p.child("opaque"), "")];
  return [...validateDriverName(opaque.driver, p.child("opaque", "driver")), ...validateParameters(opaque.parameters, p.child("opaque", "parameters"), stored)];
}

const TOLERATION_OPERATORS = ["Equal", "Exists"];
export const TAINT_EFFECTS = ["NoExecute", "NoSchedule", "None"];

export function validateToleration(t: Json, p: FieldPath): FieldError[] {
  const errs: FieldError[] = [];
  const key = (t.key as string | undefined) ?? "";
  const value = (t.value as string | undefined) ?? "";
  if (key) errs.push(...validateLabelName(key, p.child("key")));
  switch (t.operator) {
    case "Exists":
      if (value) errs.push(fieldErrors.invalid(p.child("value"), value, "must be empty for operator `Exists`"));
      break;
    case "Equal":
      for (const m of isValidLabelValue(value)) errs.push(fieldErrors.invalid(p.child("value"), value, m));
      break;
    case undefined:
    case "":
      errs.push(fieldErrors.required(p.child("operator"), ""));
      break;
    default:
      errs.push(fieldErrors.notSupported(p.child("operator"), t.operator, TOLERATION_OPERATORS));
  }
  const effect = t.effect as string | undefined;
  if (effect && !TAINT_EFFECTS.includes(effect)) errs.push(fieldErrors.notSupported(p.child("effect"), effect, TAINT_EFFECTS));
  return errs;
}

/** Tolerations default to the Equal operator, as upstream's SetDefaults_DeviceToleration. */
export function defaultTolerations(tolerations: Json[] | undefined): void {
  for (const t of tolerations ?? []) if (!t.operator) t.operator = "Equal";
}
