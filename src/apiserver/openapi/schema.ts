/**
 * The shapes Skiff's OpenAPI documents are made of: Swagger 2.0 schemas as
 * upstream's /openapi/v2 carries them (definitions referenced by
 * `#/definitions/<name>`), and the file the build writes them to.
 */

/** Upstream's x-kubernetes-group-version-kind entry; group is "" for core. */
export interface GvkExtension {
  group: string;
  kind: string;
  version: string;
}

/** A Swagger 2.0 / OpenAPI 3.0 schema object, restricted to what Kubernetes uses. */
export interface Schema {
  $ref?: string;
  allOf?: Schema[];
  type?: string;
  format?: string;
  description?: string;
  properties?: Record<string, Schema>;
  additionalProperties?: Schema | boolean;
  items?: Schema;
  required?: string[];
  default?: unknown;
  enum?: unknown[];
  "x-kubernetes-group-version-kind"?: GvkExtension[];
  "x-kubernetes-patch-strategy"?: string;
  "x-kubernetes-patch-merge-key"?: string;
  "x-kubernetes-list-type"?: "atomic" | "set" | "map";
  "x-kubernetes-list-map-keys"?: string[];
  "x-kubernetes-map-type"?: "atomic" | "granular";
}

/**
 * dist/openapi/definitions.json: every built-in definition in Swagger 2.0
 * form, keyed by upstream's name (io.k8s.api.core.v1.Pod).
 */
export interface DefinitionsFile {
  /** Kubernetes API version the schemas describe (from kubernetes-types). */
  apiVersion: string;
  definitions: Record<string, Schema>;
}

export const V2_REF_PREFIX = "#/definitions/";
export const V3_REF_PREFIX = "#/components/schemas/";

/** The definition name a `$ref` points at, or undefined for other refs. */
export function refName(ref: string | undefined): string | undefined {
  if (!ref) return undefined;
  if (ref.startsWith(V2_REF_PREFIX)) return ref.slice(V2_REF_PREFIX.length);
  if (ref.startsWith(V3_REF_PREFIX)) return ref.slice(V3_REF_PREFIX.length);
  return undefined;
}

/** The definitions with their properties' `default` removed (upstream's v2 form of built-in types). */
export function withoutPropertyDefaults(defs: Record<string, Schema>): Record<string, Schema> {
  const out: Record<string, Schema> = {};
  for (const [name, d] of Object.entries(defs)) {
    const props = d.properties;
    if (!props || !Object.values(props).some((p) => p.default !== undefined)) {
      out[name] = d;
      continue;
    }
    out[name] = { ...d, properties: Object.fromEntries(Object.entries(props).map(([k, p]) => [k, stripDefault(p)])) };
  }
  return out;
}

function stripDefault(p: Schema): Schema {
  if (p.default === undefined) return p;
  const { default: _d, ...rest } = p;
  return rest;
}
