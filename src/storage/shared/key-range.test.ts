import { test } from "node:test";
import assert from "node:assert/strict";
import { lowerBound, prefixEnd, scanStart } from "./key-range.js";

for (const [prefix, want] of [
  ["/registry/pods/", "/registry/pods0"],
  ["a", "b"],
  ["", undefined],
  ["a\uffff", "b"],
] as const) {
  test(`The end of prefix ${JSON.stringify(prefix)} is ${JSON.stringify(want)}`, () => {
    assert.equal(prefixEnd(prefix), want);
  });
}

test("A scan starts after startAfter only when it lies at or beyond the prefix", () => {
  assert.deepEqual(scanStart("/a/", "/a/x"), { key: "/a/x", inclusive: false });
  assert.deepEqual(scanStart("/a/", "/0"), { key: "/a/", inclusive: true });
  assert.deepEqual(scanStart("/a/", undefined), { key: "/a/", inclusive: true });
});

test("lowerBound finds the first key at or after, or strictly after, a key", () => {
  const keys = ["a", "b", "b/1", "c"];
  assert.equal(lowerBound(keys, "b"), 1);
  assert.equal(lowerBound(keys, "b", true), 2);
  assert.equal(lowerBound(keys, "bb"), 3);
  assert.equal(lowerBound(keys, "z"), 4);
});
