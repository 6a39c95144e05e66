import { it } from "node:test";
import assert from "node:assert/strict";
import { addressOfDashed, addressOfReverse, normalizeAddress, reverseName } from "./names.js";

it("reverse names map to addresses and back, for IPv4 and IPv6", () => {
  assert.equal(addressOfReverse("5.1.244.10.in-addr.arpa."), "10.244.1.5");
  assert.equal(reverseName("10.244.1.5"), "5.1.244.10.in-addr.arpa");
  assert.equal(addressOfReverse(reverseName("fd00:10:96::a")), "fd00:10:96::a");
  assert.equal(addressOfReverse("1.244.10.in-addr.arpa"), undefined);
  assert.equal(addressOfReverse("300.1.244.10.in-addr.arpa"), undefined);
});

it("dashed pod labels name IPv4 and IPv6 addresses", () => {
  assert.equal(addressOfDashed("10-244-1-5"), "10.244.1.5");
  assert.equal(addressOfDashed("fd00--5"), "fd00::5");
  assert.equal(addressOfDashed("web-1"), undefined);
});

it("IPv6 addresses compare in their shortest form", () => {
  assert.equal(normalizeAddress("fd00:0:0:0:0:0:0:5"), "fd00::5");
  assert.equal(normalizeAddress("FD00:0000::0005".toLowerCase()), "fd00::5");
  assert.equal(normalizeAddress("10.0.0.1"), "10.0.0.1");
});
