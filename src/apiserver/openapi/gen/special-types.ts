/**
 * Types whose wire form is not what their Go struct suggests; upstream gives
 * them hand-written OpenAPI (OpenAPISchemaType/OpenAPISchemaFormat methods).
 * What the declarations say (description, string alias) is kept; these
 * entries replace type and format.
 */
import type { Schema } from "../schema.js";
import { INT_OR_STRING } from "./definition-names.js";

export const specialTypes: Record<string, Pick<Schema, "type" | "format">> = {
  "io.k8s.apimachinery.pkg.api.resource.Quantity": { type: "string" },
  "io.k8s.apimachinery.pkg.apis.meta.v1.Time": { type: "string", format: "date-time" },
  "io.k8s.apimachinery.pkg.apis.meta.v1.MicroTime": { type: "string", format: "date-time" },
  "io.k8s.apimachinery.pkg.apis.meta.v1.FieldsV1": { type: "object" },
  "io.k8s.apimachinery.pkg.runtime.RawExtension": { type: "object" },
  // Any JSON value: no type at all.
  "io.k8s.apiextensions-apiserver.pkg.apis.apiextensions.v1.JSON": {},
};

/** Definitions the declarations never name as types but upstream does. */
export const syntheticDefinitions: Record<string, Schema> = {
  [INT_OR_STRING]: {
    description: "IntOrString is a type that can hold an int32 or a string.  When used in JSON or YAML marshalling and unmarshalling, it produces or consumes the inner type.  This allows you to have, for example, a JSON field that can accept a name or number.",
    type: "string",
    format: "int-or-string",
  },
};

const V1 = "io.k8s.apiextensions-apiserver.pkg.apis.apiextensions.v1";

/**
 * Fields upstream's types have that the declarations leave out: the
 * x-kubernetes-* extensions of JSONSchemaProps (a CRD's schema carries them).
 */
export const extraProperties: Record<string, Record<string, Schema>> = {
  [`${V1}.JSONSchemaProps`]: {
    "x-kubernetes-embedded-resource": { description: "x-kubernetes-embedded-resource defines that the value is an embedded Kubernetes runtime.Object, with TypeMeta and ObjectMeta. The type must be object. It is allowed to further restrict the embedded object. kind, apiVersion and metadata are validated automatically. x-kubernetes-preserve-unknown-fields is allowed to be true, but does not have to be if the object is fully specified (up to kind, apiVersion, metadata).", type: "boolean" },
    "x-kubernetes-int-or-string": { description: "x-kubernetes-int-or-string specifies that this value is either an integer or a string. If this is true, an empty type is allowed and type as child of anyOf is permitted if following one of the following patterns:\n\n1) anyOf:\n   - type: integer\n   - type: string\n2) allOf:\n   - anyOf:\n     - type: integer\n     - type: string\n   - ... zero or more", type: "boolean" },
    "x-kubernetes-list-map-keys": { description: "x-kubernetes-list-map-keys annotates an array with the x-kubernetes-list-type `map` by specifying the keys used as the index of the map.\n\nThis tag MUST only be used on lists that have the \"x-kubernetes-list-type\" extension set to \"map\". Also, the values specified for this attribute must be a scalar typed field of the child structure (no nesting is supported).\n\nThe properties specified must either be required or have a default value, to ensure those properties are present for all list items.", type: "array", items: { type: "string", default: "" }, "x-kubernetes-list-type": "atomic" },
    "x-kubernetes-list-type": { description: "x-kubernetes-list-type annotates an array to further describe its topology. This extension must only be used on lists and may have 3 possible values:\n\n1) `atomic`: the list is treated as a single entity, like a scalar.\n     Atomic lists will be entirely replaced when updated. This extension\n     may be used on any type of list (struct, scalar, ...).\n2) `set`:\n     Sets are lists that must not have multiple items with the same value. Each\n     value must be a scalar, an object with x-kubernetes-map-type `atomic` or an\n     array with x-kubernetes-list-type `atomic`.\n3) `map`:\n     These lists are like maps in that their elements have a non-index key\n     used to identify them. Order is preserved upon merge. The map tag\n     must only be used on a list with elements of type object.\nDefaults to atomic for arrays.", type: "string" },
    "x-kubernetes-map-type": { description: "x-kubernetes-map-type annotates an object to further describe its topology. This extension must only be used when type is object and may have 2 possible values:\n\n1) `granular`:\n     These maps are actual maps (key-value pairs) and each fields are independent\n     from each other (they can each be manipulated by separate actors). This is\n     the default behaviour for all maps.\n2) `atomic`: the list is treated as a single entity, like a scalar.\n     Atomic maps will be entirely replaced when updated.", type: "string" },
    "x-kubernetes-preserve-unknown-fields": { description: "x-kubernetes-preserve-unknown-fields stops the API server decoding step from pruning fields which are not specified in the validation schema. This affects fields recursively, but switches back to normal pruning behaviour if nested properties or additionalProperties are specified in the schema. This can either be true or undefined. False is forbidden.", type: "boolean" },
    "x-kubernetes-validations": {
      description: "x-kubernetes-validations describes a list of validation rules written in the CEL expression language.",
      type: "array",
      items: { default: {}, $ref: `#/definitions/${V1}.ValidationRule` },
      "x-kubernetes-list-map-keys": ["rule"],
      "x-kubernetes-list-type": "map",
      "x-kubernetes-patch-merge-key": "rule",
      "x-kubernetes-patch-strategy": "merge",
    },
  },
};
