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
