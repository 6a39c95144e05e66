import assert from "node:assert/strict";
import { after, before, test } from "node:test";
import { NODES, PODS, type KubeObject } from "../client/index.js";
import { makeNode, makePod } from "../scheduler/testing/builders.js";
import { eventually, startCluster, type TestCluster } from "../scheduler/testing/cluster.js";
import { createSchedulerMetrics, type SchedulerMetrics } from "./scheduler.js";
import { parseSamples, sampleValue } from "./testing/samples.js";

let c: TestCluster;
let metrics: SchedulerMetrics;
const asObj = (x: unknown) => x as KubeObject;

before(async () => {
  metrics = createSchedulerMetrics();
  c = await startCluster({ metrics });
  await c.client.create(NODES, undefined, asObj(makeNode("node-1", { cpu: "1", memory: "4Gi" })));
});
after(() => c.close());

const value = async (result: string) => sampleValue(parseSamples(await metrics.registry.metrics()), "scheduler_schedule_attempts_total", { profile: "default-scheduler", result });

test("a bound pod counts as scheduled, a pod that fits nowhere as unschedulable, under the profile", async () => {
  await c.client.create(PODS, "default", asObj(makePod("fits", { cpu: "500m" })));
  await eventually(async () => (await value("scheduled")) === 1, "scheduled attempt");
  await c.client.create(PODS, "default", asObj(makePod("huge", { cpu: "2" })));
  await eventually(async () => ((await value("unschedulable")) ?? 0) >= 1, "unschedulable attempt");
  assert.equal(await value("error"), undefined);
  const samples = parseSamples(await metrics.registry.metrics());
  const les = samples.filter((s) => s.name === "scheduler_scheduling_attempt_duration_seconds_bucket" && s.labels.result === "scheduled").map((s) => Number(s.labels.le));
  assert.equal(les.length, 16, "15 buckets from 1ms doubling, and +Inf");
  assert.equal(les[0], 0.001);
  assert.equal(les[14], 16.384);
  assert.equal(sampleValue(samples, "scheduler_scheduling_attempt_duration_seconds_count", { profile: "default-scheduler", result: "scheduled" }), 1);
});
