/**
 * A CRD version's schema as upstream's OpenAPI builder publishes it: the
 * structural schema (keywords outside the structural model dropped, such as
 * example and externalDocs), int-or-string unfolded to its anyOf, apiVersion
 * and kind from TypeMeta, metadata as a reference to ObjectMeta (in allOf
 * for v3), the same
 * for embedded resources. The v2 form also drops what Swagger 2.0 cannot
 * say (allOf/anyOf/oneOf/not, nullable) as ToStructuralOpenAPIV2 does.
 */
import type { GvkExtension, Schema } from "../../apiserver/openapi/schema.js";
import { V2_REF_PREFIX, V3_REF_PREFIX } from "../../apiserver/openapi/schema.js";
import { isObject } from "./json.js";
import type { JSONSchemaProps } from "./types.js";

type Out = Record<string, unknown>;

const OBJECT_META = "io.k8s.apimachinery.pkg.apis.meta.v1.ObjectMeta";
const METADATA_DESCRIPTION = "Standard object's metadata. More info: https://git.k8s.io/community/contributors/devel/sig-architecture/api-conventions.md#metadata";
const API_VERSION_DESCRIPTION =
  "APIVersion defines the versioned schema of this representation of an object. Servers should convert recognized schemas to the latest internal value, and may reject unrecognized values. More info: https://git.k8s.io/community/contributors/devel/sig-architecture/api-conventions.md#resources";
const KIND_DESCRIPTION =
  "Kind is a string value representing the REST resource this object represents. Servers may infer this from the endpoint the client submits requests to. Cannot be updated. In CamelCase. More info: https://git.k8s.io/community/contributors/devel/sig-architecture/api-conventions.md#types-kinds";
const EMBEDDED_API_VERSION_DESCRIPTION =
  "apiVersion defines the versioned schema of this representation of an object. More info: https://git.k8s.io/community/contributors/devel/sig-architecture/api-conventions.md#resources";
const EMBEDDED_KIND_DESCRIPTION =
  "kind is a string value representing the type of this object. In CamelCase. More info: https://git.k8s.io/community/contributors/devel/sig-architecture/api-conventions.md#types-kinds";

/** Keywords of value validations, kept in the published schema. */
const valueKeys = [
  "format", "maximum", "exclusiveMaximum", "minimum", "exclusiveMinimum", "maxLength", "minLength", "pattern", "maxItems", "minItems",
  "uniqueItems", "multipleOf", "enum", "maxProperties", "minProperties", "required",
] as const;
const extensionKeys = [
  "x-kubernetes-preserve-unknown-fields", "x-kubernetes-embedded-resource", "x-kubernetes-int-or-string", "x-kubernetes-list-map-keys",
  "x-kubernetes-list-type", "x-kubernetes-map-type", "x-kubernetes-validations",
] as const;

/** A nested value validation (inside allOf...): only value keywords, properties and items. */
function nested(v: JSONSchemaProps): Out {
  const out: Out = {};
  for (const k of valueKeys) if (v[k] !== undefined) out[k] = v[k];
  for (const k of ["allOf", "oneOf", "anyOf"] as const) if (v[k]) out[k] = v[k]!.map(nested);
  if (v.not) out.not = nested(v.not);
  if (v.properties) out.properties = Object.fromEntries(Object.entries(v.properties).map(([k, x]) => [k, nested(x)]));
  if (v.items && !Array.isArray(v.items)) out.items = nested(v.items);
  return out;
}

/** Structural.ToKubeOpenAPI after Unfold: the structural keywords in upstream's field order. */
function structural(s: JSONSchemaProps): Out {
  const out: Out = {};
  if (s.description !== undefined) out.description = s.description;
  if (s.type) out.type = s.type;
  if (s.title) out.title = s.title;
  if (s.default !== undefined) out.default = s.default;
  if (s.nullable) out.nullable = true;
  for (const k of valueKeys) if (s[k] !== undefined) out[k] = s[k];
  for (const k of ["allOf", "oneOf", "anyOf"] as const) if (s[k]) out[k] = s[k]!.map(nested);
  if (s.not) out.not = nested(s.not);
  if (s["x-kubernetes-int-or-string"]) {
    // Unfold: int-or-string is published with the anyOf it stands for, unless already spelled out.
    const intOrString = () => [{ type: "integer" }, { type: "string" }];
    const isPattern = (l: JSONSchemaProps[] | undefined) => l?.length === 2 && l[0].type === "integer" && l[1].type === "string";
    if (!isPattern(s.anyOf) && !isPattern(s.allOf?.[0]?.anyOf)) {
      if (!s.anyOf) out.anyOf = intOrString();
      else out.allOf = [{ anyOf: intOrString() }, ...((out.allOf as Out[]) ?? [])];
    }
  }
  if (s.properties) out.properties = Object.fromEntries(Object.entries(s.properties).map(([k, x]) => [k, structural(x)]));
  if (s.items && !Array.isArray(s.items)) out.items = structural(s.items);
  if (isObject(s.additionalProperties)) out.additionalProperties = structural(s.additionalProperties as JSONSchemaProps);
  else if (s.additionalProperties === true) out.additionalProperties = true;
  for (const k of extensionKeys) {
    const v = s[k];
    if (v === undefined || v === false || (Array.isArray(v) && v.length === 0)) continue;
    out[k] = v;
  }
  return out;
}

