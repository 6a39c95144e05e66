import { test } from "node:test";
import assert from "node:assert/strict";
import { deepCopy, type JsonValue } from "./json-value.js";

const samples: JsonValue[] = [
  null,
  0,
  "s",
  true,
  [],
  {},
  { a: [1, { b: null, c: [[], {}] }], d: "x", e: false },
  JSON.parse('{"__proto__":{"polluted":1},"k":[{"__proto__":2}]}') as JsonValue,
  [[1, 2], { "": "" }, -0, 1.5e300],
];

test("deepCopy copies JSON as structuredClone does, sharing nothing.", () => {
  for (const v of samples) {
    const copy = deepCopy(v);
    assert.deepStrictEqual(copy, structuredClone(v));
    assert.equal(JSON.stringify(copy), JSON.stringify(v));
    if (v !== null && typeof v === "object") {
      assert.notEqual(copy, v);
      assert.equal(Object.getPrototypeOf(copy), Object.getPrototypeOf(v));
    }
  }
  const nested = { a: { b: [{ c: 1 }] } };
  const copy = deepCopy(nested);
  copy.a.b[0]!.c = 2;
  assert.equal(nested.a.b[0]!.c, 1);
});

test("deepCopy keeps a key named __proto__ as a key.", () => {
  const v = JSON.parse('{"__proto__":{"x":1}}') as Record<string, JsonValue>;
  const copy = deepCopy(v) as Record<string, JsonValue>;
  assert.deepEqual(Object.keys(copy), ["__proto__"]);
  assert.equal(Object.getPrototypeOf(copy), Object.prototype);
  assert.equal(({} as Record<string, unknown>).x, undefined);
});

test("deepCopy leaves values that are not plain JSON to structuredClone.", () => {
  const when = new Date(0);
  const copy = deepCopy({ when } as unknown as JsonValue) as unknown as { when: Date };
  assert.ok(copy.when instanceof Date);
  assert.notEqual(copy.when, when);
  assert.equal(copy.when.getTime(), 0);
});
