/**
 * The shape of a value at some place in an object, as server-side apply
 * needs it: a map (a struct of declared fields, or a map of entries; atomic
 * or granular), a list (atomic, a set of primitives, or a map keyed by some
 * fields) or a scalar. Taken from the schema where it speaks, else deduced
 * from the value (maps granular, lists atomic), as upstream does for
 * fields it has no schema for.
 */
import { isJsonObject, type JsonValue } from "../patch/json-value.js";
import type { FieldSchema, PatchSchema } from "../patch/schema.js";
import type { PathElement } from "./field-path.js";

export interface Shape {
  kind: "map" | "list" | "scalar";
  /** Map: its definition. List: the definition of its items. */
  definition?: string;
  /** Atomic maps and lists are owned and replaced whole. */
  atomic: boolean;
  /** Non-atomic lists: items identified by value ("set") or by key fields ("map"). */
  relation?: "set" | "map";
  keys?: string[];
}

export class ShapeError extends Error {}

export function rootShape(definition: string | undefined, schema: PatchSchema): Shape {
  return { kind: "map", definition, atomic: schema.mapType?.(definition) === "atomic" };
}

function kindOf(value: JsonValue | undefined, info: FieldSchema | undefined): Shape["kind"] {
  if (Array.isArray(value)) return "list";
  if (isJsonObject(value)) return "map";
  if (value !== undefined && value !== null) return "scalar";
  if (info?.isList) return "list";
  return info?.ref ? "map" : "scalar";
}

function listShape(info: FieldSchema | undefined): Shape {
  if (!info?.isList) return { kind: "list", atomic: true };
  const merges = info.patchStrategy?.split(",").includes("merge") ?? false;
  const type = info.listType ?? (merges ? (info.patchMergeKey ? "map" : "set") : "atomic");
  if (type === "atomic") return { kind: "list", definition: info.ref, atomic: true };
  if (type === "set") return { kind: "list", definition: info.ref, atomic: false, relation: "set" };
  const keys = info.listMapKeys ?? (info.patchMergeKey ? [info.patchMergeKey] : []);
  return { kind: "list", definition: info.ref, atomic: keys.length === 0, relation: "map", keys };
}

/** The shape of parent's field `name` holding value (undefined when absent). */
export function fieldShape(schema: PatchSchema, parent: Shape, name: string, value: JsonValue | undefined): Shape {
  const info = parent.kind === "map" ? schema.field(parent.definition, name) : undefined;
  return shapeFor(schema, info, value);
}

function shapeFor(schema: PatchSchema, info: FieldSchema | undefined, value: JsonValue | undefined): Shape {
  const kind = kindOf(value, info);
  if (kind === "list") return listShape(info);
  if (kind === "scalar") return { kind: "scalar", atomic: false };
  const definition = info && !info.isList ? info.ref : undefined;
  const mapType = (info && !info.isList ? info.mapType : undefined) ?? schema.mapType?.(definition);
  return { kind: "map", definition, atomic: mapType === "atomic" };
}

/** The shape of an item of a list. */
export function itemShape(schema: PatchSchema, list: Shape, value: JsonValue | undefined): Shape {
  if (isJsonObject(value) || (value === undefined && list.relation === "map")) {
    return { kind: "map", definition: list.definition, atomic: schema.mapType?.(list.definition) === "atomic" };
  }
  return shapeFor(schema, undefined, value);
}

/** Whether name is a declared field of the map (not an entry of a map of entries). */
export function isNamedField(schema: PatchSchema, parent: Shape, name: string): boolean {
  if (parent.kind !== "map") return false;
  const info = schema.field(parent.definition, name);
  return info !== undefined && !info.mapEntry;
}

/** The element naming a list item: its key fields (defaults filled in) or its value. */
export function itemElement(schema: PatchSchema, list: Shape, item: JsonValue): PathElement {
  if (list.relation === "set") {
    if (item === null || typeof item === "object") throw new ShapeError("associative list without keys has an element that's a map type");
    return { kind: "value", value: item };
  }
  if (!isJsonObject(item)) throw new ShapeError("associative list with keys may not have non-map elements");
  const fields: [string, JsonValue][] = [];
  for (const k of list.keys ?? []) {
    if (Object.hasOwn(item, k)) fields.push([k, item[k]!]);
    else {
      const def = schema.field(list.definition, k)?.default;
      if (def !== undefined) fields.push([k, def as JsonValue]);
    }
  }
  if (fields.length === 0) {
    throw new ShapeError(
      `associative list with keys has an element that omits all key fields [${(list.keys ?? []).map((k) => JSON.stringify(k)).join(" ")}] (and doesn't have default values for any key fields)`,
    );
  }
  fields.sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
  return { kind: "key", fields };
}

