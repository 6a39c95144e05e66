import assert from "node:assert/strict";
import { after, before, describe, it } from "node:test";
import { NODES, PODS, type KubeObject } from "../client/index.js";
import type { Pod } from "./framework/types.js";
import { makeNode, makePod } from "./testing/builders.js";
import { eventually, startCluster, type TestCluster } from "./testing/cluster.js";

const NODE_COUNT = 500;
const POD_COUNT = 2000;

describe("scheduler under load (not timed)", () => {
  let c: TestCluster;
  before(async () => {
    c = await startCluster({ verbosity: 0 });
  });
  after(async () => {
    await c.close();
  });

  it("binds 2,000 pods on 500 nodes, each node within its capacity", async () => {
    const zones = ["zone-a", "zone-b", "zone-c"];
    await Promise.all(
      Array.from({ length: NODE_COUNT }, (_, i) =>
        c.client.create(NODES, undefined, makeNode(`node-${i}`, { cpu: "8", memory: "32Gi", labels: { "topology.kubernetes.io/zone": zones[i % 3] } }) as unknown as KubeObject),
      ),
    );
    const started = Date.now();
    await Promise.all(Array.from({ length: POD_COUNT }, (_, i) => c.client.create(PODS, "default", makePod(`p-${i}`, { cpu: "100m", memory: "128Mi", labels: { app: `a${i % 10}` } }) as unknown as KubeObject)));
    await eventually(() => c.scheduler.cache.podCount() >= POD_COUNT && c.scheduler.queue.pending().active.length === 0, "all pods assumed", 200_000);
    await c.scheduler.waitForBindings();
    const elapsed = Date.now() - started;
    const pods = (await c.client.list(PODS, { namespace: "default" })).items as unknown as Pod[];
    assert.equal(pods.length, POD_COUNT);
    const perNode = new Map<string, number>();
    for (const p of pods) {
      assert.ok(p.spec?.nodeName, `${p.metadata?.name} is bound`);
      perNode.set(p.spec!.nodeName!, (perNode.get(p.spec!.nodeName!) ?? 0) + 1);
    }
    // 8 cpu / 100m: at most 80 per node; least-allocated scoring spreads them far more evenly.
    assert.ok(Math.max(...perNode.values()) <= 80);
    assert.ok(perNode.size > NODE_COUNT / 2, `pods spread over ${perNode.size} nodes`);
    if (process.env.SCHED_LOAD_REPORT) console.log(`scheduled ${POD_COUNT} pods in ${elapsed} ms`);
  });
});
