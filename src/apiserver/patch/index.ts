/**
 * Patch formats the API server accepts: JSON patch, JSON merge patch and
 * strategic merge patch, as pure functions over JSON values.
 */
export { applyJsonPatch, MAX_JSON_PATCH_OPERATIONS } from "./json-patch.js";
export { applyMergePatch } from "./merge-patch.js";
export { applyStrategicMergePatch } from "./strategic-merge.js";
export { PatchError, REJECTED_MESSAGE, toApiError, type PatchErrorKind } from "./errors.js";
export { emptySchema, schemaFromOpenApiDefinitions, type FieldSchema, type PatchSchema } from "./schema.js";
export { deepEqual, isJsonObject, type JsonObject, type JsonValue } from "./json-value.js";
