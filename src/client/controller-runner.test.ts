import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { VirtualClock } from "../util/clock.js";
import { runController } from "./controller-runner.js";
import { createWorkQueue } from "./rate-limiting-queue.js";
import { PermanentError } from "./types.js";

describe("runController", () => {
  it("retries a transient failure with back-off until it succeeds, then forgets the key", async () => {
    const clock = new VirtualClock();
    const queue = createWorkQueue<string>({ clock, name: "t" });
    const stop = new AbortController();
    const attempts: number[] = [];
    const logs: string[] = [];
    const done = runController({
      name: "test",
      queue,
      workers: 2,
      signal: stop.signal,
      log: (m) => logs.push(m),
      sync: async (key) => {
        attempts.push(clock.now());
        if (attempts.length < 3) throw new Error(`${key} not ready`);
      },
    });
    queue.add("ns/a");
    await clock.advance(100);
    assert.equal(attempts.length, 3);
    const start = attempts[0]!;
    assert.deepEqual(attempts.map((t) => t - start), [0, 5, 15]);
    assert.equal(queue.numRequeues("ns/a"), 0);
    assert.ok(logs.some((m) => m.includes(`error syncing "ns/a": ns/a not ready, requeuing`)));
    stop.abort();
    await done;
  });

  it("logs and forgets a permanent failure without retrying", async () => {
    const clock = new VirtualClock();
    const queue = createWorkQueue<string>({ clock, name: "t" });
    const stop = new AbortController();
    const logs: string[] = [];
    let calls = 0;
    const done = runController({
      name: "test",
      queue,
      workers: 1,
      signal: stop.signal,
      log: (m) => logs.push(m),
      sync: async () => {
        calls++;
        throw new PermanentError("bad spec");
      },
    });
    queue.add("x");
    await clock.advance(10_000);
    assert.equal(calls, 1);
    assert.equal(queue.numRequeues("x"), 0);
    assert.ok(logs.some((m) => m.includes(`error syncing "x": bad spec; not retrying`)));
    stop.abort();
    await done;
  });

  it("never runs one key on two workers at once, and waits for running syncs on shutdown", async () => {
    const clock = new VirtualClock();
    const queue = createWorkQueue<string>({ clock, name: "t" });
    const stop = new AbortController();
    const running = new Set<string>();
    let overlap = false;
    let finished = 0;
    const done = runController({
      name: "test",
      queue,
      workers: 4,
      signal: stop.signal,
      sync: async (key) => {
        if (running.has(key)) overlap = true;
        running.add(key);
        await clock.sleep(10);
        running.delete(key);
        finished++;
      },
    });
    for (let i = 0; i < 3; i++) queue.add("same");
    queue.add("other");
    await clock.advance(1);
    queue.add("same"); // while "same" is being processed
    await clock.advance(15);
    stop.abort();
    await clock.advance(15);
    await done;
    assert.equal(overlap, false);
    assert.equal(finished, 3, "same, other, then same again");
  });
});
