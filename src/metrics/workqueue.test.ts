import assert from "node:assert/strict";
import { test } from "node:test";
import { createWorkQueue, withWorkQueueMetrics } from "../client/index.js";
import { VirtualClock } from "../util/clock.js";
import { createRegistry } from "./registry.js";
import { parseSamples, sampleValue } from "./testing/samples.js";
import { createWorkQueueMetricsProvider } from "./workqueue.js";

async function scrape(registry: ReturnType<typeof createRegistry>) {
  return parseSamples(await registry.metrics());
}

test("a queue reports adds, depth, time queued, time worked, work in progress and retries under its name", async () => {
  const registry = createRegistry();
  const clock = new VirtualClock();
  const queue = createWorkQueue({ clock, name: "deployment", metrics: createWorkQueueMetricsProvider(registry) });
  queue.add("a");
  queue.add("b");
  queue.add("a"); // already queued: not an add
  let s = await scrape(registry);
  assert.equal(sampleValue(s, "workqueue_adds_total", { name: "deployment" }), 2);
  assert.equal(sampleValue(s, "workqueue_depth", { name: "deployment" }), 2);

  await clock.advance(1_000);
  assert.equal(await queue.get(), "a");
  await clock.advance(500);
  s = await scrape(registry);
  assert.equal(sampleValue(s, "workqueue_depth", { name: "deployment" }), 1);
  assert.equal(sampleValue(s, "workqueue_queue_duration_seconds_count", { name: "deployment" }), 1);
  assert.equal(sampleValue(s, "workqueue_queue_duration_seconds_sum", { name: "deployment" }), 1);
  assert.equal(sampleValue(s, "workqueue_unfinished_work_seconds", { name: "deployment" }), 0.5);
  assert.equal(sampleValue(s, "workqueue_longest_running_processor_seconds", { name: "deployment" }), 0.5);

  queue.done("a");
  queue.addRateLimited("a");
  s = await scrape(registry);
  assert.equal(sampleValue(s, "workqueue_work_duration_seconds_sum", { name: "deployment" }), 0.5);
  assert.equal(sampleValue(s, "workqueue_unfinished_work_seconds", { name: "deployment" }), 0);
  assert.equal(sampleValue(s, "workqueue_retries_total", { name: "deployment" }), 1);
  assert.equal(sampleValue(s, "workqueue_work_duration_seconds_bucket", { name: "deployment", le: "1" }), 1);
  assert.equal(sampleValue(s, "workqueue_work_duration_seconds_bucket", { name: "deployment", le: "0.1" }), 0);
  queue.shutDown();
});

test("a key added again while processed counts as an add and waits for done()", async () => {
  const registry = createRegistry();
  const clock = new VirtualClock();
  const queue = createWorkQueue({ clock, name: "q", metrics: createWorkQueueMetricsProvider(registry) });
  queue.add("a");
  await queue.get();
  queue.add("a");
  let s = await scrape(registry);
  assert.equal(sampleValue(s, "workqueue_adds_total", { name: "q" }), 2);
  assert.equal(sampleValue(s, "workqueue_depth", { name: "q" }), 1);
  queue.done("a");
  assert.equal(await queue.get(), "a");
  s = await scrape(registry);
  assert.equal(sampleValue(s, "workqueue_depth", { name: "q" }), 0);
  queue.shutDown();
});

test("queues created inside withWorkQueueMetrics report to that provider, others to none", async () => {
  const registry = createRegistry();
  const clock = new VirtualClock();
  const inside = withWorkQueueMetrics(createWorkQueueMetricsProvider(registry), () => createWorkQueue({ clock, name: "replicaset" }));
  const outside = createWorkQueue({ clock, name: "other" });
  inside.add("x");
  outside.add("y");
  const s = await scrape(registry);
  assert.equal(sampleValue(s, "workqueue_adds_total", { name: "replicaset" }), 1);
  assert.equal(sampleValue(s, "workqueue_adds_total", { name: "other" }), undefined);
  inside.shutDown();
  outside.shutDown();
});
