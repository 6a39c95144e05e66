/**
 * Structural schemas of CustomResourceDefinitions: the checks a CRD's own
 * schema must pass, and what the server does with a custom resource
 * against it (validation with CEL rules, defaulting, pruning), plus the
 * schema's OpenAPI forms for /openapi/v2 and /openapi/v3.
 *
 * Field paths are upstream's: rooted at the object ("spec.size"), with
 * list indices ("spec.items[0].name"); map entries are "spec.labels.key" in
 * OpenAPI errors (kube-openapi's naming) and "spec.labels[key]" in
 * list-type, embedded-resource and CEL errors. Errors about the object as
 * a whole are on upstream's nil path, printed "<nil>".
 */
import { fieldErrors, type FieldError } from "../../api/validation/field.js";
import type { GvkExtension, Schema } from "../../apiserver/openapi/schema.js";
import { compileRules, validateRules, type CompiledRules } from "./cel-rules.js";
import { schemaDecodeError } from "./decode.js";
import { defaultObject, pruneNonNullableNullsWithoutDefaults } from "./defaults.js";
import { validateEmbeddedResources } from "./embedded.js";
import { validateListSetsAndMaps } from "./list-types.js";
import { NIL_PATH, validateOpenApi } from "./openapi-validate.js";
import { publishV2, publishV2ForPatch, publishV3 } from "./publish.js";
import { pruneObject } from "./prune.js";
import { validateStructure } from "./structure.js";
import type { JSONSchemaProps } from "./types.js";

export type { JSONSchemaProps, ValidationRule } from "./types.js";
export { escapeFieldName } from "./cel-types.js";

/** A version's schema made ready for use (CEL rules compiled once). */
export interface CompiledSchema {
  readonly schema: JSONSchemaProps;
  /** The compiled x-kubernetes-validations of every schema node. */
  readonly rules: CompiledRules;
}

export function compileSchema(schema: JSONSchemaProps): CompiledSchema {
  // A schema that does not decode (refused upstream before it is stored) keeps every field and checks none.
  const usable: JSONSchemaProps = schemaDecodeError(schema) ? { type: "object", "x-kubernetes-preserve-unknown-fields": true } : schema;
  return { schema: usable, rules: compileRules(usable) };
}

/**
 * Errors in a CRD version's schema itself: not structural, unsupported
 * keywords, CEL rules that do not compile, bad defaults. fieldPath is where
 * the schema sits in the CRD ("spec.versions[0].schema.openAPIV3Schema").
 */
export function validateSchemaStructure(schema: JSONSchemaProps, fieldPath: string): FieldError[] {
  const decodeError = schemaDecodeError(schema);
  if (decodeError) return [fieldErrors.invalid(fieldPath, "", decodeError)];
  return validateStructure(schema, fieldPath);
}

/**
 * Why a decoded value is not a JSONSchemaProps at all, in Go's
 * json.Unmarshal words, or undefined. Upstream refuses such a CRD when
 * decoding the request (400); the other functions here need a schema that
 * passes this.
 */
export { schemaDecodeError } from "./decode.js";

/**
 * A custom resource against its schema: OpenAPI validation (types, formats,
 * enum, pattern, bounds, required, nullable, list types, embedded
 * resources) then CEL rules; transition rules (those using oldSelf) only
 * when old is given, as on update. CEL rules are not run when a value has
 * the wrong type, as upstream. On update, values equal to their correlated
 * old value do not fail OpenAPI validation or rules without oldSelf
 * (upstream's validation ratcheting).
 */
export function validateObject(compiled: CompiledSchema, obj: unknown, old?: unknown): FieldError[] {
  const errs = [...validateOpenApi(compiled.schema, obj, old), ...validateEmbeddedResources(compiled.schema, obj), ...validateListSetsAndMaps(compiled.schema, obj)];
  if (compiled.rules.size === 0) return errs;
  if (errs.some((e) => e.type === "FieldValueTypeInvalid")) {
    errs.push(fieldErrors.invalid(NIL_PATH, null, "some validation rules were not checked because the object was invalid; correct the existing errors to complete validation"));
    return errs;
  }
  return [...errs, ...validateRules(compiled.rules, compiled.schema, obj, old)];
}

/**
 * Fills in defaults from the schema, in place (upstream's structural
 * defaulting), after dropping nulls of non-nullable fields that have no
 * default, as the server does on decode.
 */
export function applyDefaults(compiled: CompiledSchema, obj: unknown): void {
  applySchemaDefaults(compiled.schema, obj);
}

/** applyDefaults for a schema not compiled (no CEL rules needed); one that does not decode sets nothing. */
export function applySchemaDefaults(schema: JSONSchemaProps, obj: unknown): void {
  if (schemaDecodeError(schema)) return;
  pruneNonNullableNullsWithoutDefaults(obj, schema);
  defaultObject(obj, schema);
}

/**
 * Drops fields the schema does not declare, in place, except under
 * x-kubernetes-preserve-unknown-fields and the root's apiVersion, kind and
 * metadata (metadata keeps ObjectMeta's fields). Returns the dropped paths
 * ("spec.foo"), sorted, for field validation.
 */
export function prune(compiled: CompiledSchema, obj: unknown): string[] {
  return pruneObject(obj, compiled.schema, true);
}

/**
 * The schema as /openapi/v3 publishes it for a custom resource kind: with
 * apiVersion, kind and metadata (a reference to ObjectMeta), and the
 * group-version-kind extension when gvk is given.
 */
export function toOpenApiV3(schema: JSONSchemaProps, gvk?: GvkExtension): Schema {
  return publishV3(schemaDecodeError(schema) ? {} : schema, gvk);
}

/** The v2 form patch and apply read (publishV2ForPatch). */
export function toPatchSchemaV2(schema: JSONSchemaProps, gvk?: GvkExtension): Schema {
  return publishV2ForPatch(schemaDecodeError(schema) ? {} : schema, gvk);
}

/** The schema as /openapi/v2 publishes it (v2 cannot say nullable, oneOf...). */
export function toOpenApiV2(schema: JSONSchemaProps, gvk?: GvkExtension): Schema {
  return publishV2(schemaDecodeError(schema) ? {} : schema, gvk);
}
