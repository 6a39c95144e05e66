/**
 * What patch and apply need to know about an API type: for each field, the
 * type it refers to, whether it is a list, and its merge metadata. Built from
 * the OpenAPI v2 `definitions` the server publishes, so strategic merge and
 * server-side apply follow the same x-kubernetes-* extensions clients see.
 *
 * Example: with the core/v1 definitions,
 *   schema.field("io.k8s.api.core.v1.PodSpec", "containers")
 *   => { ref: "io.k8s.api.core.v1.Container", isList: true, patchStrategy: "merge",
 *        patchMergeKey: "name", listType: "map", listMapKeys: ["name"] }
 */

import { isJsonObject, type JsonObject, type JsonValue } from "./json-value.js";

/** Merge metadata of one field. */
export interface FieldSchema {
  /** Definition name of the field's object type, or of the list's item type. */
  ref?: string;
  isList: boolean;
  /** x-kubernetes-patch-strategy: "merge" | "retainKeys" | "merge,retainKeys" | "replace". */
  patchStrategy?: string;
  /** x-kubernetes-patch-merge-key. */
  patchMergeKey?: string;
  /** x-kubernetes-list-type. */
  listType?: "atomic" | "set" | "map";
  /** x-kubernetes-list-map-keys. */
  listMapKeys?: string[];
  /** x-kubernetes-map-type, of the field or else of the definition it refers to. */
  mapType?: "atomic" | "granular";
  /**
   * The name is a key of a map (additionalProperties), not a declared field.
   * Server-side apply records map keys as owned in their own right.
   */
  mapEntry?: boolean;
  /** The OpenAPI default, used for list-map keys an item leaves out (ports' protocol: "TCP"). */
  default?: unknown;
}

/** Field lookup by definition name. An undefined definition (no schema) knows no fields. */
export interface PatchSchema {
  field(definition: string | undefined, name: string): FieldSchema | undefined;
  /** The definition's own x-kubernetes-map-type (structs marked atomic, e.g. LabelSelector). */
  mapType?(definition: string | undefined): "atomic" | "granular" | undefined;
  /**
   * The JSON form of the definition's Go zero value: the fields Go always
   * writes (non-pointer structs, whose OpenAPI v3 default is {}, and required
   * fields, at their default or null). What an object is compared with when
   * it is created, as upstream's field manager does.
   */
  zero?(definition: string | undefined): JsonObject | undefined;
}

/** A schema that knows nothing: every field merges as in a JSON merge patch. */
export const emptySchema: PatchSchema = { field: () => undefined };

type Json = Record<string, unknown>;

function asObject(v: unknown): Json | undefined {
  return typeof v === "object" && v !== null && !Array.isArray(v) ? (v as Json) : undefined;
}

