import { test } from "node:test";
import assert from "node:assert/strict";
import { startCluster } from "./start-cluster.js";
import { VirtualClock } from "../util/clock.js";
import { FAULTS, NODES, CONFIGMAPS } from "../client/resources.js";
import type { KubeObject } from "../api/types.js";

type NodeObject = KubeObject & { status?: { conditions?: { type: string; status: string; reason?: string; message?: string }[] }; spec?: { podCIDR?: string } };

const ready = (n: NodeObject) => n.status?.conditions?.find((c) => c.type === "Ready");

/** Advances virtual time in steps until check() holds; fails after maxMs of virtual time. */
async function advanceUntil(clock: VirtualClock, what: string, check: () => Promise<boolean>, maxMs: number, stepMs = 1000): Promise<number> {
  for (let t = 0; t <= maxMs; t += stepMs) {
    if (await check()) return t;
    await clock.advance(stepMs);
  }
  throw new Error(`not reached within ${maxMs}ms of virtual time: ${what}`);
}

test("A cluster on a virtual clock turns a silent node Unknown after the grace period, in milliseconds of real time", async () => {
  const clock = new VirtualClock(Date.now());
  const cluster = await startCluster({ nodes: 2, clock });
  try {
    const node = (name: string) => cluster.client.get<NodeObject>(NODES, undefined, name);
    await advanceUntil(clock, "both nodes Ready", async () => (await Promise.all(["node-1", "node-2"].map(node))).every((n) => ready(n)?.status === "True"), 30_000);
    const started = Date.now();
    await cluster.client.create(FAULTS, undefined, { apiVersion: "chaos.skiff.dev/v1", kind: "Fault", metadata: { name: "silence" }, spec: { type: "NodeHeartbeatStop", target: "node-2" } });
    const waited = await advanceUntil(clock, "node-2 Unknown", async () => ready(await node("node-2"))?.status === "Unknown", 120_000);
    const cond = ready(await node("node-2"))!;
    assert.equal(cond.reason, "NodeStatusUnknown");
    assert.equal(cond.message, "Kubelet stopped posting node status.");
    // The default grace period is 40s: the node cannot go Unknown sooner in virtual time.
    assert.ok(waited >= 40_000, `went Unknown after ${waited}ms of virtual time`);
    assert.equal(ready(await node("node-1"))?.status, "True");
    assert.ok(Date.now() - started < 60_000, "virtual time, not wall time");
  } finally {
    await cluster.stop();
  }
});

test("A hanging runtime makes PLEG unhealthy after 3 minutes of virtual time with upstream's message", async () => {
  const clock = new VirtualClock(Date.now());
  const cluster = await startCluster({ nodes: 1, clock });
  try {
    const node = () => cluster.client.get<NodeObject>(NODES, undefined, "node-1");
    await advanceUntil(clock, "node Ready", async () => ready(await node())?.status === "True", 30_000);
    await cluster.client.create(FAULTS, undefined, { apiVersion: "chaos.skiff.dev/v1", kind: "Fault", metadata: { name: "hang" }, spec: { type: "RuntimeHang", target: "node-1" } });
    const waited = await advanceUntil(clock, "PLEG unhealthy", async () => ready(await node())?.status === "False", 400_000, 5000);
    assert.ok(waited >= 180_000, `not ready after ${waited}ms`);
    assert.match(ready(await node())!.message!, /^container runtime is down PLEG is not healthy: pleg was last seen active 3m\d+(\.\d+)?s ago; threshold is 3m0s/);
    await cluster.client.delete(FAULTS, undefined, "hang");
    await advanceUntil(clock, "node Ready again", async () => ready(await node())?.status === "True", 60_000);
  } finally {
    await cluster.stop();
  }
});

test("Two clusters run side by side in one process without sharing state", async () => {
  const [a, b] = await Promise.all([startCluster({ nodes: 1 }), startCluster({ nodes: 1 })]);
  try {
    assert.notEqual(a.url, b.url);
    await a.client.create(CONFIGMAPS, "default", { apiVersion: "v1", kind: "ConfigMap", metadata: { name: "only-in-a" }, data: { x: "1" } });
    await assert.rejects(b.client.get(CONFIGMAPS, "default", "only-in-a"), /not found/);
    assert.equal((await a.client.get<KubeObject & { data: { x: string } }>(CONFIGMAPS, "default", "only-in-a")).data.x, "1");
  } finally {
    await Promise.all([a.stop(), b.stop()]);
  }
});
