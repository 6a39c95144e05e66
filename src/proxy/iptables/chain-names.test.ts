import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { endpointChainName, hash16, isServiceChainName, servicePortChainName } from "./chain-names.js";
import { formatFixed10, probability } from "./probability.js";

describe("chain names", () => {
  it("hash as upstream's (names from upstream's proxier tests)", () => {
    assert.equal(servicePortChainName("KUBE-SVC-", "ns1/svc1:p80", "tcp"), "KUBE-SVC-XPGD46QRK7WJZT7O");
    assert.equal(servicePortChainName("KUBE-EXT-", "ns2/svc2:p80", "tcp"), "KUBE-EXT-GNZBNJ2PO5MGZ6GT");
    assert.equal(servicePortChainName("KUBE-FW-", "ns5/svc5:p80", "tcp"), "KUBE-FW-NUKIZ6OKUXPJNT4C");
    assert.equal(endpointChainName("ns1/svc1:p80", "tcp", "10.180.0.1:80"), "KUBE-SEP-SXIVWICOYRO3J4NJ");
    assert.equal(endpointChainName("ns1/svc1:p80", "tcp", "10.180.2.1:80"), "KUBE-SEP-ZX7GRIZKSNUQ3LAJ");
    assert.equal(endpointChainName("ns1/svc1", "tcp", "10.0.1.1:80"), "KUBE-SEP-3JOIVZTXZZRGORX4");
    assert.match(hash16("x"), /^[A-Z2-7]{16}$/);
  });

  it("recognises kube-proxy's per-service chains only", () => {
    assert.ok(isServiceChainName("KUBE-SEP-SXIVWICOYRO3J4NJ"));
    assert.ok(isServiceChainName("KUBE-SVL-XPGD46QRK7WJZT7O"));
    assert.ok(!isServiceChainName("KUBE-SERVICES"));
    assert.ok(!isServiceChainName("KUBE-MARK-MASQ"));
  });
});

describe("probability", () => {
  it("prints 1/n as upstream's TestComputeProbability expects", () => {
    const expected: Record<number, string> = { 1: "1.0000000000", 2: "0.5000000000", 10: "0.1000000000", 100: "0.0100000000", 1000: "0.0010000000", 10000: "0.0001000000", 100000: "0.0000100000", 100001: "0.0000099999" };
    for (const [n, s] of Object.entries(expected)) assert.equal(probability(Number(n)), s, `n=${n}`);
  });

  it("rounds exact ties to even as Go's %0.10f", () => {
    // 1/2048 = 0.00048828125 exactly.
    assert.equal(formatFixed10(1 / 2048), "0.0004882812");
    assert.equal(formatFixed10(1 / 3), "0.3333333333");
    assert.equal(formatFixed10(2 / 3), "0.6666666667");
  });
});
