/**
 * Lookups over the built-in definitions that the rest of the server needs:
 * unknown-field detection for strict field validation, and the list and
 * patch metadata that strategic merge patch and server-side apply follow.
 */
import type { Schema } from "./schema.js";
import { refName } from "./schema.js";

/** How a field of a definition merges (upstream's patch meta). */
export interface PatchMeta {
  /** Definition name of the field's object type, or of its items when a list. */
  ref?: string;
  isList: boolean;
  patchStrategy?: string;
  patchMergeKey?: string;
  listType?: "atomic" | "set" | "map";
  listMapKeys?: string[];
}

export interface SchemaIndex {
  definition(name: string): Schema | undefined;
  /**
   * Paths of fields in obj that the definition does not declare, in
   * upstream's strict-decoding form: `spec.containers[0].imagePullPolice`,
   * `spec.selector.matchLabels` entries as `.key`. Free-form parts
   * (RawExtension, FieldsV1, JSON, untyped objects) are not inspected.
   */
  findUnknownFields(definitionName: string, obj: unknown): string[];
  /** Patch metadata of one field; undefined for an unknown definition or field. */
  patchMeta(definitionName: string, fieldName: string): PatchMeta | undefined;
}

function isPlainObject(v: unknown): v is Record<string, unknown> {
  return typeof v === "object" && v !== null && !Array.isArray(v);
}

/** The definition name a property schema stands for ($ref, or allOf-wrapped $ref). */
export function schemaRef(s: Schema | undefined): string | undefined {
  return refName(s?.$ref) ?? refName(s?.allOf?.[0]?.$ref);
}

export function createSchemaIndex(definitions: Record<string, Schema>): SchemaIndex {
  const resolve = (s: Schema | undefined): Schema | undefined => {
    const name = schemaRef(s);
    return name ? definitions[name] : s;
  };

  // The path is kept as a stack of segments and only joined into a string
  // for an unknown field: most requests have none, and joining every
  // field's path was a string per field per request.
  const segments: (string | number)[] = [];
  const pathWith = (last: string): string => {
    let path = "";
    for (const seg of segments) path = typeof seg === "number" ? `${path}[${seg}]` : path ? `${path}.${seg}` : seg;
    return path ? `${path}.${last}` : last;
  };

  const walk = (schema: Schema | undefined, value: unknown, out: string[]): void => {
    const s = resolve(schema);
    if (!s || value === null || value === undefined) return;
    if (Array.isArray(value)) {
      if (s.type !== "array" || !s.items) return;
      for (let i = 0; i < value.length; i++) {
        segments.push(i);
        walk(s.items, value[i], out);
        segments.pop();
      }
      return;
    }
    if (!isPlainObject(value)) return;
    const props = s.properties;
    const additional = props ? undefined : isPlainObject(s.additionalProperties) ? s.additionalProperties : undefined;
    if (!props && !additional) return;
    for (const k in value) {
      const prop = props ? props[k] : additional;
      if (!prop) {
        out.push(pathWith(k));
        continue;
      }
      const v = value[k];
      if (v === null || typeof v !== "object") continue;
      segments.push(k);
      walk(prop, v, out);
      segments.pop();
    }
  };

  return {
    definition: (name) => definitions[name],
    findUnknownFields(definitionName, obj) {
      const out: string[] = [];
      const def = definitions[definitionName];
      segments.length = 0;
      if (def) walk(def, obj, out);
      return out;
    },
    patchMeta(definitionName, fieldName) {
      const prop = definitions[definitionName]?.properties?.[fieldName];
      if (!prop) return undefined;
      const isList = prop.type === "array";
      const meta: PatchMeta = { isList };
      const ref = schemaRef(isList ? prop.items : prop);
      if (ref) meta.ref = ref;
      if (prop["x-kubernetes-patch-strategy"]) meta.patchStrategy = prop["x-kubernetes-patch-strategy"];
      if (prop["x-kubernetes-patch-merge-key"]) meta.patchMergeKey = prop["x-kubernetes-patch-merge-key"];
      if (prop["x-kubernetes-list-type"]) meta.listType = prop["x-kubernetes-list-type"];
      if (prop["x-kubernetes-list-map-keys"]) meta.listMapKeys = prop["x-kubernetes-list-map-keys"];
      return meta;
    },
  };
}
