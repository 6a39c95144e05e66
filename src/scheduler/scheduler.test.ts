import assert from "node:assert/strict";
import { after, before, describe, it } from "node:test";
import { EVENTS, NODES, PODS, PRIORITYCLASSES, type KubeObject } from "../client/index.js";
import type { Pod } from "./framework/types.js";
import { makeNode, makePod } from "./testing/builders.js";
import { eventually, startCluster, type TestCluster } from "./testing/cluster.js";

const asObj = (x: unknown) => x as KubeObject;

async function podOf(c: TestCluster, name: string): Promise<Pod> {
  return (await c.client.get(PODS, "default", name)) as unknown as Pod;
}

async function eventsFor(c: TestCluster, name: string, reason: string): Promise<KubeObject[]> {
  const list = await c.client.list(EVENTS, { namespace: "default" });
  return list.items.filter((e) => (e.involvedObject as { name?: string })?.name === name && e.reason === reason);
}

describe("scheduler against an in-process API server", () => {
  let c: TestCluster;
  before(async () => {
    c = await startCluster();
    for (const n of ["node-1", "node-2", "node-3"]) await c.client.create(NODES, undefined, asObj(makeNode(n, { cpu: "1", memory: "4Gi" })));
  });
  after(async () => {
    await c.close();
  });

  it("binds a pending pod to a node and records the Scheduled event", async () => {
    await c.client.create(PODS, "default", asObj(makePod("web-1", { cpu: "500m" })));
    const pod = await eventually(async () => {
      const p = await podOf(c, "web-1");
      return p.spec?.nodeName ? p : undefined;
    }, "web-1 bound");
    await c.scheduler.waitForBindings();
    const events = await eventually(() => eventsFor(c, "web-1", "Scheduled").then((e) => (e.length ? e : undefined)), "Scheduled event");
    assert.equal(events[0].message, `Successfully assigned default/web-1 to ${pod.spec!.nodeName}`);
    assert.equal(events[0].type, "Normal");
  });

  it("reports a pod that fits nowhere with upstream's aggregated message", async () => {
    await c.client.create(PODS, "default", asObj(makePod("huge", { cpu: "2" })));
    const want = "0/3 nodes are available: 3 Insufficient cpu. preemption: 0/3 nodes are available: 3 No preemption victims found for incoming pod.";
    const cond = await eventually(async () => (await podOf(c, "huge")).status?.conditions?.find((x) => x.type === "PodScheduled"), "PodScheduled condition");
    assert.equal(cond.status, "False");
    assert.equal(cond.reason, "Unschedulable");
    assert.equal(cond.message, want);
    const events = await eventually(() => eventsFor(c, "huge", "FailedScheduling").then((e) => (e.length ? e : undefined)), "FailedScheduling event");
    assert.equal(events[0].type, "Warning");
    assert.equal(events[0].message, want);
  });

  it("preempts a lower-priority pod to make room for a higher-priority one", async () => {
    // Each node holds a 400m filler (web-1 adds 500m on one of them): the 900m pod fits nowhere.
    // Fillers have no grace period, so their deletion completes at once (no kubelet here).
    for (const [i, n] of ["node-1", "node-2", "node-3"].entries()) {
      await c.client.create(PODS, "default", asObj(makePod(`filler-${i}`, { cpu: "400m", nodeName: n, spec: { terminationGracePeriodSeconds: 0 } })));
    }
    await c.client.create(PRIORITYCLASSES, undefined, { apiVersion: "scheduling.k8s.io/v1", kind: "PriorityClass", metadata: { name: "high" }, value: 1000 });
    await c.client.create(PODS, "default", asObj(makePod("important", { cpu: "900m", spec: { priorityClassName: "high" } })));
    const nominated = await eventually(async () => (await podOf(c, "important")).status?.nominatedNodeName, "nomination");
    // The node with one victim wins over web-1's node, which would need two.
    const webNode = (await podOf(c, "web-1")).spec!.nodeName!;
    assert.notEqual(nominated, webNode);
    const victim = `filler-${Number(nominated.slice(5)) - 1}`;
    await eventually(() => c.client.get(PODS, "default", victim).then(() => false, (e: { code?: number }) => e.code === 404), "victim deleted");
    const preempted = await eventually(() => eventsFor(c, victim, "Preempted").then((e) => (e.length ? e : undefined)), "Preempted event");
    assert.match(String(preempted[0].message), new RegExp(`^Preempted by pod [0-9a-f-]+ on node ${nominated}$`));
    await c.clock.advance(11_000);
    const bound = await eventually(async () => (await podOf(c, "important")).spec?.nodeName, "important bound");
    assert.equal(bound, nominated);
  });
});