/**
 * ToStructuralOpenAPIV2: what Swagger 2.0 cannot take; with forKubectl,
 * also what kubectl's v2 validation would misread (the subtrees of
 * x-kubernetes-preserve-unknown-fields), as the published document does.
 */
function toV2(s: Out, forKubectl: boolean): void {
  const props = s.properties as Record<string, Out> | undefined;
  const addl = isObject(s.additionalProperties) ? (s.additionalProperties as Out) : undefined;
  const items = s.items as Out | undefined;
  // Nullable children leave the required list first (their own flag is about to go).
  if (props && Array.isArray(s.required)) {
    const req = (s.required as string[]).filter((f) => !props[f]?.nullable);
    if (req.length) s.required = req;
    else delete s.required;
  }
  if (addl?.nullable) delete s.required;
  for (const k of ["allOf", "oneOf", "anyOf", "not"]) delete s[k];
  if (s.nullable) {
    delete s.type;
    delete s.nullable;
    delete s.items;
    delete s.properties;
  }
  if (forKubectl && s["x-kubernetes-preserve-unknown-fields"]) {
    delete s.items;
    delete s.properties;
  }
  if (s.items === undefined && s.type === "array") delete s.type;
  if (forKubectl && s["x-kubernetes-preserve-unknown-fields"] && s.type === "object") delete s.type;
  for (const v of Object.values((s.properties as Record<string, Out>) ?? {})) toV2(v, forKubectl);
  if (isObject(s.items)) toV2(s.items as Out, forKubectl);
  if (addl) toV2(addl, forKubectl);
}

function ref(v2: boolean, name: string): Out {
  return { $ref: (v2 ? V2_REF_PREFIX : V3_REF_PREFIX) + name };
}

/**
 * metadata: a reference to ObjectMeta with its own description. v3 forbids
 * siblings of $ref, so there (as kube-openapi's WrapRefs does) the reference
 * moves into allOf; kubectl explain then shows this description.
 */
function metadataProperty(v2: boolean): Out {
  if (v2) return { ...ref(true, OBJECT_META), description: METADATA_DESCRIPTION };
  return { description: METADATA_DESCRIPTION, allOf: [ref(false, OBJECT_META)] };
}

/** apiVersion, kind and metadata of embedded resources (addEmbeddedProperties). */
function addEmbedded(s: Out, v2: boolean): void {
  for (const v of Object.values((s.properties as Record<string, Out>) ?? {})) addEmbedded(v, v2);
  if (isObject(s.items)) addEmbedded(s.items as Out, v2);
  if (isObject(s.additionalProperties)) addEmbedded(s.additionalProperties as Out, v2);
  if (v2 && s["x-kubernetes-preserve-unknown-fields"]) return;
  if (!s["x-kubernetes-embedded-resource"]) return;
  const props = (s.properties ?? {}) as Record<string, Out>;
  props.apiVersion = { description: EMBEDDED_API_VERSION_DESCRIPTION, type: "string" };
  props.kind = { description: EMBEDDED_KIND_DESCRIPTION, type: "string" };
  props.metadata = metadataProperty(v2);
  s.properties = props;
  const req = (s.required as string[] | undefined) ?? [];
  for (const k of ["kind", "apiVersion"]) if (!req.includes(k)) req.push(k);
  s.required = req;
}

function build(schema: JSONSchemaProps, v2: boolean, gvk?: GvkExtension, forKubectl = v2): Schema {
  let out: Out;
  if (forKubectl && schema["x-kubernetes-preserve-unknown-fields"]) {
    // kubectl would reject every unknown field of a v2 schema with properties.
    out = { type: "object" };
  } else {
    out = structural(schema);
    if (v2) toV2(out, forKubectl);
    const props = (out.properties ?? {}) as Record<string, Out>;
    props.metadata = metadataProperty(v2);
    props.apiVersion = { description: API_VERSION_DESCRIPTION, type: "string" };
    props.kind = { description: KIND_DESCRIPTION, type: "string" };
    out.properties = props;
    addEmbedded(out, v2);
  }
  if (gvk) out["x-kubernetes-group-version-kind"] = [gvk];
  return out as Schema;
}

export function publishV3(schema: JSONSchemaProps, gvk?: GvkExtension): Schema {
  return build(schema, false, gvk);
}

export function publishV2(schema: JSONSchemaProps, gvk?: GvkExtension): Schema {
  return build(schema, true, gvk);
}

/**
 * The v2 form server-side apply and strategic merge read their list and map
 * types from: unfiltered for kubectl, so fields under
 * x-kubernetes-preserve-unknown-fields keep their schema (upstream's type
 * converter skips that filter too).
 */
export function publishV2ForPatch(schema: JSONSchemaProps, gvk?: GvkExtension): Schema {
  return build(schema, true, gvk, false);
}
