/**
 * Structural schemas of CustomResourceDefinitions: the checks a CRD's own
 * schema must pass, and what the server does with a custom resource
 * against it (validation with CEL rules, defaulting, pruning), plus the
 * schema's OpenAPI forms for /openapi/v2 and /openapi/v3.
 *
 * Field paths are upstream's: rooted at the object ("spec.size"), with
 * list indices ("spec.items[0].name") and map keys ("spec.labels[key]").
 */
import type { FieldError } from "../../api/validation/field.js";
import type { Schema } from "../../apiserver/openapi/schema.js";
import type { JSONSchemaProps } from "./types.js";

export type { JSONSchemaProps, ValidationRule } from "./types.js";

/** A version's schema made ready for use (CEL rules compiled once). */
export interface CompiledSchema {
  readonly schema: JSONSchemaProps;
}

export function compileSchema(schema: JSONSchemaProps): CompiledSchema {
  return { schema };
}

/**
 * Errors in a CRD version's schema itself: not structural, unsupported
 * keywords, CEL rules that do not compile, bad defaults. fieldPath is where
 * the schema sits in the CRD ("spec.versions[0].schema.openAPIV3Schema").
 */
export function validateSchemaStructure(_schema: JSONSchemaProps, _fieldPath: string): FieldError[] {
  return [];
}

/**
 * A custom resource against its schema: OpenAPI validation (types, formats,
 * enum, pattern, bounds, required, nullable, list types, embedded
 * resources) then CEL rules; transition rules (those using oldSelf) only
 * when old is given, as on update.
 */
export function validateObject(_compiled: CompiledSchema, _obj: unknown, _old?: unknown): FieldError[] {
  return [];
}

/** Fills in defaults from the schema, in place (upstream's structural defaulting). */
export function applyDefaults(_compiled: CompiledSchema, _obj: unknown): void {}

/**
 * Drops fields the schema does not declare, in place, except under
 * x-kubernetes-preserve-unknown-fields and the root's apiVersion, kind and
 * metadata. Returns the dropped paths ("spec.foo") for field validation.
 */
export function prune(_compiled: CompiledSchema, _obj: unknown): string[] {
  return [];
}

/** The schema as /openapi/v3 publishes it for a custom resource kind. */
export function toOpenApiV3(schema: JSONSchemaProps): Schema {
  return schema as Schema;
}

/** The schema as /openapi/v2 publishes it (v2 cannot say nullable, oneOf...). */
export function toOpenApiV2(schema: JSONSchemaProps): Schema {
  return schema as Schema;
}
