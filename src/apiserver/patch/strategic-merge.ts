/**
 * Strategic merge patch, with upstream's semantics (apimachinery
 * strategicpatch, as the API server applies it): maps merge recursively and
 * null deletes; lists follow their field's patch strategy (merge by merge
 * key, union of primitives, or replace); the directives `$patch`,
 * `$retainKeys`, `$deleteFromPrimitiveList/<field>` and
 * `$setElementOrder/<field>` are honoured. Fields the schema does not know
 * merge as in a JSON merge patch (maps merge, lists are replaced).
 */
import {
  applyRetainKeys,
  DELETE_FROM_PRIMITIVE_LIST,
  DIRECTIVE_MARKER,
  discardNulls,
  extractKey,
  removeDirectives,
  SET_ELEMENT_ORDER,
  stripDirectiveKeys,
} from "./strategic-directives.js";
import { errBadArgType, errBadJsonDoc, errBadPatchType, SLICE_TYPE, unknownError } from "./strategic-errors.js";
import { elementKind, mergeSlice } from "./strategic-list.js";
import { normalizeElementOrder, partition, validateSetElementOrder } from "./strategic-order.js";
import { deepCopy, goTypeName, isJsonObject, type JsonObject, type JsonValue } from "./json-value.js";
import type { FieldSchema, PatchSchema } from "./schema.js";

/**
 * Applies a strategic merge patch to original (neither is mutated) for an
 * object of the given OpenAPI definition. Throws PatchError.
 */
export function applyStrategicMergePatch(original: JsonValue, patch: JsonValue, schema: PatchSchema, definition: string | undefined): JsonObject {
  if (!isJsonObject(original) || !isJsonObject(patch)) throw errBadJsonDoc();
  const out = mergeMap(deepCopy(original), deepCopy(patch), schema, definition);
  stripDirectiveKeys(out);
  return out;
}

/** The field's strategy without retainKeys; upstream's error for a malformed one. */
function strategyOf(info: FieldSchema | undefined): string {
  if (!info?.patchStrategy) return "";
  const parts = info.patchStrategy.split(",");
  if (parts.length === 1) return parts[0] === "retainKeys" ? "" : parts[0]!;
  if (parts.length === 2) {
    if (parts[0] === "retainKeys") return parts[1]!;
    if (parts[1] === "retainKeys") return parts[0]!;
  }
  throw unknownError(`unexpected patch strategy: [${parts.join(" ")}]`);
}

/** Merges patch into original (both owned by the caller and mutated). */
export function mergeMap(original: JsonObject, patch: JsonObject, schema: PatchSchema, definition: string | undefined): JsonObject {
  if (Object.hasOwn(patch, DIRECTIVE_MARKER)) {
    const directive = patch[DIRECTIVE_MARKER]!;
    if (directive === "replace") {
      delete patch[DIRECTIVE_MARKER];
      return patch;
    }
    if (directive === "delete") return {};
    throw errBadPatchType(directive, patch);
  }
  applyRetainKeys(original, patch);
  mergeSetElementOrder(original, patch, schema, definition);

  for (const k of Object.keys(patch)) {
    const patchV = patch[k]!;
    let key = k;
    let isDeleteList = false;
    if (k.startsWith(DELETE_FROM_PRIMITIVE_LIST)) {
      key = extractKey(k, DELETE_FROM_PRIMITIVE_LIST);
      isDeleteList = true;
    }
    if (patchV === null) {
      delete original[key];
      continue;
    }
    const originalV = original[key];
    if (originalV === undefined || goTypeName(originalV) !== goTypeName(patchV)) {
      // Absent or of another type: the patch value is taken as it is.
      if (!isDeleteList) setFromPatch(original, key, patchV);
      continue;
    }
    const info = schema.field(definition, key);
    if (isJsonObject(originalV)) {
      const strategy = strategyOf(info);
      original[key] = strategy === "replace" ? patchV : mergeMap(originalV, patchV as JsonObject, schema, info?.ref);
    } else if (Array.isArray(originalV)) {
      const strategy = strategyOf(info);
      original[key] = mergeListField(originalV, patchV as JsonValue[], schema, info, strategy, isDeleteList);
    } else {
      setFromPatch(original, key, patchV);
    }
  }
  return original;
}

function setFromPatch(original: JsonObject, key: string, patchV: JsonValue): void {
  discardNulls(patchV);
  const kept = removeDirectives(patchV);
  if (kept === undefined) delete original[key];
  else original[key] = kept;
}

function mergeListField(
  original: JsonValue[],
  patch: JsonValue[],
  schema: PatchSchema,
  info: FieldSchema | undefined,
  strategy: string,
  isDeleteList: boolean,
): JsonValue[] {
  // Delete lists apply whatever the field's strategy.
  if (strategy === "merge" || isDeleteList) {
    return mergeSlice(original, patch, schema, info?.ref, info?.patchMergeKey ?? "", isDeleteList);
  }
  return patch;
}

/**
 * `$setElementOrder/<field>`: merges the field's patch list (if any) and
 * orders the result by the directive, then the patch, then the live list.
 * Consumes the directive and the field's patch list.
 */
function mergeSetElementOrder(original: JsonObject, patch: JsonObject, schema: PatchSchema, definition: string | undefined): void {
  for (const k of Object.keys(patch)) {
    if (!k.startsWith(SET_ELEMENT_ORDER)) continue;
    const order = patch[k]!;
    delete patch[k];
    if (!Array.isArray(order)) throw errBadArgType(SLICE_TYPE, order);
    const key = extractKey(k, SET_ELEMENT_ORDER);
    const foundOriginal = Object.hasOwn(original, key);
    const foundPatch = Object.hasOwn(patch, key);
    const originalList = original[key];
    const patchList = patch[key];
    if (foundOriginal && !Array.isArray(originalList)) throw errBadArgType(SLICE_TYPE, originalList);
    if (foundPatch && !Array.isArray(patchList)) throw errBadArgType(SLICE_TYPE, patchList);
    const originalValue = (originalList ?? []) as JsonValue[];
    const patchValue = (patchList ?? []) as JsonValue[];
    const info = schema.field(definition, key);
    const strategy = strategyOf(info);
    const mergeKey = info?.patchMergeKey ?? "";
    validateSetElementOrder(patchValue, order, mergeKey);

    let merged: JsonValue[];
    if (foundOriginal && !foundPatch) merged = originalValue;
    else if (!foundOriginal && foundPatch) merged = removeDirectives(patchValue) as JsonValue[];
    else if (foundOriginal && foundPatch) merged = mergeListField(originalValue, patchValue, schema, info, strategy, false);
    else continue;

    const [inOrder, serverOnly] = partition(merged, order, mergeKey);
    const kind = elementKind(originalValue, patchValue);
    original[key] = normalizeElementOrder(inOrder, serverOnly, order, originalValue, mergeKey, kind);
    delete patch[key];
  }
}

