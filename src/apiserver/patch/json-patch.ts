/**
 * JSON Patch (RFC 6902) as upstream's API server applies it (evanphx
 * json-patch v4): the same operations, the same quirks (negative indices
 * count from the end, "replace" of a missing object key adds it, "copy" of a
 * missing key copies null) and the same error texts.
 */
import { PatchError } from "./errors.js";
import { deepCopy, deepEqual, isJsonObject, type JsonObject, type JsonValue } from "./json-value.js";

/** Upstream refuses longer patches with 413. */
export const MAX_JSON_PATCH_OPERATIONS = 10000;

type Container = JsonObject | JsonValue[];

/** Thrown inside one operation; the caller wraps it with the operation's context. */
class OpError extends Error {}

const MISSING = "missing value";
const INVALID_INDEX = "invalid index referenced";

/** Applies a JSON patch to doc (not mutated). Throws PatchError. */
export function applyJsonPatch(doc: JsonValue, patch: unknown): JsonValue {
  if (!Array.isArray(patch)) {
    throw new PatchError("BadRequest", `json: cannot unmarshal ${jsonKind(patch)} into Go value of type jsonpatch.Patch`);
  }
  for (const op of patch) {
    if (!isJsonObject(op)) throw new PatchError("BadRequest", `json: cannot unmarshal ${jsonKind(op)} into Go value of type jsonpatch.Operation`);
  }
  if (patch.length > MAX_JSON_PATCH_OPERATIONS) {
    throw new PatchError("TooLarge", `The allowed maximum operations in a JSON patch is ${MAX_JSON_PATCH_OPERATIONS}, got ${patch.length}`);
  }
  if (!isJsonObject(doc) && !Array.isArray(doc)) throw new PatchError("Invalid", "json: cannot unmarshal document");
  const root = { doc: deepCopy(doc) as Container };
  for (const op of patch as JsonObject[]) {
    try {
      applyOperation(root, op);
    } catch (err) {
      if (err instanceof OpError) throw new PatchError("Invalid", err.message);
      throw err;
    }
  }
  return root.doc;
}

function jsonKind(v: unknown): string {
  if (Array.isArray(v)) return "array";
  if (v === null) return "null";
  if (typeof v === "object") return "object";
  return typeof v;
}

function applyOperation(root: { doc: Container }, op: JsonObject): void {
  const kind = typeof op.op === "string" ? op.op : "unknown";
  switch (kind) {
    case "add":
      return add(root.doc, op);
    case "remove":
      return remove(root.doc, op);
    case "replace":
      return replace(root, op);
    case "move":
      return move(root.doc, op);
    case "test":
      return test(root.doc, op);
    case "copy":
      return copy(root.doc, op);
    default:
      throw new OpError(`Unexpected kind: ${kind}`);
  }
}

function pathOf(op: JsonObject, field: "path" | "from"): string | undefined {
  const v = op[field];
  return typeof v === "string" ? v : undefined;
}

function missingField(field: "path" | "from"): string {
  return field === "path" ? `operation missing path field: ${MISSING}` : `operation, missing from field: ${MISSING}`;
}

/** The operation's value; an absent "value" behaves as null. */
function valueOf(op: JsonObject): JsonValue {
  return op.value === undefined ? null : deepCopy(op.value);
}

function decodeToken(t: string): string {
  return t.replace(/~1/g, "/").replace(/~0/g, "~");
}

/** The container holding the pointer's last token, or undefined when a step is missing or not a container. */
function findObject(doc: Container, path: string): [Container, string] | undefined {
  const split = path.split("/");
  if (split.length < 2) return undefined;
  let cur: Container = doc;
  for (const part of split.slice(1, -1)) {
    let next: JsonValue | undefined;
    try {
      next = get(cur, decodeToken(part));
    } catch {
      return undefined;
    }
    if (next === undefined || next === null || (typeof next !== "object")) return undefined;
    cur = next;
  }
  return [cur, decodeToken(split[split.length - 1]!)];
}

/** Go's strconv.Atoi: an optional sign and decimal digits. */
function atoi(key: string): number {
  if (!/^[+-]?\d+$/.test(key)) throw new OpError(`strconv.Atoi: parsing ${JSON.stringify(key)}: invalid syntax`);
  return Number(key);
}

function invalidIndex(idx: number): OpError {
  return new OpError(`Unable to access invalid index: ${idx}: ${INVALID_INDEX}`);
}

/** Resolves a possibly negative index against length n; throws when out of [-n, n). */
function resolveIndex(idx: number, n: number): number {
  if (idx < 0) {
    if (idx < -n) throw invalidIndex(idx);
    idx += n;
  }
  if (idx >= n) throw invalidIndex(idx);
  return idx;
}

function get(c: Container, key: string): JsonValue | undefined {
  if (!Array.isArray(c)) return Object.hasOwn(c, key) ? c[key] : undefined;
  return c[resolveIndex(atoi(key), c.length)];
}

function set(c: Container, key: string, val: JsonValue): void {
  if (!Array.isArray(c)) {
    c[key] = val;
    return;
  }
  c[resolveIndex(atoi(key), c.length)] = val;
}

function insert(c: Container, key: string, val: JsonValue): void {
  if (!Array.isArray(c)) {
    c[key] = val;
    return;
  }
  if (key === "-") {
    c.push(val);
    return;
  }
  let idx: number;
  try {
    idx = atoi(key);
  } catch (err) {
    throw new OpError(`value was not a proper array index: '${key}': ${(err as Error).message}`);
  }
  const size = c.length + 1;
  if (idx >= size) throw invalidIndex(idx);
  if (idx < 0) {
    if (idx < -size) throw invalidIndex(idx);
    idx += size;
  }
  c.splice(idx, 0, val);
}

