import { describe, test } from "node:test";
import assert from "node:assert/strict";
import type { Pod } from "kubernetes-types/core/v1.js";
import { resourceReplicas, type PodMetric } from "./resource-replicas.js";

const NOW = Date.parse("2026-01-01T01:00:00Z");
const iso = (ms: number) => new Date(ms).toISOString();

/** A Running pod started an hour ago, Ready since then, requesting 1 CPU per container. */
function pod(name: string, o: { phase?: string; ready?: "True" | "False"; startedAgoMs?: number; readySinceAgoMs?: number; deleted?: boolean; request?: string | null } = {}): Pod {
  const start = NOW - (o.startedAgoMs ?? 3_600_000);
  return {
    metadata: { name, ...(o.deleted ? { deletionTimestamp: iso(NOW) } : {}) },
    spec: { containers: [{ name: "app", resources: o.request === null ? {} : { requests: { cpu: o.request ?? "1" } } }] },
    status: {
      phase: o.phase ?? "Running",
      startTime: iso(start),
      conditions: [{ type: "Ready", status: o.ready ?? "True", lastTransitionTime: iso(NOW - (o.readySinceAgoMs ?? 3_500_000)) }],
    },
  };
}

const metric = (milli: number): PodMetric => ({ valueMilli: milli, timestamp: NOW - 5_000, windowMs: 15_000 });
const run = (pods: Pod[], metrics: Record<string, number>, target: { utilization: number } | { averageMilli: number }, current = pods.length, resource = "cpu") =>
  resourceReplicas({ currentReplicas: current, resource, pods, metrics: new Map(Object.entries(metrics).map(([k, v]) => [k, metric(v)])), now: NOW, tolerance: 0.1 }, target);

describe("HPA resource replicas", () => {
  test("scales to ceil(ratio × ready pods) and reports utilisation and the raw average", () => {
    const r = run([pod("a")], { a: 1500 }, { utilization: 50 });
    assert.deepEqual(r, { replicas: 3, utilization: 150, rawAverageMilli: 1500 });
  });

  test("keeps the replicas within the tolerance", () => {
    assert.equal(run([pod("a"), pod("b")], { a: 540, b: 540 }, { utilization: 50 }).replicas, 2);
  });

  test("an average value target divides the average usage by the target", () => {
    const r = run([pod("a"), pod("b")], { a: 400, b: 200 }, { averageMilli: 100 });
    assert.deepEqual(r, { replicas: 6, rawAverageMilli: 300 });
  });

  test("on a scale-down, pods without metrics count as using their whole request", () => {
    // Ready pods at 10%: 3 pods would go to 1; with the missing pod at 100% the ratio is (10+10+100)/3/50 = 0.8 -> 3.
    assert.equal(run([pod("a"), pod("b"), pod("c")], { a: 100, b: 100 }, { utilization: 50 }).replicas, 3);
  });

  test("on a scale-up, pods without metrics count as using nothing", () => {
    // 200% on two pods, the third at 0: ratio (200+200+0)/3/50 = 2.66 -> ceil(2.66 × 3) = 8.
    assert.equal(run([pod("a"), pod("b"), pod("c")], { a: 2000, b: 2000 }, { utilization: 50 }, 3).replicas, 8);
  });

  test("unready pods count as using nothing on a scale-up, and their metrics are dropped", () => {
    const starting = pod("b", { startedAgoMs: 60_000, ready: "False", readySinceAgoMs: 60_000 });
    // Only a's 100% counts, b is taken as 0: ratio (100+0)/2/50 = 1 -> within tolerance: stays at 2.
    assert.equal(run([pod("a"), starting], { a: 1000, b: 5000 }, { utilization: 50 }).replicas, 2);
  });

  test("a pod whose metric window started before it was ready is unready while initialising", () => {
    const justReady = pod("b", { startedAgoMs: 60_000, readySinceAgoMs: 10_000 });
    assert.equal(run([pod("a"), justReady], { a: 2000, b: 2000 }, { utilization: 50 }).replicas, 4);
  });

  test("memory ignores readiness", () => {
    const starting = pod("b", { startedAgoMs: 60_000, ready: "False" });
    const withMemory = [pod("a"), starting].map((p) => ({ ...p, spec: { containers: [{ name: "app", resources: { requests: { memory: "100" } } }] } }));
    assert.equal(run(withMemory, { a: 200_000, b: 200_000 }, { utilization: 100 }, 2, "memory").replicas, 4);
  });

  test("deleted and failed pods are ignored", () => {
    assert.equal(run([pod("a"), pod("b", { deleted: true }), pod("c", { phase: "Failed" })], { a: 1000, b: 0, c: 0 }, { utilization: 50 }, 3).replicas, 2);
  });

  test("errors are upstream's", () => {
    assert.throws(() => run([], {}, { utilization: 50 }), /^Error: no pods returned by selector while calculating replica count$/);
    assert.throws(() => run([pod("a", { phase: "Pending" })], { a: 10 }, { utilization: 50 }), /^Error: did not receive metrics for targeted pods \(pods might be unready\)$/);
    assert.throws(() => run([pod("a", { request: null })], { a: 10 }, { utilization: 50 }), /^Error: missing request for cpu in container app of Pod a$/);
  });
});
