import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { PodIPAllocator } from "./pod-ips.js";

describe("pod IPs", () => {
  it("hands out addresses in order, skipping the network address and the .1 gateway", () => {
    const a = new PodIPAllocator();
    assert.equal(a.allocate("u0"), undefined);
    a.setRange("10.244.3.0/24");
    assert.deepEqual(["u1", "u2", "u3"].map((u) => a.allocate(u)), ["10.244.3.2", "10.244.3.3", "10.244.3.4"]);
    assert.equal(a.allocate("u1"), "10.244.3.2");
  });

  it("never hands out the broadcast address and reuses released ones after wrapping", () => {
    const a = new PodIPAllocator();
    a.setRange("10.0.0.0/30");
    assert.equal(a.allocate("a"), "10.0.0.2");
    assert.equal(a.allocate("b"), undefined);
    a.release("a");
    assert.equal(a.allocate("b"), "10.0.0.2");
  });
});