function del(c: Container, key: string): void {
  if (!Array.isArray(c)) {
    if (!Object.hasOwn(c, key)) throw new OpError(`Unable to remove nonexistent key: ${key}: ${MISSING}`);
    delete c[key];
    return;
  }
  let idx = atoi(key);
  if (idx >= c.length) throw invalidIndex(idx);
  if (idx < 0) {
    if (idx < -c.length) throw invalidIndex(idx);
    idx += c.length;
  }
  c.splice(idx, 1);
}

function wrap(prefix: string, fn: () => void): void {
  try {
    fn();
  } catch (err) {
    if (err instanceof OpError) throw new OpError(`${prefix}: ${err.message}`);
    throw err;
  }
}

function add(doc: Container, op: JsonObject): void {
  const path = pathOf(op, "path");
  if (path === undefined) throw new OpError(`add operation failed to decode path: ${MISSING}`);
  const found = findObject(doc, path);
  if (!found) throw new OpError(`add operation does not apply: doc is missing path: "${path}": ${MISSING}`);
  wrap(`error in add for path: '${path}'`, () => insert(found[0], found[1], valueOf(op)));
}

function remove(doc: Container, op: JsonObject): void {
  const path = pathOf(op, "path");
  if (path === undefined) throw new OpError(`remove operation failed to decode path: ${MISSING}`);
  const found = findObject(doc, path);
  if (!found) throw new OpError(`remove operation does not apply: doc is missing path: "${path}": ${MISSING}`);
  wrap(`error in remove for path: '${path}'`, () => del(found[0], found[1]));
}

function replace(root: { doc: Container }, op: JsonObject): void {
  const path = pathOf(op, "path");
  if (path === undefined) throw new OpError(`replace operation failed to decode path: ${missingField("path")}`);
  if (path === "") {
    const v = valueOf(op);
    if (v === null || typeof v !== "object") throw new OpError("replace operation value must be object or array: %!w(<nil>)");
    root.doc = v;
    return;
  }
  const found = findObject(root.doc, path);
  if (!found) throw new OpError(`replace operation does not apply: doc is missing path: ${path}: ${MISSING}`);
  try {
    get(found[0], found[1]);
  } catch {
    throw new OpError(`replace operation does not apply: doc is missing key: ${path}: ${MISSING}`);
  }
  wrap(`error in remove for path: '${path}'`, () => set(found[0], found[1], valueOf(op)));
}

function move(doc: Container, op: JsonObject): void {
  const from = pathOf(op, "from");
  if (from === undefined) throw new OpError(`move operation failed to decode from: ${missingField("from")}`);
  const src = findObject(doc, from);
  if (!src) throw new OpError(`move operation does not apply: doc is missing from path: ${from}: ${MISSING}`);
  let val: JsonValue | undefined;
  wrap(`error in move for path: '${src[1]}'`, () => {
    val = get(src[0], src[1]);
  });
  wrap(`error in move for path: '${src[1]}'`, () => del(src[0], src[1]));
  const path = pathOf(op, "path");
  if (path === undefined) throw new OpError(`move operation failed to decode path: ${missingField("path")}`);
  const dst = findObject(doc, path);
  if (!dst) throw new OpError(`move operation does not apply: doc is missing destination path: ${path}: ${MISSING}`);
  wrap(`error in move for path: '${path}'`, () => insert(dst[0], dst[1], val ?? null));
}

function test(doc: Container, op: JsonObject): void {
  const path = pathOf(op, "path");
  if (path === undefined) throw new OpError(`test operation failed to decode path: ${missingField("path")}`);
  const failed = new OpError(`testing value ${path} failed: test failed`);
  const expected = op.value;
  if (path === "") {
    if (!deepEqual(doc, expected ?? null)) throw failed;
    return;
  }
  const found = findObject(doc, path);
  if (!found) throw new OpError(`test operation does not apply: is missing path: ${path}: ${MISSING}`);
  let actual: JsonValue | undefined;
  wrap(`error in test for path: '${path}'`, () => {
    actual = get(found[0], found[1]);
  });
  // A missing or null member matches an absent or null value, and only that.
  if (actual === undefined || actual === null) {
    if (expected === undefined || expected === null) return;
    throw failed;
  }
  if (expected === undefined || !deepEqual(actual, expected)) throw failed;
}

function copy(doc: Container, op: JsonObject): void {
  const from = pathOf(op, "from");
  if (from === undefined) throw new OpError(`copy operation failed to decode from: ${missingField("from")}`);
  const src = findObject(doc, from);
  if (!src) throw new OpError(`copy operation does not apply: doc is missing from path: ${from}: ${MISSING}`);
  let val: JsonValue | undefined;
  wrap(`error in copy for from: '${from}'`, () => {
    val = get(src[0], src[1]);
  });
  const path = pathOf(op, "path");
  if (path === undefined) throw new OpError(`copy operation failed to decode path: ${MISSING}`);
  const dst = findObject(doc, path);
  if (!dst) throw new OpError(`copy operation does not apply: doc is missing destination path: ${path}: ${MISSING}`);
  wrap("error while adding value during copy", () => insert(dst[0], dst[1], val === undefined ? null : deepCopy(val)));
}
