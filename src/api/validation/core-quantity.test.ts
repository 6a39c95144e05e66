import { test } from "node:test";
import assert from "node:assert/strict";
import { canonicalizeResourceList, parseQuantity, Quantity, QUANTITY_FORMAT_ERROR, tryParseQuantity } from "./core-quantity.js";

const canonical: [string, string][] = [
  ["0", "0"],
  ["0Mi", "0"],
  ["1", "1"],
  ["100m", "100m"],
  ["1000m", "1"],
  ["1500m", "1500m"],
  ["0.5", "500m"],
  ["1.5", "1500m"],
  [".5", "500m"],
  ["1.", "1"],
  ["+1", "1"],
  ["-1", "-1"],
  ["-100m", "-100m"],
  ["1k", "1k"],
  ["1000", "1k"],
  ["1200", "1200"],
  ["1500", "1500"],
  ["2000m", "2"],
  ["0.1", "100m"],
  ["512", "512"],
  ["100Ki", "100Ki"],
  ["1G", "1G"],
  ["1000000", "1M"],
  ["5G", "5G"],
  ["1Ki", "1Ki"],
  ["1024", "1024"],
  ["1024Mi", "1Gi"],
  ["1.5Gi", "1536Mi"],
  ["0.5Gi", "512Mi"],
  ["0.5Ki", "512"],
  ["1.1Ki", "1126400m"],
  ["2048Ki", "2Mi"],
  ["1Ei", "1Ei"],
  ["1e3", "1e3"],
  ["1E3", "1e3"],
  ["12e2", "1200"],
  ["1e-3", "1e-3"],
  ["1n", "1n"],
  ["1u", "1u"],
  ["0.1n", "1n"],
  ["1.0000000001", "1000000001n"],
  ["123456789", "123456789"],
  ["10Gi", "10Gi"],
  ["128974848", "128974848"],
  ["129e6", "129e6"],
  ["129M", "129M"],
  ["123Mi", "123Mi"],
];

for (const [input, want] of canonical) {
  test(`The quantity ${JSON.stringify(input)} prints canonically as ${JSON.stringify(want)}.`, () => {
    assert.equal(parseQuantity(input).toString(), want);
  });
}

const malformed: [string, string][] = [
  ["", QUANTITY_FORMAT_ERROR],
  ["abc", QUANTITY_FORMAT_ERROR],
  [".", QUANTITY_FORMAT_ERROR],
  ["1.2.3", QUANTITY_FORMAT_ERROR],
  ["1 Gi", QUANTITY_FORMAT_ERROR],
  ["1K", "unable to parse quantity's suffix"],
  ["1Gb", QUANTITY_FORMAT_ERROR],
  ["1e", "unable to parse quantity's suffix"],
  ["1mi", "unable to parse quantity's suffix"],
  ["1Zi", QUANTITY_FORMAT_ERROR],
  ["--1", QUANTITY_FORMAT_ERROR],
];

for (const [input, message] of malformed) {
  test(`The quantity ${JSON.stringify(input)} is rejected with "${message}".`, () => {
    assert.throws(() => parseQuantity(input), { message });
    assert.equal(tryParseQuantity(input), undefined);
  });
}

test("Quantities compare by value whatever their notation.", () => {
  const cases: [string, string, number][] = [
    ["1", "1000m", 0],
    ["1Ki", "1024", 0],
    ["1k", "1Ki", -1],
    ["2", "1500m", 1],
    ["-1", "0", -1],
    ["1e3", "1k", 0],
    ["1Gi", "1G", 1],
    ["100Mi", "1Gi", -1],
  ];
  for (const [a, b, want] of cases) assert.equal(parseQuantity(a).cmp(parseQuantity(b)), want, `${a} vs ${b}`);
});

test("Value and MilliValue round up as upstream does.", () => {
  assert.equal(parseQuantity("1500m").value(), 2n);
  assert.equal(parseQuantity("1Ki").value(), 1024n);
  assert.equal(parseQuantity("1.5").milliValue(), 1500n);
  assert.equal(parseQuantity("1n").milliValue(), 1n);
  assert.equal(parseQuantity("-1500m").value(), -2n);
});

test("Sums keep the format of the left operand.", () => {
  assert.equal(parseQuantity("1Gi").add(parseQuantity("1Gi")).toString(), "2Gi");
  assert.equal(parseQuantity("500m").add(parseQuantity("500m")).toString(), "1");
  assert.equal(parseQuantity("1").sub(parseQuantity("1")).toString(), "0");
  assert.equal(Quantity.fromInt(3, "BinarySI").add(Quantity.fromInt(2045, "BinarySI")).toString(), "2Ki");
});

test("Numbers are accepted as JSON numbers are.", () => {
  assert.equal(parseQuantity(2).toString(), "2");
  assert.equal(parseQuantity(0.25).toString(), "250m");
});

test("A resource list is rewritten to canonical values and malformed values are left for validation.", () => {
  const list: Record<string, unknown> = { cpu: "0.5", memory: "1024Mi", storage: "nope" };
  canonicalizeResourceList(list);
  assert.deepEqual(list, { cpu: "500m", memory: "1Gi", storage: "nope" });
});
