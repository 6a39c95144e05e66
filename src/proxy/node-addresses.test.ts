import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { VirtualClock } from "../util/clock.js";
import { NODE_ADDRESS_CACHE_MS, NodeAddresses } from "./node-addresses.js";

describe("node addresses", () => {
  it("are enumerated once per 15 minutes, and on every call at the given cost under SlowNodeAddresses", async () => {
    const clock = new VirtualClock();
    const a = new NodeAddresses(clock, () => ["10.0.0.1"]);
    assert.deepEqual(a.get(), ["10.0.0.1"]);
    a.get();
    assert.equal(a.enumerations, 1);
    await clock.advance(NODE_ADDRESS_CACHE_MS);
    a.get();
    assert.equal(a.enumerations, 2);
    const start = performance.now();
    a.get(20);
    assert.ok(performance.now() - start >= 20);
    assert.ok(a.enumerations > 2);
  });
});
