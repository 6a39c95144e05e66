/**
 * The directives a strategic merge patch may carry besides plain values:
 * `$patch`, `$retainKeys`, `$deleteFromPrimitiveList/<field>` and
 * `$setElementOrder/<field>`.
 */
import { errBadPrimitiveList, errBadRetainKeys, errBadSetElementOrder, unknownError } from "./strategic-errors.js";
import { isJsonObject, type JsonObject, type JsonValue } from "./json-value.js";

export const DIRECTIVE_MARKER = "$patch";
export const RETAIN_KEYS_DIRECTIVE = "$retainKeys";
export const DELETE_FROM_PRIMITIVE_LIST = "$deleteFromPrimitiveList";
export const SET_ELEMENT_ORDER = "$setElementOrder";

/** The field named after `<prefix>/`; upstream's errors when the key has no such form. */
export function extractKey(key: string, prefix: string): string {
  const slash = key.indexOf("/");
  if (slash < 0 || key.slice(0, slash) !== prefix) {
    if (prefix === DELETE_FROM_PRIMITIVE_LIST) throw errBadPrimitiveList();
    if (prefix === SET_ELEMENT_ORDER) throw errBadSetElementOrder();
    throw unknownError(`fail to find unknown prefix "${prefix}" in ${key}\n`);
  }
  return key.slice(slash + 1);
}

/** Whether a patch item is a directive map ({"$patch": ...}). */
export function hasDirectiveMarker(v: JsonValue | undefined): boolean {
  return isJsonObject(v) && Object.hasOwn(v, DIRECTIVE_MARKER);
}

/**
 * Drops directive maps from a value taken from the patch as is; returns
 * undefined when the value itself is a directive map (the field is dropped).
 */
export function removeDirectives(v: JsonValue): JsonValue | undefined {
  if (Array.isArray(v)) {
    const out: JsonValue[] = [];
    for (const x of v) {
      const kept = removeDirectives(x);
      if (kept !== undefined) out.push(kept);
    }
    return out;
  }
  if (isJsonObject(v)) {
    if (Object.hasOwn(v, DIRECTIVE_MARKER)) return undefined;
    for (const [k, x] of Object.entries(v)) {
      const kept = removeDirectives(x);
      if (kept === undefined) delete v[k];
      else v[k] = kept;
    }
    return v;
  }
  return v;
}

/** Drops null members of maps, recursively (nulls in a newly added value mean nothing). */
export function discardNulls(v: JsonValue): void {
  if (Array.isArray(v)) {
    for (const x of v) discardNulls(x);
  } else if (isJsonObject(v)) {
    for (const [k, x] of Object.entries(v)) {
      if (x === null) delete v[k];
      else discardNulls(x);
    }
  }
}

/**
 * `$retainKeys`: every non-null field of the patch must be listed, and the
 * original keeps only listed fields. Consumes the directive.
 */
export function applyRetainKeys(original: JsonObject, patch: JsonObject): void {
  if (!Object.hasOwn(patch, RETAIN_KEYS_DIRECTIVE)) return;
  const list = patch[RETAIN_KEYS_DIRECTIVE];
  delete patch[RETAIN_KEYS_DIRECTIVE];
  if (!Array.isArray(list)) throw errBadRetainKeys();
  const keep = new Set(list.filter((x): x is string => typeof x === "string"));
  for (const [k, v] of Object.entries(patch)) {
    if (v === null || k.startsWith(DELETE_FROM_PRIMITIVE_LIST) || k.startsWith(SET_ELEMENT_ORDER)) continue;
    if (!keep.has(k)) throw errBadRetainKeys();
  }
  for (const k of Object.keys(original)) if (!keep.has(k)) delete original[k];
}

/**
 * Directive keys left in a result (inside a map taken whole from the patch)
 * are not fields of any API type; upstream's typed decoding drops them, and
 * so does this.
 */
export function stripDirectiveKeys(v: JsonValue): void {
  if (Array.isArray(v)) {
    for (const x of v) stripDirectiveKeys(x);
  } else if (isJsonObject(v)) {
    for (const [k, x] of Object.entries(v)) {
      if (
        k === DIRECTIVE_MARKER ||
        k === RETAIN_KEYS_DIRECTIVE ||
        k.startsWith(`${SET_ELEMENT_ORDER}/`) ||
        k.startsWith(`${DELETE_FROM_PRIMITIVE_LIST}/`)
      ) {
        delete v[k];
      } else {
        stripDirectiveKeys(x);
      }
    }
  }
}
