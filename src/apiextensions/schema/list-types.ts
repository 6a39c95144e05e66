/**
 * x-kubernetes-list-type set and map invariants (upstream's
 * listtype.ValidateListSetsAndMaps): no duplicate items in a set, no two
 * items with the same key values in a map.
 */
import { fieldErrors, GoValue, type FieldError } from "../../api/validation/field.js";
import { FieldPath } from "../../api/validation/field.js";
import { canonicalJson, isObject } from "./json.js";
import type { JSONSchemaProps } from "./types.js";

function itemsSchema(s: JSONSchemaProps): JSONSchemaProps | undefined {
  return s.items && !Array.isArray(s.items) ? s.items : undefined;
}

function addlSchema(s: JSONSchemaProps): JSONSchemaProps | undefined {
  return isObject(s.additionalProperties) ? (s.additionalProperties as JSONSchemaProps) : undefined;
}

/** Go's %#v of a JSON value, as upstream prints a Duplicate map-list key. */
function goLiteral(v: unknown): string {
  if (v === null || v === undefined) return "interface {}(nil)";
  if (typeof v === "string") return JSON.stringify(v);
  if (typeof v === "number") return Number.isInteger(v) ? String(v) : String(v);
  if (typeof v === "boolean") return String(v);
  if (Array.isArray(v)) return `[]interface {}{${v.map(goLiteral).join(", ")}}`;
  const o = v as Record<string, unknown>;
  return `map[string]interface {}{${Object.keys(o).sort().map((k) => `${JSON.stringify(k)}:${goLiteral(o[k])}`).join(", ")}}`;
}

/** Indices of the second occurrence of each repeated value (later repeats are not reported again). */
function nonUnique(values: unknown[], keyOf: (v: unknown) => string): number[] {
  const times = new Map<string, number>();
  const out: number[] = [];
  values.forEach((v, i) => {
    const k = keyOf(v);
    const n = times.get(k) ?? 0;
    if (n === 1) out.push(i);
    times.set(k, n + 1);
  });
  return out;
}

const scalarKey = (v: unknown) => (isObject(v) || Array.isArray(v) ? `c:${canonicalJson(v)}` : `s:${typeof v}:${String(v)}`);

function validateListMap(p: FieldPath, s: JSONSchemaProps, list: unknown[]): FieldError[] {
  for (let i = 0; i < list.length; i++) {
    const x = list[i];
    if (x !== null && !isObject(x)) return [fieldErrors.invalid(p.index(i), x, "must be an object for an array of list-type map")];
  }
  if (list.length <= 1) return [];
  const keyFields = s["x-kubernetes-list-map-keys"] ?? [];
  const keys = list.map((x) => {
    const key: Record<string, unknown> = {};
    if (isObject(x)) for (const f of keyFields) if (Object.prototype.hasOwnProperty.call(x, f)) key[f] = x[f];
    return key;
  });
  return nonUnique(keys, (k) => canonicalJson(k)).map((i) => fieldErrors.duplicate(p.index(i), new GoValue(goLiteral(keys[i]))));
}

function walkArray(p: FieldPath, s: JSONSchemaProps, list: unknown[]): FieldError[] {
  const errs: FieldError[] = [];
  if (s["x-kubernetes-list-type"] === "set") {
    for (const i of nonUnique(list, scalarKey)) errs.push(fieldErrors.duplicate(p.index(i), list[i]));
  } else if (s["x-kubernetes-list-type"] === "map") {
    errs.push(...validateListMap(p, s, list));
  }
  const items = itemsSchema(s);
  if (items) list.forEach((v, i) => errs.push(...walk(p.index(i), items, v)));
  return errs;
}

function walkObject(p: FieldPath, s: JSONSchemaProps, obj: Record<string, unknown>): FieldError[] {
  const errs: FieldError[] = [];
  const addl = addlSchema(s);
  if (addl) for (const [k, v] of Object.entries(obj)) errs.push(...walk(p.key(k), addl, v));
  if (s.properties) {
    for (const [k, v] of Object.entries(obj)) {
      const sub = s.properties[k];
      if (sub) errs.push(...walk(p.toString() ? p.child(k) : FieldPath.root(k), sub, v));
    }
  }
  return errs;
}

function walk(p: FieldPath, s: JSONSchemaProps, v: unknown): FieldError[] {
  if (Array.isArray(v)) return walkArray(p, s, v);
  if (isObject(v)) return walkObject(p, s, v);
  return [];
}

export function validateListSetsAndMaps(schema: JSONSchemaProps, obj: unknown): FieldError[] {
  return isObject(obj) ? walkObject(FieldPath.root(""), schema, obj) : [];
}
