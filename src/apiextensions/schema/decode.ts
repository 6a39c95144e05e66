/**
 * Whether a decoded JSON value has the shape of JSONSchemaProps, with the
 * error Go's json.Unmarshal gives upstream when it does not (a request
 * carrying such a schema fails to decode there). The rest of this package
 * assumes a well-shaped schema.
 */
import { isObject } from "./json.js";

type Kind = "string" | "number" | "integer" | "bool" | "strings" | "array" | "schema" | "schemas" | "schemaMap" | "schemaOrBool" | "schemaOrArray" | "dependencies" | "object" | "rules" | "any";

const fields: Record<string, Kind> = {
  id: "string", $schema: "string", $ref: "string", description: "string", type: "string", format: "string", title: "string", pattern: "string",
  maximum: "number", minimum: "number", multipleOf: "number",
  maxLength: "integer", minLength: "integer", maxItems: "integer", minItems: "integer", maxProperties: "integer", minProperties: "integer",
  exclusiveMaximum: "bool", exclusiveMinimum: "bool", uniqueItems: "bool", nullable: "bool",
  "x-kubernetes-preserve-unknown-fields": "bool", "x-kubernetes-embedded-resource": "bool", "x-kubernetes-int-or-string": "bool",
  required: "strings", "x-kubernetes-list-map-keys": "strings", enum: "array",
  not: "schema", allOf: "schemas", oneOf: "schemas", anyOf: "schemas",
  properties: "schemaMap", patternProperties: "schemaMap", definitions: "schemaMap",
  additionalProperties: "schemaOrBool", additionalItems: "schemaOrBool", items: "schemaOrArray", dependencies: "dependencies",
  "x-kubernetes-list-type": "string", "x-kubernetes-map-type": "string", externalDocs: "object", "x-kubernetes-validations": "rules",
  default: "any", example: "any",
};

const goTypes: Record<Kind, string> = {
  string: "string", number: "float64", integer: "int64", bool: "bool", strings: "[]string", array: "[]v1.JSON", schema: "v1.JSONSchemaProps",
  schemas: "[]v1.JSONSchemaProps", schemaMap: "map[string]v1.JSONSchemaProps", schemaOrBool: "v1.JSONSchemaPropsOrBool",
  schemaOrArray: "v1.JSONSchemaPropsOrArray", dependencies: "v1.JSONSchemaDependencies", object: "v1.ExternalDocumentation",
  rules: "v1.ValidationRules", any: "v1.JSON",
};

function jsonKind(v: unknown): string {
  if (Array.isArray(v)) return "array";
  if (v === null) return "null";
  if (typeof v === "object") return "object";
  if (typeof v === "boolean") return "bool";
  return typeof v;
}

const fail = (v: unknown, field: string, kind: Kind | string) =>
  `json: cannot unmarshal ${jsonKind(v)} into Go struct field JSONSchemaProps.${field} of type ${goTypes[kind as Kind] ?? kind}`;

function check(v: unknown, field: string, kind: Kind): string | undefined {
  if (v === null || v === undefined || kind === "any") return undefined;
  switch (kind) {
    case "string":
      return typeof v === "string" ? undefined : fail(v, field, kind);
    case "number":
      return typeof v === "number" ? undefined : fail(v, field, kind);
    case "integer":
      return typeof v === "number" && Number.isInteger(v) ? undefined : fail(v, field, kind);
    case "bool":
      return typeof v === "boolean" ? undefined : fail(v, field, kind);
    case "strings":
      if (!Array.isArray(v)) return fail(v, field, kind);
      return v.every((x) => typeof x === "string") ? undefined : fail(v.find((x) => typeof x !== "string"), field, "string");
    case "array":
      return Array.isArray(v) ? undefined : fail(v, field, kind);
    case "object":
      return isObject(v) ? undefined : fail(v, field, kind);
    case "schema":
      return isObject(v) ? schemaDecodeError(v) : fail(v, field, kind);
    case "schemas":
      if (!Array.isArray(v)) return fail(v, field, kind);
      for (const x of v) {
        const e = isObject(x) ? schemaDecodeError(x) : fail(x, field, "schema");
        if (e) return e;
      }
      return undefined;
    case "schemaMap":
    case "dependencies":
      if (!isObject(v)) return fail(v, field, kind);
      for (const x of Object.values(v)) {
        if (kind === "dependencies" && Array.isArray(x)) continue;
        const e = isObject(x) ? schemaDecodeError(x) : fail(x, field, kind === "dependencies" ? "v1.JSONSchemaPropsOrStringArray" : "schema");
        if (e) return e;
      }
      return undefined;
    case "schemaOrBool":
      if (typeof v === "boolean") return undefined;
      return isObject(v) ? schemaDecodeError(v) : `json: cannot unmarshal ${jsonKind(v)} into Go value of type v1.JSONSchemaPropsOrBool`;
    case "schemaOrArray":
      if (Array.isArray(v)) return check(v, field, "schemas");
      return isObject(v) ? schemaDecodeError(v) : `json: cannot unmarshal ${jsonKind(v)} into Go value of type v1.JSONSchemaPropsOrArray`;
    case "rules":
      if (!Array.isArray(v)) return fail(v, field, kind);
      for (const r of v) {
        if (!isObject(r)) return fail(r, field, "v1.ValidationRule");
        for (const k of ["rule", "message", "messageExpression", "reason", "fieldPath"]) {
          if (r[k] !== undefined && r[k] !== null && typeof r[k] !== "string") return `json: cannot unmarshal ${jsonKind(r[k])} into Go struct field ValidationRule.${k} of type string`;
        }
        if (r.optionalOldSelf !== undefined && r.optionalOldSelf !== null && typeof r.optionalOldSelf !== "boolean") {
          return `json: cannot unmarshal ${jsonKind(r.optionalOldSelf)} into Go struct field ValidationRule.optionalOldSelf of type bool`;
        }
      }
      return undefined;
  }
}

/** The decode error of a schema that is not shaped as JSONSchemaProps, or undefined. */
export function schemaDecodeError(schema: unknown): string | undefined {
  if (!isObject(schema)) return `json: cannot unmarshal ${jsonKind(schema)} into Go value of type v1.JSONSchemaProps`;
  for (const [k, v] of Object.entries(schema)) {
    const kind = fields[k];
    if (!kind) continue;
    const e = check(v, k, kind);
    if (e) return e;
  }
  return undefined;
}