function refName(s: Json | undefined): string | undefined {
  const ref = s?.$ref;
  if (typeof ref !== "string") return undefined;
  return ref.replace(/^#\/definitions\//, "");
}

/** Unwraps allOf: [{$ref}] as the OpenAPI generators emit for documented refs. */
function resolveSchema(s: Json | undefined): Json | undefined {
  const allOf = s?.allOf;
  if (Array.isArray(allOf) && allOf.length === 1) return { ...s, ...asObject(allOf[0]) };
  return s;
}

function str<T extends string>(v: unknown, allowed?: readonly T[]): T | undefined {
  if (typeof v !== "string") return undefined;
  if (allowed && !allowed.includes(v as T)) return undefined;
  return v as T;
}

/**
 * Reads OpenAPI v2 definitions; `goTypes` says they describe Go types
 * (the built-in ones), whose zero values `zero` gives. Inline object schemas (properties or
 * additionalProperties without a $ref) get synthetic definition names
 * "<parent>/<field>" so that nested lookups keep working.
 */
export function schemaFromOpenApiDefinitions(defs: Record<string, unknown>, opts: { goTypes?: boolean } = {}): PatchSchema {
  const table = new Map<string, Json>();
  for (const [name, d] of Object.entries(defs)) {
    const o = asObject(d);
    if (o) table.set(name, o);
  }
  // Lookups by definition, then name: no key strings built on the hot path.
  const cache = new Map<string, Map<string, FieldSchema | null>>();
  const zeros = new Map<string, JsonObject>();

  /** The definition name to use for a value schema: its $ref, or a synthetic name for an inline object. */
  function typeName(s: Json | undefined, syntheticName: string): string | undefined {
    const r = refName(s);
    if (r) return r;
    if (s && (asObject(s.properties) || asObject(s.additionalProperties))) {
      if (!table.has(syntheticName)) table.set(syntheticName, s);
      return syntheticName;
    }
    return undefined;
  }

  function describe(prop: Json, owner: string, name: string, mapEntry: boolean): FieldSchema {
    const p = resolveSchema(prop)!;
    const isList = p.type === "array";
    const target = isList ? resolveSchema(asObject(p.items)) : p;
    const ref = typeName(target, `${owner}/${name}`);
    const out: FieldSchema = { isList };
    if (ref) out.ref = ref;
    const strategy = str(p["x-kubernetes-patch-strategy"]);
    if (strategy) out.patchStrategy = strategy;
    const key = str(p["x-kubernetes-patch-merge-key"]);
    if (key) out.patchMergeKey = key;
    const listType = str(p["x-kubernetes-list-type"], ["atomic", "set", "map"] as const);
    if (listType) out.listType = listType;
    const keys = p["x-kubernetes-list-map-keys"];
    if (Array.isArray(keys) && keys.every((k) => typeof k === "string")) out.listMapKeys = keys as string[];
    const mapType = str(p["x-kubernetes-map-type"], ["atomic", "granular"] as const) ?? (ref && !isList ? ownMapType(ref) : undefined);
    if (mapType) out.mapType = mapType;
    if (mapEntry) out.mapEntry = true;
    if (p.default !== undefined) out.default = p.default;
    return out;
  }

  function ownMapType(definition: string): "atomic" | "granular" | undefined {
    return str(table.get(definition)?.["x-kubernetes-map-type"], ["atomic", "granular"] as const);
  }

  function lookup(definition: string, name: string): FieldSchema | undefined {
    const def = table.get(definition);
    if (!def) return undefined;
    const prop = asObject(asObject(def.properties)?.[name]);
    if (prop) return describe(prop, definition, name, false);
    const extra = asObject(def.additionalProperties);
    if (extra) return describe(extra, definition, "*", true);
    return undefined;
  }

  return {
    field(definition, name) {
      if (definition === undefined) return undefined;
      let fields = cache.get(definition);
      if (fields === undefined) cache.set(definition, (fields = new Map()));
      let hit = fields.get(name);
      if (hit === undefined) {
        hit = lookup(definition, name) ?? null;
        fields.set(name, hit);
      }
      return hit ?? undefined;
    },
    mapType(definition) {
      return definition === undefined ? undefined : ownMapType(definition);
    },
    zero(definition) {
      // Custom resources are unstructured: a new one is compared with nothing, as upstream does.
      if (!opts.goTypes || definition === undefined || !asObject(table.get(definition)?.properties)) return undefined;
      let z = zeros.get(definition);
      if (z === undefined) zeros.set(definition, (z = zeroOf(definition, new Set())));
      return z;
    },
  };

  function zeroOf(definition: string, visiting: Set<string>): JsonObject {
    const def = table.get(definition)!;
    const props = asObject(def.properties)!;
    const required = new Set(Array.isArray(def.required) ? (def.required as string[]) : []);
    const out: JsonObject = {};
    visiting.add(definition);
    for (const [name, raw] of Object.entries(props)) {
      const p = resolveSchema(asObject(raw))!;
      const isStruct = isJsonObject(p.default as JsonValue) && Object.keys(p.default as object).length === 0;
      if (isStruct) {
        const ref = refName(p);
        // A struct with fields is written with its own zero fields; one that is a scalar in JSON (Time) is null.
        out[name] = ref && asObject(table.get(ref)?.properties) && !visiting.has(ref) ? zeroOf(ref, visiting) : null;
      } else if (required.has(name)) {
        out[name] = p.default === undefined ? null : (p.default as JsonValue);
      }
    }
    visiting.delete(definition);
    return out;
  }
}
