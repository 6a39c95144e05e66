import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { VirtualClock } from "../util/clock.js";
import { BucketRateLimiter, ItemExponentialFailureRateLimiter, defaultControllerRateLimiter } from "./rate-limiter.js";
import { createWorkQueue } from "./rate-limiting-queue.js";
import { BasicQueue } from "./workqueue.js";

type Step = ["add", string] | ["get", string | undefined] | ["done", string] | ["len", number] | ["shutDown"];

async function run(steps: Step[]): Promise<void> {
  const q = new BasicQueue<string>();
  for (const [i, step] of steps.entries()) {
    if (step[0] === "add") q.add(step[1]);
    else if (step[0] === "done") q.done(step[1]);
    else if (step[0] === "shutDown") q.shutDown();
    else if (step[0] === "len") assert.equal(q.len(), step[1], `step ${i}: len`);
    else assert.equal(await q.get(), step[1], `step ${i}: get`);
  }
}

describe("the basic work queue", () => {
  const cases: [string, Step[]][] = [
    ["hands keys out in the order they were added", [["add", "a"], ["add", "b"], ["get", "a"], ["get", "b"]]],
    ["ignores adding a key that is already queued", [["add", "a"], ["add", "b"], ["add", "a"], ["len", 2], ["get", "a"], ["get", "b"], ["len", 0]]],
    ["holds back a key added while it is processed until done, then queues it once", [["add", "a"], ["get", "a"], ["add", "a"], ["add", "a"], ["len", 0], ["done", "a"], ["len", 1], ["get", "a"]]],
    ["does not requeue a processed key that was not re-added", [["add", "a"], ["get", "a"], ["done", "a"], ["len", 0]]],
    ["drains queued keys after shutdown, then reports no more work", [["add", "a"], ["add", "b"], ["shutDown"], ["add", "c"], ["get", "a"], ["get", "b"], ["get", undefined]]],
  ];
  for (const [name, steps] of cases) it(name, () => run(steps));

  it("wakes a waiting get() on add, and every waiter on shutdown", async () => {
    const q = new BasicQueue<string>();
    const first = q.get();
    const second = q.get();
    q.add("x");
    assert.equal(await first, "x");
    q.shutDown();
    assert.equal(await second, undefined);
  });
});

describe("rate limiters", () => {
  it("doubles the per-item delay from 5ms and caps it at 1000s", () => {
    const l = new ItemExponentialFailureRateLimiter<string>(5, 1000_000);
    const delays = Array.from({ length: 6 }, () => l.when("k"));
    assert.deepEqual(delays, [5, 10, 20, 40, 80, 160]);
    assert.equal(l.numRequeues("k"), 6);
    for (let i = 0; i < 30; i++) l.when("k");
    assert.equal(l.when("k"), 1000_000);
    assert.equal(l.when("other"), 5, "items back off independently");
    l.forget("k");
    assert.equal(l.when("k"), 5);
  });

  it("lets a burst of 100 through the bucket, then spaces requests at 10 per second", async () => {
    const clock = new VirtualClock();
    const l = new BucketRateLimiter<string>(clock, 10, 100);
    for (let i = 0; i < 100; i++) assert.equal(l.when(`k${i}`), 0);
    assert.equal(l.when("k100"), 100);
    assert.equal(l.when("k101"), 200);
    await clock.advance(1000);
    assert.equal(l.when("k102"), 0, "a second refills 10 tokens: -2 + 10 - 1 leaves 7");
  });

  it("takes the larger of the per-item and overall delays by default", () => {
    const clock = new VirtualClock();
    const l = defaultControllerRateLimiter<string>(clock);
    assert.equal(l.when("a"), 5);
    assert.equal(l.when("a"), 10);
    for (let i = 0; i < 98; i++) l.when(`b${i}`);
    assert.equal(l.when("c"), 100, "the bucket is empty: 100ms beats the item's 5ms");
  });
});

describe("the rate-limited work queue", () => {
  it("requeues a failing key after 5, 10 and 20ms of clock time, and from 5ms again after forget", async () => {
    const clock = new VirtualClock();
    const q = createWorkQueue<string>({ clock, name: "t" });
    const readyAt: number[] = [];
    const start = clock.now();
    for (let i = 0; i < 3; i++) {
      q.addRateLimited("k");
      await clock.advance(1);
      while (q.len() === 0) await clock.advance(1);
      readyAt.push(clock.now() - start);
      q.done((await q.get())!);
    }
    assert.deepEqual(readyAt, [5, 5 + 10, 5 + 10 + 20]);
    assert.equal(q.numRequeues("k"), 3);
    q.forget("k");
    assert.equal(q.numRequeues("k"), 0);
  });

  it("keeps the earlier of two addAfter times for the same key", async () => {
    const clock = new VirtualClock();
    const q = createWorkQueue<string>({ clock, name: "t" });
    q.addAfter("k", 1000);
    q.addAfter("k", 100);
    q.addAfter("k", 500);
    await clock.advance(100);
    assert.equal(q.len(), 1);
    assert.equal(await q.get(), "k");
    q.done("k");
    await clock.advance(1000);
    assert.equal(q.len(), 0, "the later requests were folded into the first");
  });

  it("drops delayed keys on shutdown", async () => {
    const clock = new VirtualClock();
    const q = createWorkQueue<string>({ clock, name: "t" });
    q.addAfter("k", 10);
    q.shutDown();
    await clock.advance(20);
    assert.equal(await q.get(), undefined);
  });
});
