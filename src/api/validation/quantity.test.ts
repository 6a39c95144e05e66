import { test } from "node:test";
import assert from "node:assert/strict";
import { canonicalQuantity, compareQuantities, parseQuantity } from "./quantity.js";

const canonical: [string | number, string][] = [
  ["500m", "500m"],
  ["0.5", "500m"],
  ["2000m", "2"],
  ["1", "1"],
  [2, "2"],
  ["1000", "1k"],
  ["1500", "1500"],
  ["1024Mi", "1Gi"],
  ["1536Mi", "1536Mi"],
  ["0.5Gi", "512Mi"],
  ["512", "512"],
  ["100Ki", "100Ki"],
  ["1e3", "1e3"],
  ["1G", "1G"],
  ["0", "0"],
  ["0.1", "100m"],
  ["1.5Gi", "1536Mi"],
];

for (const [input, want] of canonical) {
  test(`The quantity ${JSON.stringify(input)} is written back as ${want}.`, () => {
    assert.equal(canonicalQuantity(input), want);
  });
}

for (const bad of ["abc", "1.2.3", "1Zi", "", " 1", "--1", "1e"]) {
  test(`The text ${JSON.stringify(bad)} is not a quantity.`, () => {
    assert.equal(parseQuantity(bad), undefined);
  });
}

test("Quantities in different units compare by value.", () => {
  const cmp = (a: string, b: string) => compareQuantities(parseQuantity(a)!, parseQuantity(b)!);
  assert.equal(cmp("1", "1000m"), 0);
  assert.equal(cmp("1Gi", "1G"), 1);
  assert.equal(cmp("100Mi", "1Gi"), -1);
  assert.equal(cmp("-1", "0"), -1);
});
