import { test } from "node:test";
import assert from "node:assert/strict";
import { clone, deepEqual } from "./json.js";

const roundTrip = (v: unknown): unknown => (v === undefined ? undefined : JSON.parse(JSON.stringify(v)));

const samples: unknown[] = [
  null,
  0,
  -0,
  "s",
  false,
  [1, undefined, () => 1, Symbol("s"), NaN, Infinity, -0, null],
  { a: undefined, b: () => 1, c: Symbol("s"), d: NaN, e: -Infinity, f: -0, g: [undefined], h: { i: undefined } },
  { when: new Date(0), nested: { when: new Date(1) }, list: [new Date(2)] },
  { custom: { toJSON: () => ({ replaced: true }) }, gone: { toJSON: () => undefined }, listed: [{ toJSON: () => undefined }] },
  JSON.parse('{"__proto__":{"x":1},"k":[{"__proto__":2}]}'),
  Object.assign(Object.create(null) as object, { a: 1, b: [Object.assign(Object.create(null) as object, { c: 2 })] }),
  { metadata: { name: "p", labels: { a: "1" } }, spec: { containers: [{ name: "c", ports: [{ containerPort: 80 }] }] } },
];

test("clone gives what a JSON round trip gives.", () => {
  for (const v of samples) {
    const copy = clone(v);
    assert.equal(JSON.stringify(copy), JSON.stringify(roundTrip(v)));
    assert.deepStrictEqual(copy, roundTrip(v));
  }
  assert.equal(clone(undefined), undefined);
  assert.ok(Object.is(clone(-0), 0));
});

test("clone shares nothing with its input and keeps a key named __proto__ as a key.", () => {
  const v = { a: { b: [{ c: 1 }] } };
  const copy = clone(v);
  copy.a.b[0]!.c = 2;
  assert.equal(v.a.b[0]!.c, 1);
  const odd = clone(JSON.parse('{"__proto__":{"x":1}}') as object);
  assert.deepEqual(Object.keys(odd), ["__proto__"]);
  assert.equal(Object.getPrototypeOf(odd), Object.prototype);
});

test("deepEqual compares JSON values, a key holding undefined counting as absent.", () => {
  assert.ok(deepEqual({ a: 1, b: undefined }, { a: 1 }));
  assert.ok(deepEqual({ a: 1 }, { a: 1, b: undefined }));
  assert.ok(deepEqual({ a: [1, { b: "x" }] }, { a: [1, { b: "x" }] }));
  assert.ok(!deepEqual({ a: 1 }, { a: 1, b: 2 }));
  assert.ok(!deepEqual({ a: 1, b: 2 }, { a: 1 }));
  assert.ok(!deepEqual({ a: 1, b: undefined }, { a: 1, c: 2 }));
  assert.ok(!deepEqual([1, 2], [1, 2, 3]));
  assert.ok(!deepEqual([1], { 0: 1 }));
  assert.ok(!deepEqual({ a: null }, { a: {} }));
  assert.ok(!deepEqual({ a: "1" }, { a: 1 }));
  assert.ok(deepEqual(JSON.parse('{"__proto__":{"x":1}}'), JSON.parse('{"__proto__":{"x":1}}')));
  assert.ok(!deepEqual(JSON.parse('{"__proto__":{"x":1}}'), JSON.parse('{"__proto__":{"x":2}}')));
});
