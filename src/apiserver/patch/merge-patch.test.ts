import { test } from "node:test";
import assert from "node:assert/strict";
import { applyMergePatch } from "./merge-patch.js";
import { PatchError } from "./errors.js";
import type { JsonValue } from "./json-value.js";

// RFC 7386 appendix A, plus upstream's handling of nulls in added values.
const cases: { name: string; doc: JsonValue; patch: JsonValue; want: JsonValue }[] = [
  { name: "a member is replaced", doc: { a: "b" }, patch: { a: "c" }, want: { a: "c" } },
  { name: "a member is added", doc: { a: "b" }, patch: { b: "c" }, want: { a: "b", b: "c" } },
  { name: "null removes a member", doc: { a: "b" }, patch: { a: null }, want: {} },
  { name: "null removes only the named member", doc: { a: "b", b: "c" }, patch: { a: null }, want: { b: "c" } },
  { name: "an array replaces an array", doc: { a: ["b"] }, patch: { a: "c" }, want: { a: "c" } },
  { name: "a scalar replaces an array", doc: { a: "c" }, patch: { a: ["b"] }, want: { a: ["b"] } },
  { name: "objects merge recursively", doc: { a: { b: "c" } }, patch: { a: { b: "d", c: null } }, want: { a: { b: "d" } } },
  { name: "arrays of objects are replaced whole", doc: { a: [{ b: "c" }] }, patch: { a: [1] }, want: { a: [1] } },
  { name: "nulls inside an added object are dropped", doc: { e: null }, patch: { a: 1, e: { x: null, y: 2 } }, want: { a: 1, e: { y: 2 } } },
  { name: "an object replaces a scalar and loses its nulls", doc: { a: "x" }, patch: { a: { b: null, c: 1 } }, want: { a: { c: 1 } } },
  { name: "nulls that are array elements are kept", doc: {}, patch: { a: [null, 1] }, want: { a: [null, 1] } },
  { name: "an empty patch changes nothing", doc: { a: { b: 1 } }, patch: {}, want: { a: { b: 1 } } },
];

for (const c of cases) {
  test(c.name, () => {
    const before = structuredClone(c.doc);
    assert.deepEqual(applyMergePatch(c.doc, c.patch), c.want);
    assert.deepEqual(c.doc, before);
  });
}

test("a null or scalar patch is a bad request reading Invalid JSON Patch", () => {
  for (const patch of [null, 3, "x"]) {
    assert.throws(() => applyMergePatch({ a: 1 }, patch), (err: unknown) => err instanceof PatchError && err.kind === "BadRequest" && err.message === "Invalid JSON Patch");
  }
});
