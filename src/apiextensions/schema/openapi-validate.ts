/**
 * OpenAPI v3 validation of a custom resource, as kube-openapi's
 * SchemaValidator runs it for apiextensions-apiserver, with its errors
 * turned into field errors the way upstream converts them: each message is
 * kube-openapi's ("spec.size in body should be greater than or equal to 1")
 * under the field path it names.
 */
import { fieldErrors, GoValue, type FieldError } from "../../api/validation/field.js";
import { formatValid, isSupportedFormat } from "./formats.js";
import { canonicalJson, goBound, goFloat, isObject, jsonEqual, jsonTypeOf } from "./json.js";
import { patternMatches } from "./regex.js";
import type { JSONSchemaProps } from "./types.js";

const IN = "body";

/** How upstream prints the nil field.Path of errors about the object as a whole. */
export const NIL_PATH = "<nil>";

/** kube-openapi paths start with "." at the root (".spec"); field paths do not. */
function fieldPath(name: string): string {
  const p = name.startsWith(".") ? name.slice(1) : name;
  return p || NIL_PATH;
}

class Result {
  readonly errors: FieldError[] = [];
  add(e: FieldError): void {
    this.errors.push(e);
  }
  merge(r: Result): void {
    this.errors.push(...r.errors);
  }
  get valid(): boolean {
    return this.errors.length === 0;
  }
}

/** A kube-openapi Validation error with a code that upstream maps to a plain Invalid. */
function invalid(name: string, value: unknown, message: string): FieldError {
  // A fractional value is a float64 upstream, which %v prints in Go's form (1.5, 1e+07).
  const v = typeof value === "number" && !Number.isInteger(value) ? new GoValue(goFloat(value)) : value;
  return fieldErrors.invalid(fieldPath(name), v ?? "", message);
}

/** errors.New(...) results carry no path: upstream reports them on the nil path with value "". */
function composite(message: string): FieldError {
  return fieldErrors.invalid(NIL_PATH, "", message);
}

function schemaTypes(s: JSONSchemaProps): string[] {
  if (s["x-kubernetes-int-or-string"]) return ["integer", "string"];
  return s.type ? [s.type] : [];
}

function typeValidate(s: JSONSchemaProps, name: string, data: unknown, res: Result): void {
  const types = schemaTypes(s);
  if (types.length === 0) return;
  if (data === null || data === undefined) {
    if (!types.includes("null") && !s.nullable) res.add(fieldErrors.typeInvalid(fieldPath(name), "null", `${name} in ${IN} must be of type ${types.join(",")}: "null"`));
    return;
  }
  const actual = jsonTypeOf(data);
  const numeric = types.includes("number") || types.includes("integer");
  if (!numeric && s.format && (actual === "string" || actual === "array")) return;
  if (types.includes(actual) || (actual === "integer" && types.includes("number"))) return;
  res.add(fieldErrors.typeInvalid(fieldPath(name), actual, `${name} in ${IN} must be of type ${types.join(",")}: ${JSON.stringify(actual)}`));
}

function propsValidate(s: JSONSchemaProps, name: string, data: unknown, res: Result, old: Old): void {
  if (s.anyOf?.length) {
    let best: Result | undefined;
    let ok = false;
    for (const sub of s.anyOf) {
      const r = validateValue(sub, name, data, old);
      if (r.valid) {
        ok = true;
        best = undefined;
        break;
      }
      if (!best || r.errors.length < best.errors.length) best = r;
    }
    if (!ok) res.add(composite(`${JSON.stringify(name)} must validate at least one schema (anyOf)`));
    if (best) res.merge(best);
  }
  if (s.oneOf?.length) {
    let best: Result | undefined;
    let validated = 0;
    for (const sub of s.oneOf) {
      const r = validateValue(sub, name, data, old);
      if (r.valid) {
        validated++;
        best = undefined;
        continue;
      }
      if (validated === 0 && (!best || r.errors.length < best.errors.length)) best = r;
    }
    if (validated !== 1) {
      const more = validated === 0 ? "Found none valid" : `Found ${validated} valid alternatives`;
      res.add(composite(`${JSON.stringify(name)} must validate one and only one schema (oneOf). ${more}`));
      if (best) res.merge(best);
    }
  }
  if (s.allOf?.length) {
    let validated = 0;
    for (const sub of s.allOf) {
      const r = validateValue(sub, name, data, old);
      if (r.valid) validated++;
      res.merge(r);
    }
    if (validated !== s.allOf.length) res.add(composite(`${JSON.stringify(name)} must validate all the schemas (allOf)${validated === 0 ? ". None validated" : ""}`));
  }
  if (s.not && validateValue(s.not, name, data).valid) res.add(composite(`${JSON.stringify(name)} must not validate the schema (not)`));
}

