import assert from "node:assert/strict";
import { it } from "node:test";
import { goFloat } from "./resource-metrics.js";

it("formats values as Go's strconv 'g' with the shortest precision", () => {
  assert.equal(goFloat(0), "0");
  assert.equal(goFloat(11.29), "11.29");
  assert.equal(goFloat(123456), "123456");
  assert.equal(goFloat(15000000), "1.5e+07");
  assert.equal(goFloat(1073741824), "1.073741824e+09");
  assert.equal(goFloat(0.00001), "1e-05");
  assert.equal(goFloat(1764748800.5), "1.7647488005e+09");
});
