/**
 * Ordering of merged lists in a strategic merge patch. Upstream's rule:
 * `$setElementOrder` first, then the order of items in the patch, then the
 * order of the live list; items the patch names go where the patch puts
 * them, items only the server has keep their place among them as far as the
 * live order allows. New items therefore come before server-only items
 * unless `$setElementOrder` says otherwise.
 */
import { DIRECTIVE_MARKER, hasDirectiveMarker } from "./strategic-directives.js";
import { errBadArgType, errNoMergeKey, MAP_TYPE, unknownError } from "./strategic-errors.js";
import { goFormat, isJsonObject, type JsonObject, type JsonValue } from "./json-value.js";

/** "map" for lists of objects, "scalar" for lists of primitives. */
export type ElementKind = "map" | "scalar";

/** The identity an item is ordered and matched by: its merge key value, or itself. */
function identity(item: JsonValue, mergeKey: string, kind: ElementKind): JsonValue | undefined {
  if (kind !== "map") return item;
  return isJsonObject(item) ? item[mergeKey] : undefined;
}

/** Index of the item in l by identity, or -1. */
export function indexOf(l: readonly JsonValue[], item: JsonValue, mergeKey: string, kind: ElementKind): number {
  const want = identity(item, mergeKey, kind);
  return l.findIndex((x) => identity(x, mergeKey, kind) === want);
}

function validateMergeKeys(mergeKey: string, ...lists: JsonValue[][]): void {
  for (const l of lists) {
    for (const item of l) {
      if (!isJsonObject(item)) throw errBadArgType(MAP_TYPE, item);
      if (!Object.hasOwn(item, mergeKey)) throw errNoMergeKey(item, mergeKey);
    }
  }
}

/** Stable insertion sort with upstream's comparator: items absent from `order` sort before anything. */
function sortByOrder(toSort: JsonValue[], order: readonly JsonValue[], mergeKey: string, kind: ElementKind): JsonValue[] {
  const out = [...toSort];
  const less = (a: JsonValue, b: JsonValue): boolean => {
    const ia = indexOf(order, a, mergeKey, kind);
    if (ia < 0) return true;
    const ib = indexOf(order, b, mergeKey, kind);
    if (ib < 0) return true;
    return ia < ib;
  };
  for (let i = 1; i < out.length; i++) {
    for (let j = i; j > 0 && less(out[j]!, out[j - 1]!); j--) [out[j], out[j - 1]] = [out[j - 1]!, out[j]!];
  }
  return out;
}

function normalizeSliceOrder(toSort: JsonValue[], order: readonly JsonValue[], mergeKey: string, kind: ElementKind): JsonValue[] {
  let deletions: JsonValue[] = [];
  if (kind === "map") {
    validateMergeKeys(mergeKey, toSort, order as JsonValue[]);
    deletions = toSort.filter((x) => (x as JsonObject)[DIRECTIVE_MARKER] === "delete");
    toSort = toSort.filter((x) => (x as JsonObject)[DIRECTIVE_MARKER] !== "delete");
  }
  return [...sortByOrder(toSort, order, mergeKey, kind), ...deletions];
}

/**
 * Interleaves server-only items (left) into patch items (right): a
 * server-only item goes first only when both are in the live list and it
 * comes earlier there.
 */
function mergeSorted(left: JsonValue[], right: JsonValue[], serverOrder: readonly JsonValue[], mergeKey: string, kind: ElementKind): JsonValue[] {
  const out: JsonValue[] = [];
  let i = 0;
  let j = 0;
  while (i < left.length || j < right.length) {
    if (i >= left.length) out.push(right[j++]!);
    else if (j >= right.length) out.push(left[i++]!);
    else {
      const li = indexOf(serverOrder, left[i]!, mergeKey, kind);
      const ri = indexOf(serverOrder, right[j]!, mergeKey, kind);
      if (li >= 0 && ri >= 0 && li < ri) out.push(left[i++]!);
      else out.push(right[j++]!);
    }
  }
  return out;
}

/** Orders patch items by patchOrder and server-only items by serverOrder, then interleaves them. */
export function normalizeElementOrder(
  patchItems: JsonValue[],
  serverOnly: JsonValue[],
  patchOrder: readonly JsonValue[],
  serverOrder: readonly JsonValue[],
  mergeKey: string,
  kind: ElementKind,
): JsonValue[] {
  const p = normalizeSliceOrder(patchItems, patchOrder, mergeKey, kind);
  const s = normalizeSliceOrder(serverOnly, serverOrder, mergeKey, kind);
  return mergeSorted(s, p, serverOrder, mergeKey, kind);
}

/** Splits merged items into those present in `by` and the rest. */
export function partition(merged: JsonValue[], by: readonly JsonValue[], mergeKey: string): [JsonValue[], JsonValue[]] {
  const inPatch: JsonValue[] = [];
  const serverOnly: JsonValue[] = [];
  for (const v of merged) {
    let found: boolean;
    if (!mergeKey) {
      found = by.some((x) => x === v);
    } else {
      if (!isJsonObject(v)) throw errBadArgType(MAP_TYPE, v);
      if (!Object.hasOwn(v, mergeKey)) throw errNoMergeKey(v, mergeKey);
      found = by.some((x) => {
        if (!isJsonObject(x)) throw unknownError(`value for key ${by.indexOf(x)} is not a map`);
        return x[mergeKey] === v[mergeKey];
      });
    }
    (found ? inPatch : serverOnly).push(v);
  }
  return [inPatch, serverOnly];
}

/**
 * Checks that the patch list's items appear in `$setElementOrder` in the
 * same relative order (deletions and other directives aside).
 */
export function validateSetElementOrder(patchList: JsonValue[], order: JsonValue[], mergeKey: string): void {
  if (order.length === 0 || patchList.length === 0) return;
  const items = mergeKey ? patchList.filter((x) => !(isJsonObject(x) && x[DIRECTIVE_MARKER] === "delete")) : patchList;
  if (mergeKey) for (const x of patchList) if (!isJsonObject(x)) throw errBadArgType(MAP_TYPE, x);
  let p = 0;
  let s = 0;
  while (p < items.length && s < order.length) {
    if (hasDirectiveMarker(items[p])) {
      p++;
      continue;
    }
    if (sameKey(items[p]!, order[s]!, mergeKey)) p++;
    s++;
  }
  if (p < items.length && s >= order.length) {
    throw unknownError(`The order in patch list:\n${goFormat(patchList)}\n doesn't match $setElementOrder list:\n${goFormat(order)}\n`);
  }
}

function sameKey(a: JsonValue, b: JsonValue, mergeKey: string): boolean {
  if (!mergeKey) return a === b;
  if (!isJsonObject(a)) throw errBadArgType(MAP_TYPE, a);
  if (!isJsonObject(b)) throw errBadArgType(MAP_TYPE, b);
  if (!Object.hasOwn(a, mergeKey)) throw errNoMergeKey(a, mergeKey);
  if (!Object.hasOwn(b, mergeKey)) throw errNoMergeKey(b, mergeKey);
  return a[mergeKey] === b[mergeKey];
}
