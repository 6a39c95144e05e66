import { test } from "node:test";
import assert from "node:assert/strict";
import { fieldErrorMessage } from "./field.js";
import { jsonEqual, validateImmutable } from "./immutable.js";

const cases: { name: string; a: unknown; b: unknown; equal: boolean }[] = [
  { name: "Objects with the same members in another order are equal.", a: { x: 1, y: [1, 2] }, b: { y: [1, 2], x: 1 }, equal: true },
  { name: "An absent member equals an empty list, as Go's nil and empty slices do.", a: { ports: [] }, b: {}, equal: true },
  { name: "An absent member equals a null one, since null decodes to nil.", a: { x: null }, b: {}, equal: true },
  { name: "A missing value equals null.", a: undefined, b: null, equal: true },
  { name: "Lists compare in order.", a: [1, 2], b: [2, 1], equal: false },
  { name: "A missing value differs from an empty object.", a: undefined, b: {}, equal: false },
  { name: "A number differs from the same digits as a string.", a: 1, b: "1", equal: false },
  { name: "A changed nested value makes objects differ.", a: { p: { k: "a" } }, b: { p: { k: "b" } }, equal: false },
];

for (const c of cases) {
  test(c.name, () => {
    assert.equal(jsonEqual(c.a, c.b), c.equal);
    assert.equal(jsonEqual(c.b, c.a), c.equal);
  });
}

test("Changing an immutable field reports the new value.", () => {
  assert.deepEqual(validateImmutable("Retain", "Delete", "reclaimPolicy").map(fieldErrorMessage), ['reclaimPolicy: Invalid value: "Retain": field is immutable']);
  assert.deepEqual(validateImmutable(undefined, "x", "spec.a").map(fieldErrorMessage), ["spec.a: Invalid value: null: field is immutable"]);
  assert.deepEqual(validateImmutable({ a: ["x"] }, { a: ["x"] }, "spec"), []);
});
