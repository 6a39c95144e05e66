/**
 * Merging one list of a strategic merge patch: lists of objects merge by
 * their merge key (with `$patch: delete | replace` items), lists of
 * primitives are unioned, and `$deleteFromPrimitiveList` removes values.
 */
import { mergeMap } from "./strategic-merge.js";
import { DIRECTIVE_MARKER } from "./strategic-directives.js";
import { errBadArgType, errBadPatchType, errNoListOfLists, errNoMergeKey, MAP_TYPE, unknownError } from "./strategic-errors.js";
import { normalizeElementOrder, partition, type ElementKind } from "./strategic-order.js";
import { goFormat, goTypeName, isJsonObject, type JsonObject, type JsonValue } from "./json-value.js";
import type { PatchSchema } from "./schema.js";

/** The common element kind of the lists; upstream's errors for lists of lists and mixed lists. */
export function elementKind(...lists: JsonValue[][]): ElementKind {
  let first: string | undefined;
  for (const l of lists) {
    for (const v of l) {
      const t = goTypeName(v);
      if (first === undefined) {
        first = t;
        if (Array.isArray(v)) throw errNoListOfLists();
      } else if (first !== t) {
        throw unknownError(`list element types are not identical: ${goFormat(lists)}`);
      }
    }
  }
  if (first === undefined) throw unknownError("no elements in any of the given slices");
  return first === MAP_TYPE ? "map" : "scalar";
}

/**
 * Merges patch into original for a list field whose strategy is merge (or
 * any list, for a `$deleteFromPrimitiveList` patch). Returns the new list.
 */
export function mergeSlice(
  original: JsonValue[],
  patch: JsonValue[],
  schema: PatchSchema,
  itemDefinition: string | undefined,
  mergeKey: string,
  isDeleteList: boolean,
): JsonValue[] {
  if (original.length === 0 && patch.length === 0) return original;
  const kind = elementKind(original, patch);
  let merged: JsonValue[];
  if (kind !== "map") {
    if (isDeleteList) return original.filter((v) => !patch.includes(v));
    merged = [];
    for (const v of [...original, ...patch]) if (!merged.includes(v)) merged.push(v);
    const [inPatch, serverOnly] = partition(merged, patch, "");
    return normalizeElementOrder(inPatch, serverOnly, patch, original, "", kind);
  }
  if (!mergeKey) throw unknownError(`cannot merge lists without merge key for ${itemDefinition ?? "struct"}`);
  [original, patch] = applySpecialElements(original, patch, mergeKey);
  merged = [...original];
  for (const item of patch as JsonObject[]) {
    if (!Object.hasOwn(item, mergeKey)) throw errNoMergeKey(item, mergeKey);
    const at = findByKey(merged, mergeKey, item[mergeKey]!);
    if (at >= 0) merged[at] = mergeMap(merged[at] as JsonObject, item, schema, itemDefinition);
    else merged.push(item);
  }
  const [inPatch, serverOnly] = partition(merged, patch, mergeKey);
  return normalizeElementOrder(inPatch, serverOnly, patch, original, mergeKey, kind);
}

/** Index of the first map whose mergeKey equals value, or -1. */
function findByKey(list: JsonValue[], mergeKey: string, value: JsonValue): number {
  for (let i = 0; i < list.length; i++) {
    const v = list[i];
    if (!isJsonObject(v)) throw unknownError(`value for key ${i} is not a map`);
    if (Object.hasOwn(v, mergeKey) && v[mergeKey] === value) return i;
  }
  return -1;
}

/**
 * Applies `$patch` items: delete removes every original item with that key,
 * replace makes the rest of the patch the whole list, merge is refused.
 * Returns the updated original and the patch without directive items.
 */
function applySpecialElements(original: JsonValue[], patch: JsonValue[], mergeKey: string): [JsonValue[], JsonValue[]] {
  const plain: JsonValue[] = [];
  let replace = false;
  for (const v of patch) {
    if (!isJsonObject(v)) throw errBadArgType(MAP_TYPE, v);
    if (!Object.hasOwn(v, DIRECTIVE_MARKER)) {
      plain.push(v);
      continue;
    }
    const directive = v[DIRECTIVE_MARKER]!;
    if (directive === "delete") {
      if (!Object.hasOwn(v, mergeKey)) throw errNoMergeKey(v, mergeKey);
      const key = v[mergeKey];
      original = original.filter((x, i) => {
        if (!isJsonObject(x)) throw unknownError(`value for key ${i} is not a map`);
        return !(Object.hasOwn(x, mergeKey) && x[mergeKey] === key);
      });
    } else if (directive === "replace") {
      replace = true;
    } else if (directive === "merge") {
      throw unknownError("merging lists cannot yet be specified in the patch");
    } else {
      throw errBadPatchType(directive, v);
    }
  }
  return replace ? [plain, []] : [original, plain];
}
