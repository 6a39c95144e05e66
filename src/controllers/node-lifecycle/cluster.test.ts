import { test } from "node:test";
import assert from "node:assert/strict";
import { startCluster } from "../../cluster/start-cluster.js";
import { VirtualClock } from "../../util/clock.js";
import { ENDPOINTSLICES, FAULTS, NODES, PODS, SERVICES } from "../../client/resources.js";
import type { KubeObject } from "../../api/types.js";

type Condition = { type: string; status: string; reason?: string };
type Obj = KubeObject & { status?: { conditions?: Condition[]; phase?: string } };
type Slice = KubeObject & { endpoints?: { conditions?: { ready?: boolean; serving?: boolean; terminating?: boolean }; targetRef?: { name?: string } }[] };

const ready = (o: Obj) => o.status?.conditions?.find((c) => c.type === "Ready");

/** Advances virtual time in steps until check() holds; fails after maxMs of virtual time. */
async function advanceUntil(clock: VirtualClock, what: string, check: () => Promise<boolean>, maxMs: number, stepMs = 1000): Promise<number> {
  for (let t = 0; t <= maxMs; t += stepMs) {
    if (await check()) return t;
    await clock.advance(stepMs);
  }
  throw new Error(`not reached within ${maxMs}ms of virtual time: ${what}`);
}

test("pods on a node that stops reporting become not ready, in their Ready condition and in EndpointSlices, once the node goes Unknown", async () => {
  const clock = new VirtualClock(Date.now());
  const cluster = await startCluster({ nodes: 2, clock, verbosity: Number(process.env.V ?? -1) >= 0 ? Number(process.env.V) : undefined });
  try {
    const { client } = cluster;
    await advanceUntil(clock, "nodes Ready", async () => (await client.list<Obj>(NODES)).items.filter((n) => ready(n)?.status === "True").length === 2, 30_000);
    await client.create(SERVICES, "default", { apiVersion: "v1", kind: "Service", metadata: { name: "web", namespace: "default" }, spec: { selector: { app: "web" }, ports: [{ port: 80 }] } });
    for (const node of ["node-1", "node-2"]) {
      await client.create(PODS, "default", { apiVersion: "v1", kind: "Pod", metadata: { name: `web-${node}`, namespace: "default", labels: { app: "web" } }, spec: { nodeName: node, containers: [{ name: "c", image: "nginx" }] } });
    }
    const slices = async () => (await client.list<Slice>(ENDPOINTSLICES, { namespace: "default", labelSelector: "kubernetes.io/service-name=web" })).items.flatMap((s) => s.endpoints ?? []);
    const readyIn = async (pod: string) => (await slices()).find((e) => e.targetRef?.name === pod)?.conditions?.ready;
    await advanceUntil(clock, "both endpoints ready", async () => (await readyIn("web-node-1")) === true && (await readyIn("web-node-2")) === true, 30_000);

    await client.create(FAULTS, undefined, { apiVersion: "chaos.skiff.dev/v1", kind: "Fault", metadata: { name: "silence" }, spec: { type: "NodeHeartbeatStop", target: "node-2" } });
    const waited = await advanceUntil(clock, "pod on node-2 not ready", async () => ready(await client.get<Obj>(PODS, "default", "web-node-2"))?.status === "False", 120_000);
    assert.ok(waited >= 40_000, `pod marked not ready after ${waited}ms, before the grace period`);
    assert.equal(ready(await client.get<Obj>(NODES, undefined, "node-2"))?.status, "Unknown");
    await advanceUntil(clock, "endpoint of node-2's pod not ready", async () => (await readyIn("web-node-2")) === false, 10_000);
    // It stays so (the silent kubelet does not write it back), and node-1's pod is untouched.
    await clock.advance(30_000);
    assert.equal(ready(await client.get<Obj>(PODS, "default", "web-node-2"))?.status, "False");
    assert.equal(await readyIn("web-node-2"), false);
    assert.equal(ready(await client.get<Obj>(PODS, "default", "web-node-1"))?.status, "True");
    assert.equal(await readyIn("web-node-1"), true);
  } finally {
    await cluster.stop();
  }
});
