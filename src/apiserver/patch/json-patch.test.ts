import { test } from "node:test";
import assert from "node:assert/strict";
import { applyJsonPatch } from "./json-patch.js";
import { PatchError, REJECTED_MESSAGE, toApiError } from "./errors.js";
import type { JsonValue } from "./json-value.js";

const doc = { metadata: { name: "web", labels: { app: "web", "a/b": "x", "m~n": "y" } }, spec: { replicas: 1, items: ["a", "b", "c"] } };

interface Case {
  name: string;
  patch: unknown;
  want?: JsonValue;
  error?: string;
}

const cases: Case[] = [
  { name: "add sets a new object member", patch: [{ op: "add", path: "/spec/paused", value: true }], want: { ...doc, spec: { ...doc.spec, paused: true } } },
  { name: "add inserts into an array before the index", patch: [{ op: "add", path: "/spec/items/1", value: "x" }], want: { ...doc, spec: { replicas: 1, items: ["a", "x", "b", "c"] } } },
  { name: "add with - appends to an array", patch: [{ op: "add", path: "/spec/items/-", value: "d" }], want: { ...doc, spec: { replicas: 1, items: ["a", "b", "c", "d"] } } },
  { name: "add at the array length appends", patch: [{ op: "add", path: "/spec/items/3", value: "d" }], want: { ...doc, spec: { replicas: 1, items: ["a", "b", "c", "d"] } } },
  { name: "add replaces an existing member", patch: [{ op: "add", path: "/spec/replicas", value: 3 }], want: { ...doc, spec: { ...doc.spec, replicas: 3 } } },
  {
    name: "pointer tokens unescape ~1 to a slash and ~0 to a tilde",
    patch: [
      { op: "replace", path: "/metadata/labels/a~1b", value: "1" },
      { op: "remove", path: "/metadata/labels/m~0n" },
    ],
    want: { ...doc, metadata: { name: "web", labels: { app: "web", "a/b": "1" } } },
  },
  { name: "remove deletes an array element", patch: [{ op: "remove", path: "/spec/items/0" }], want: { ...doc, spec: { replicas: 1, items: ["b", "c"] } } },
  { name: "a negative index counts from the end", patch: [{ op: "remove", path: "/spec/items/-1" }], want: { ...doc, spec: { replicas: 1, items: ["a", "b"] } } },
  { name: "replace of a missing object key adds it, as upstream does", patch: [{ op: "replace", path: "/spec/paused", value: false }], want: { ...doc, spec: { ...doc.spec, paused: false } } },
  { name: "move relocates a value", patch: [{ op: "move", from: "/spec/replicas", path: "/metadata/replicas" }], want: { metadata: { ...doc.metadata, replicas: 1 }, spec: { items: ["a", "b", "c"] } } },
  { name: "copy duplicates a value", patch: [{ op: "copy", from: "/spec/items/0", path: "/spec/items/-" }], want: { ...doc, spec: { replicas: 1, items: ["a", "b", "c", "a"] } } },
  { name: "a passing test changes nothing", patch: [{ op: "test", path: "/spec/items", value: ["a", "b", "c"] }], want: doc },
  { name: "a test for null passes on a missing member", patch: [{ op: "test", path: "/spec/missing", value: null }], want: doc },
  { name: "replace of the whole document takes the value", patch: [{ op: "replace", path: "", value: { a: 1 } }], want: { a: 1 } },
  { name: "a failed test names the path", patch: [{ op: "test", path: "/spec/replicas", value: 2 }], error: "testing value /spec/replicas failed: test failed" },
  { name: "a failed test stops later operations", patch: [{ op: "test", path: "/metadata/name", value: "db" }, { op: "remove", path: "/spec" }], error: "testing value /metadata/name failed: test failed" },
  { name: "add under a missing parent fails with the quoted path", patch: [{ op: "add", path: "/status/phase", value: "Running" }], error: 'add operation does not apply: doc is missing path: "/status/phase": missing value' },
  { name: "remove of a missing key fails", patch: [{ op: "remove", path: "/spec/paused" }], error: "error in remove for path: '/spec/paused': Unable to remove nonexistent key: paused: missing value" },
  { name: "remove past the end of an array fails", patch: [{ op: "remove", path: "/spec/items/5" }], error: "error in remove for path: '/spec/items/5': Unable to access invalid index: 5: invalid index referenced" },
  { name: "replace past the end of an array fails", patch: [{ op: "replace", path: "/spec/items/3", value: "z" }], error: "replace operation does not apply: doc is missing key: /spec/items/3: missing value" },
  { name: "replace under a missing parent fails", patch: [{ op: "replace", path: "/status/phase", value: "x" }], error: "replace operation does not apply: doc is missing path: /status/phase: missing value" },
  { name: "add with a non-numeric array index fails", patch: [{ op: "add", path: "/spec/items/x", value: "z" }], error: `error in add for path: '/spec/items/x': value was not a proper array index: 'x': strconv.Atoi: parsing "x": invalid syntax` },
  { name: "move from a missing key fails", patch: [{ op: "move", from: "/spec/nope", path: "/spec/x" }], error: "error in move for path: 'nope': Unable to remove nonexistent key: nope: missing value" },
  { name: "an unknown operation fails", patch: [{ op: "merge", path: "/spec" }], error: "Unexpected kind: merge" },
  { name: "an operation without op fails as unknown", patch: [{ path: "/spec" }], error: "Unexpected kind: unknown" },
  { name: "add without a path fails", patch: [{ op: "add", value: 1 }], error: "add operation failed to decode path: missing value" },
];

for (const c of cases) {
  test(c.name, () => {
    const input = structuredClone(doc);
    if (c.error !== undefined) {
      assert.throws(() => applyJsonPatch(input, c.patch), (err: unknown) => err instanceof PatchError && err.kind === "Invalid" && err.message === c.error);
    } else {
      assert.deepEqual(applyJsonPatch(input, c.patch), c.want);
    }
    assert.deepEqual(input, doc, "the input document is not mutated");
  });
}

test("a failed operation reaches the client as upstream's generic 422", () => {
  try {
    applyJsonPatch(doc, [{ op: "test", path: "/spec/replicas", value: 9 }]);
    assert.fail("expected an error");
  } catch (err) {
    const status = toApiError(err as PatchError).toStatus();
    assert.equal(status.code, 422);
    assert.equal(status.reason, "Invalid");
    assert.equal(status.message, REJECTED_MESSAGE);
  }
});

test("a patch that is not an array is a bad request with the decoder's message", () => {
  assert.throws(
    () => applyJsonPatch(doc, { op: "add" }),
    (err: unknown) => err instanceof PatchError && err.kind === "BadRequest" && err.message === "json: cannot unmarshal object into Go value of type jsonpatch.Patch",
  );
});

test("a patch of more than 10000 operations is refused as too large", () => {
  const ops = Array.from({ length: 10001 }, () => ({ op: "test", path: "/spec/replicas", value: 1 }));
  assert.throws(
    () => applyJsonPatch(doc, ops),
    (err: unknown) => err instanceof PatchError && toApiError(err).code === 413 && err.message === "The allowed maximum operations in a JSON patch is 10000, got 10001",
  );
});
