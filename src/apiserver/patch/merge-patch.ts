/**
 * JSON Merge Patch (RFC 7386) as upstream's API server applies it (evanphx
 * json-patch MergePatch): null deletes, objects merge recursively, anything
 * else replaces. Nulls inside newly added objects are dropped; nulls that
 * are array elements are kept.
 */
import { PatchError } from "./errors.js";
import { deepCopy, isJsonObject, type JsonObject, type JsonValue } from "./json-value.js";

/** Upstream's error for a patch that is null or a bare scalar (a 400). */
export const BAD_MERGE_PATCH = "Invalid JSON Patch";

/** Applies a merge patch to doc (neither is mutated). Throws PatchError. */
export function applyMergePatch(doc: JsonValue, patch: JsonValue): JsonValue {
  if (Array.isArray(patch)) {
    const out = deepCopy(patch);
    pruneNulls(out);
    return out;
  }
  if (!isJsonObject(patch)) throw new PatchError("BadRequest", BAD_MERGE_PATCH);
  const p = deepCopy(patch);
  if (!isJsonObject(doc)) {
    pruneNulls(p);
    return p;
  }
  const out = deepCopy(doc);
  mergeObjects(out, p);
  return out;
}

function mergeObjects(doc: JsonObject, patch: JsonObject): void {
  for (const [k, v] of Object.entries(patch)) {
    if (v === null) {
      delete doc[k];
      continue;
    }
    const cur = doc[k];
    if (cur === undefined || cur === null) {
      pruneNulls(v);
      doc[k] = v;
    } else {
      doc[k] = merge(cur, v);
    }
  }
}

function merge(cur: JsonValue, patch: JsonValue): JsonValue {
  if (!isJsonObject(cur)) {
    pruneNulls(patch);
    return patch;
  }
  if (!isJsonObject(patch)) return patch;
  mergeObjects(cur, patch);
  return cur;
}

function pruneNulls(v: JsonValue): void {
  if (Array.isArray(v)) {
    for (const x of v) if (x !== null) pruneNulls(x);
  } else if (isJsonObject(v)) {
    for (const [k, x] of Object.entries(v)) {
      if (x === null) delete v[k];
      else pruneNulls(x);
    }
  }
}
