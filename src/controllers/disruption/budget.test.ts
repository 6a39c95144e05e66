import assert from "node:assert/strict";
import { describe, it } from "node:test";
import type { PodDisruptionBudgetSpec } from "kubernetes-types/policy/v1.js";
import type { PodObject } from "../shared/pods.js";
import { buildDisruptedPodMap, countHealthyPods, disruptionsAllowed, expectedCounts, scaledValue } from "./budget.js";

const NOW = Date.parse("2026-01-01T00:10:00Z");
const iso = (ms: number) => new Date(ms).toISOString().replace(/\.\d+Z$/, "Z");

function pod(name: string, ready: boolean, deleting = false): PodObject {
  return {
    metadata: { name, namespace: "default", ...(deleting ? { deletionTimestamp: iso(NOW) } : {}) },
    status: { phase: "Running", conditions: [{ type: "Ready", status: ready ? "True" : "False" }] },
  };
}

describe("scaledValue", () => {
  const cases: [number | string, number, number][] = [
    [3, 10, 3],
    ["50%", 5, 3],
    ["100%", 7, 7],
    ["0%", 7, 0],
    ["34%", 3, 2],
  ];
  for (const [v, total, want] of cases) it(`${v} of ${total} is ${want}`, () => assert.equal(scaledValue(v, total), want));
  it("refuses a string that is not a percentage", () => assert.throws(() => scaledValue("3", 10), /not a percentage/));
});

describe("expectedCounts", () => {
  const pods = [pod("a", true), pod("b", true), pod("c", false)];
  const scale = (n: number) => async () => ({ expectedCount: n, unmanagedPods: [] });
  const cases: { name: string; spec: PodDisruptionBudgetSpec; scale: number; want: [number, number] }[] = [
    { name: "an integer minAvailable counts the matching pods", spec: { minAvailable: 2 }, scale: 99, want: [3, 2] },
    { name: "a percentage minAvailable scales the controllers' replicas, rounding up", spec: { minAvailable: "50%" }, scale: 5, want: [5, 3] },
    { name: "an integer maxUnavailable subtracts from the controllers' replicas", spec: { maxUnavailable: 1 }, scale: 4, want: [4, 3] },
    { name: "a percentage maxUnavailable rounds the unavailable up", spec: { maxUnavailable: "30%" }, scale: 4, want: [4, 2] },
    { name: "desiredHealthy never goes below zero", spec: { maxUnavailable: 10 }, scale: 4, want: [4, 0] },
    { name: "no minAvailable nor maxUnavailable expects nothing", spec: {}, scale: 4, want: [0, 0] },
  ];
  for (const c of cases) {
    it(c.name, async () => {
      const got = await expectedCounts(c.spec, pods, scale(c.scale));
      assert.deepEqual([got.expectedCount, got.desiredHealthy], c.want);
    });
  }
  it("an integer minAvailable never asks for the scale", async () => {
    await expectedCounts({ minAvailable: 1 }, pods, async () => assert.fail("scale asked"));
  });
  it("a failing scale lookup fails the count", async () => {
    await assert.rejects(expectedCounts({ maxUnavailable: 1 }, pods, async () => Promise.reject(new Error("found no controllers for pod \"a\""))), /found no controllers/);
  });
});

describe("buildDisruptedPodMap and countHealthyPods", () => {
  const recent = iso(NOW - 30_000);
  const stale = iso(NOW - 3 * 60_000);
  const pods = [pod("evicted", true), pod("stuck", true), pod("going", true, true), pod("ok", true), pod("unready", false)];
  const previous = { evicted: recent, stuck: stale, going: recent, gone: recent };
  const built = buildDisruptedPodMap(pods, previous, NOW);

  it("keeps recent evictions of pods not yet deleting", () => assert.deepEqual(built.disrupted, { evicted: recent }));
  it("reports evictions past the 2-minute timeout", () => assert.deepEqual(built.notDeleted.map((p) => p.metadata.name), ["stuck"]));
  it("rechecks when the kept eviction times out", () => assert.equal(built.recheckAt, NOW - 30_000 + 120_000));
  it("counts ready pods that are neither deleting nor being evicted", () => assert.equal(countHealthyPods(pods, built.disrupted, NOW), 2));
  it("has nothing to keep without a previous map", () => assert.deepEqual(buildDisruptedPodMap(pods, undefined, NOW), { disrupted: {}, notDeleted: [] }));
});

describe("disruptionsAllowed", () => {
  const cases: [number, number, number, number][] = [
    [3, 2, 3, 1],
    [3, 3, 3, 0],
    [1, 3, 3, 0],
    [5, 0, 0, 0],
    [5, 0, 5, 5],
  ];
  for (const [healthy, desired, expected, want] of cases) {
    it(`healthy ${healthy}, desired ${desired}, expected ${expected}: ${want}`, () => assert.equal(disruptionsAllowed(healthy, desired, expected), want));
  }
});
