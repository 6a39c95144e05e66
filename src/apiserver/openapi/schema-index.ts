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

  const walk = (schema: Schema | undefined, value: unknown, path: string, out: string[]): void => {
    const s = resolve(schema);
    if (!s || value === null || value === undefined) return;
    if (Array.isArray(value)) {
      if (s.type !== "array" || !s.items) return;
      value.forEach((item, i) => walk(s.items, item, `${path}[${i}]`, out));
      return;
    }
    if (!isPlainObject(value)) return;
    const join = (k: string) => (path ? `${path}.${k}` : k);
    if (s.properties) {
      for (const [k, v] of Object.entries(value)) {
        const prop = s.properties[k];
        if (prop) walk(prop, v, join(k), out);
        else out.push(join(k));
      }
    } else if (isPlainObject(s.additionalProperties)) {
      for (const [k, v] of Object.entries(value)) walk(s.additionalProperties, v, join(k), out);
    }
  };

  return {
    definition: (name) => definitions[name],
    findUnknownFields(definitionName, obj) {
      const out: string[] = [];
      const def = definitions[definitionName];
      if (def) walk(def, obj, "", out);
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