function stringValidate(s: JSONSchemaProps, name: string, data: string, res: Result): void {
  const len = [...data].length;
  if (s.maxLength !== undefined && len > s.maxLength) res.add(fieldErrors.tooLong(fieldPath(name), data, s.maxLength));
  if (s.minLength !== undefined && len < s.minLength) res.add(invalid(name, data, `${name} in ${IN} should be at least ${s.minLength} chars long`));
  if (s.pattern && !patternMatches(s.pattern, data)) res.add(invalid(name, data, `${name} in ${IN} should match '${s.pattern}'`));
}

function formatValidate(s: JSONSchemaProps, name: string, data: string, res: Result): void {
  if (!s.format || !isSupportedFormat(s.format)) return;
  if (!formatValid(s.format, data)) res.add(fieldErrors.typeInvalid(fieldPath(name), data, `${name} in ${IN} must be of type ${s.format}: ${JSON.stringify(data)}`));
}

function isMultiple(data: number, factor: number): boolean {
  if (Number.isInteger(data) && Number.isInteger(factor)) return data % factor === 0;
  const q = data / factor;
  return Number.isInteger(q) || Math.abs(q - Math.round(q)) < 1e-9 * Math.max(1, Math.abs(q));
}

function numberValidate(s: JSONSchemaProps, name: string, data: number, res: Result): void {
  if (s.multipleOf !== undefined && s.multipleOf > 0 && !isMultiple(data, s.multipleOf)) {
    res.add(invalid(name, data, `${name} in ${IN} should be a multiple of ${goBound(s.multipleOf, data)}`));
  }
  if (s.maximum !== undefined && (s.exclusiveMaximum ? data >= s.maximum : data > s.maximum)) {
    res.add(invalid(name, data, `${name} in ${IN} should be less than ${s.exclusiveMaximum ? "" : "or equal to "}${goBound(s.maximum, data)}`));
  }
  if (s.minimum !== undefined && (s.exclusiveMinimum ? data <= s.minimum : data < s.minimum)) {
    res.add(invalid(name, data, `${name} in ${IN} should be greater than ${s.exclusiveMinimum ? "" : "or equal to "}${goBound(s.minimum, data)}`));
  }
}

function sliceValidate(s: JSONSchemaProps, name: string, data: unknown[], res: Result, old: Old): void {
  const items = s.items;
  if (items && !Array.isArray(items)) data.forEach((v, i) => res.merge(validateValue(items, `${name}[${i}]`, v, oldItem(s, old, v))));
  if (Array.isArray(items)) {
    items.forEach((sub, i) => {
      if (i < data.length) res.merge(validateValue(sub, `${name}[${i}]`, data[i]));
    });
    if (s.additionalItems !== undefined && data.length > items.length) {
      if (s.additionalItems === false) res.add(invalid(name, undefined, `${name} in ${IN} can't have additional items`));
      else if (typeof s.additionalItems === "object") {
        for (let i = items.length; i < data.length; i++) res.merge(validateValue(s.additionalItems, `${name}[${i}]`, data[i]));
      }
    }
  }
  if (s.minItems !== undefined && data.length < s.minItems) res.add(invalid(name, data.length, `${name} in ${IN} should have at least ${s.minItems} items`));
  if (s.maxItems !== undefined && data.length > s.maxItems) res.add(fieldErrors.tooMany(fieldPath(name), data.length, s.maxItems));
  if (s.uniqueItems) {
    const seen = new Set<string>();
    for (const v of data) {
      const k = canonicalJson(v);
      if (seen.has(k)) {
        res.add(invalid(name, undefined, `${name} in ${IN} shouldn't contain duplicates`));
        break;
      }
      seen.add(k);
    }
  }
}

