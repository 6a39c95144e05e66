import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { RestartBackoff } from "./backoff.js";

describe("CrashLoopBackOff", () => {
  it("doubles from 10s to a 5m ceiling across consecutive crashes", () => {
    const b = new RestartBackoff();
    let now = 0;
    const waits: number[] = [];
    for (let i = 0; i < 8; i++) {
      const exitedAt = now;
      const ready = b.readyAt("u/app", exitedAt);
      if (ready !== undefined) now = ready;
      assert.equal(b.inBackOffSince("u/app", exitedAt, now), false);
      waits.push(now - exitedAt);
      b.next("u/app", exitedAt, now);
      now += 1_000; // runs one second, then crashes again
    }
    assert.deepEqual(waits, [0, 10_000, 20_000, 40_000, 80_000, 160_000, 300_000, 300_000]);
  });

  it("holds a restart until the back-off since the exit has passed", () => {
    const b = new RestartBackoff();
    b.next("k", 0, 0);
    assert.equal(b.inBackOffSince("k", 5_000, 14_999), true);
    assert.equal(b.inBackOffSince("k", 5_000, 15_000), false);
  });

  it("starts over when the container ran for more than 10 minutes", () => {
    const b = new RestartBackoff();
    b.next("k", 0, 0);
    b.next("k", 10_000, 20_000);
    assert.equal(b.get("k"), 20_000);
    const exitedAt = 20_000 + 600_001;
    assert.equal(b.inBackOffSince("k", exitedAt, exitedAt), false);
    b.next("k", exitedAt, exitedAt);
    assert.equal(b.get("k"), 10_000);
  });
});
