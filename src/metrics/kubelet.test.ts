import assert from "node:assert/strict";
import { test } from "node:test";
import { createPleg } from "../kubelet/pleg/pleg.js";
import { createSimRuntime } from "../kubelet/runtime/sim/sim-runtime.js";
import { VirtualClock } from "../util/clock.js";
import { createKubeletMetrics } from "./kubelet.js";
import { parseSamples, sampleValue } from "./testing/samples.js";

test("PLEG relists are timed, and the time between them observed, on the kubelet's clock", async () => {
  const clock = new VirtualClock(1_700_000_000_000);
  let lastRelist = () => 0;
  const metrics = createKubeletMetrics({ nodeName: "node-1", lastRelistMs: () => lastRelist() });
  const pleg = createPleg({ runtime: createSimRuntime({ clock }), clock, metrics: metrics.pleg, onEvents: () => undefined });
  lastRelist = () => pleg.lastRelist();
  let s = parseSamples(await metrics.registry.metrics());
  assert.equal(sampleValue(s, "kubelet_pleg_relist_duration_seconds_count", {}), 0);
  assert.equal(sampleValue(s, "kubelet_node_name", { node: "node-1" }), 1);

  await pleg.relist();
  await clock.advance(1_000);
  await pleg.relist();
  await clock.advance(3_000);
  await pleg.relist();
  s = parseSamples(await metrics.registry.metrics());
  assert.equal(sampleValue(s, "kubelet_pleg_relist_duration_seconds_count", {}), 3);
  assert.equal(sampleValue(s, "kubelet_pleg_relist_interval_seconds_count", {}), 2, "the first relist has no previous one");
  assert.equal(sampleValue(s, "kubelet_pleg_relist_interval_seconds_sum", {}), 4);
  assert.equal(sampleValue(s, "kubelet_pleg_relist_interval_seconds_bucket", { le: "2.5" }), 1);
  assert.equal(sampleValue(s, "kubelet_pleg_relist_interval_seconds_bucket", { le: "5" }), 2);
  assert.equal(sampleValue(s, "kubelet_pleg_last_seen_seconds", {}), 1_700_000_004);
});
