/**
 * A mutating webhook's JSONPatch, applied to the object in place (the
 * registry keeps its reference): apiVersion and kind stay what the
 * request says; a patch that does not apply is upstream's InternalError.
 */
import { internalError } from "../../../api/errors.js";
import type { KubeObject } from "../../../api/types.js";
import { applyJsonPatch, deepEqual, type JsonValue } from "../../patch/index.js";

/** Applies the base64 JSONPatch to a copy of object; the patched object. */
export function patchedObject(object: KubeObject, patchBase64: string): KubeObject {
  let ops: unknown;
  try {
    ops = JSON.parse(Buffer.from(patchBase64, "base64").toString("utf8"));
  } catch (err) {
    throw internalError(err);
  }
  let out: JsonValue;
  try {
    out = applyJsonPatch(structuredClone(object) as unknown as JsonValue, ops);
  } catch (err) {
    throw internalError(err);
  }
  if (!out || typeof out !== "object" || Array.isArray(out)) throw internalError(new Error("the patched object is not an object"));
  const patched = out as unknown as KubeObject;
  patched.apiVersion = object.apiVersion;
  patched.kind = object.kind;
  patched.metadata ??= {};
  return patched;
}

/** Makes target equal to source, keeping target's identity; whether anything changed. */
export function replaceInPlace(target: KubeObject, source: KubeObject): boolean {
  if (deepEqual(target as unknown as JsonValue, source as unknown as JsonValue)) return false;
  for (const k of Object.keys(target)) if (!(k in source)) delete target[k];
  Object.assign(target, source);
  return true;
}
