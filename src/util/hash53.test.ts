import { describe, it } from "node:test";
import assert from "node:assert/strict";
import { hash53 } from "./hash53.js";

describe("hash53", () => {
  it("is deterministic and within 53 bits", () => {
    assert.equal(hash53("kubelet\u0000node-1\u0000Pod"), hash53("kubelet\u0000node-1\u0000Pod"));
    assert.ok(Number.isSafeInteger(hash53("x".repeat(1000))));
  });
  it("separates near-identical keys", () => {
    const seen = new Set<number>();
    for (let i = 0; i < 100_000; i++) seen.add(hash53(`kubelet\u0000node-${i % 1000}\u0000Pod\u0000default\u0000web-${i}\u0000Pulled`));
    assert.equal(seen.size, 100_000);
  });
  it("changes with the seed", () => assert.notEqual(hash53("a", 1), hash53("a", 2)));
});