function enumValidate(s: JSONSchemaProps, name: string, data: unknown, res: Result): void {
  if (!s.enum?.length) return;
  if (s.enum.some((v) => jsonEqual(v, data))) return;
  const values = s.enum.map((v) => (typeof v === "string" ? v : canonicalJson(v)));
  res.add(fieldErrors.notSupported(fieldPath(name), data, values));
}

function objectValidate(s: JSONSchemaProps, name: string, data: Record<string, unknown>, res: Result, old: Old): void {
  const keys = Object.keys(data);
  if (s.minProperties !== undefined && keys.length < s.minProperties) {
    res.add(invalid(name, keys.length, `${name} in ${IN} should have at least ${s.minProperties} properties`));
    return;
  }
  if (s.maxProperties !== undefined && keys.length > s.maxProperties) {
    res.add(fieldErrors.tooMany(fieldPath(name), keys.length, s.maxProperties));
    return;
  }
  const props = s.properties ?? {};
  const patterns = Object.entries(s.patternProperties ?? {});
  const has = (k: string) => Object.prototype.hasOwnProperty.call(props, k);
  for (const k of keys) {
    if (has(k)) continue;
    const matched = patterns.filter(([p]) => patternMatches(p, k));
    if (s.additionalProperties === false) {
      if (matched.length === 0) res.add(invalid(name, k, `${name}.${k} in ${IN} is a forbidden property`));
    } else if (matched.length === 0 && isObject(s.additionalProperties)) {
      res.merge(validateValue(s.additionalProperties as JSONSchemaProps, `${name}.${k}`, data[k], oldChild(old, k)));
    }
  }
  for (const [k, sub] of Object.entries(props)) {
    if (Object.prototype.hasOwnProperty.call(data, k)) res.merge(validateValue(sub, name ? `${name}.${k}` : k, data[k], oldChild(old, k)));
  }
  for (const k of s.required ?? []) {
    if (!Object.prototype.hasOwnProperty.call(data, k)) res.add(fieldErrors.required(fieldPath(`${name}.${k}`)));
  }
  for (const k of keys) {
    if (has(k)) continue;
    for (const [p, sub] of patterns) if (patternMatches(p, k)) res.merge(validateValue(sub, `${name}.${k}`, data[k], oldChild(old, k)));
  }
}

/**
 * The old value correlated with the one being validated, on update:
 * properties and map values by key, items of list-type=map lists by their
 * keys. Other list items do not correlate (their list does, as a whole).
 */
type Old = { value: unknown } | undefined;

function oldChild(old: Old, key: string): Old {
  return old && isObject(old.value) && Object.prototype.hasOwnProperty.call(old.value, key) ? { value: old.value[key] } : undefined;
}

function oldItem(s: JSONSchemaProps, old: Old, item: unknown): Old {
  if (!old || !Array.isArray(old.value) || s["x-kubernetes-list-type"] !== "map" || !isObject(item)) return undefined;
  const keys = s["x-kubernetes-list-map-keys"] ?? [];
  const match = old.value.find((o) => isObject(o) && keys.every((k) => jsonEqual(o[k], item[k])));
  return match === undefined ? undefined : { value: match };
}

/**
 * One value against one schema node, every validator kube-openapi would
 * apply to it. A value equal to its correlated old value is not validated:
 * upstream ratchets errors of unchanged values on update.
 */
function validateValue(s: JSONSchemaProps, name: string, data: unknown, old?: Old): Result {
  const res = new Result();
  if (old && jsonEqual(old.value, data)) return res;
  if (data === null || data === undefined) {
    typeValidate(s, name, null, res);
    enumValidate(s, name, null, res);
    return res;
  }
  typeValidate(s, name, data, res);
  propsValidate(s, name, data, res, old);
  if (typeof data === "string") {
    stringValidate(s, name, data, res);
    formatValidate(s, name, data, res);
  }
  if (typeof data === "number") numberValidate(s, name, data, res);
  if (Array.isArray(data)) sliceValidate(s, name, data, res, old);
  enumValidate(s, name, data, res);
  if (isObject(data)) objectValidate(s, name, data, res, old);
  return res;
}

/**
 * The whole object against the version's schema (upstream's
 * ValidateCustomResource); with old (an update), unchanged values keep
 * their errors to themselves (ratcheting).
 */
export function validateOpenApi(schema: JSONSchemaProps, obj: unknown, old?: unknown): FieldError[] {
  return validateValue(schema, "", obj, old === undefined ? undefined : { value: old }).errors;
}
