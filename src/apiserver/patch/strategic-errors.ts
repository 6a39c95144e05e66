/**
 * Strategic merge patch errors, worded as upstream's mergepatch package
 * words them and classified as upstream's API server answers them.
 */
import { PatchError } from "./errors.js";
import { goFormat, goTypeName, type JsonObject, type JsonValue } from "./json-value.js";

export const errBadJsonDoc = () => new PatchError("BadRequest", "invalid JSON document");
export const errNoListOfLists = () => new PatchError("Invalid", "lists of lists are not supported");
export const errBadPrimitiveList = () => new PatchError("BadRequest", "invalid patch format of primitive list");
export const errBadRetainKeys = () => new PatchError("BadRequest", "invalid patch format of retainKeys");
export const errBadSetElementOrder = () => new PatchError("BadRequest", "invalid patch format of setElementOrder list");

export function errNoMergeKey(m: JsonObject, key: string): PatchError {
  return new PatchError("Unknown", `map: ${goFormat(m)} does not contain declared merge key: ${key}`);
}

/** `expected a map[string]interface {}, but received a string`. */
export function errBadArgType(expected: string, actual: JsonValue | undefined): PatchError {
  const got = actual === null || actual === undefined ? "%!s(<nil>)" : goTypeName(actual);
  return new PatchError("Unknown", `expected a ${expected}, but received a ${got}`);
}

export function errBadPatchType(directive: JsonValue, m: JsonObject): PatchError {
  const d = typeof directive === "string" ? directive : `%!s(${goTypeName(directive)}=${goFormat(directive)})`;
  return new PatchError("Unknown", `unknown patch type: ${d} in map: ${goFormat(m)}`);
}

export function unknownError(message: string): PatchError {
  return new PatchError("Unknown", message);
}

export const MAP_TYPE = "map[string]interface {}";
export const SLICE_TYPE = "[]interface {}";
