import { test } from "node:test";
import assert from "node:assert/strict";
import { LEASES, NODES, PODS } from "../../client/resources.js";
import type { KubeObject } from "../../client/types.js";
import { startControllerCluster, type ControllerTestCluster } from "../endpoints/test-cluster.js";
import { createNodeLifecycleController } from "./index.js";

type Obj = KubeObject & { spec?: Record<string, unknown>; status?: Record<string, unknown> };
type Taint = { key: string; effect: string; timeAdded?: string };
type Condition = { type: string; status: string; reason?: string; message?: string };

const iso = (ms: number) => new Date(ms).toISOString().replace(/\.\d+Z$/, "Z");
const micro = (ms: number) => new Date(ms).toISOString().replace("Z", "000Z");

async function readyNode(c: ControllerTestCluster, name: string): Promise<void> {
  const made = await c.client.create<Obj>(NODES, undefined, { apiVersion: "v1", kind: "Node", metadata: { name } });
  const now = iso(c.clock.now());
  const conditions = ["Ready", "MemoryPressure", "DiskPressure", "PIDPressure"].map((type) => ({ type, status: type === "Ready" ? "True" : "False", reason: "KubeletReady", lastHeartbeatTime: now, lastTransitionTime: now }));
  await c.client.update(NODES, undefined, { ...made, status: { conditions } }, { subresource: "status" });
  await c.client.create(LEASES, "kube-node-lease", { apiVersion: "coordination.k8s.io/v1", kind: "Lease", metadata: { name, namespace: "kube-node-lease" }, spec: { holderIdentity: name, leaseDurationSeconds: 40, renewTime: micro(c.clock.now()) } });
}

async function renew(c: ControllerTestCluster, name: string): Promise<void> {
  const lease = await c.client.get<Obj>(LEASES, "kube-node-lease", name);
  await c.client.update(LEASES, "kube-node-lease", { ...lease, spec: { ...lease.spec, renewTime: micro(c.clock.now()) } });
}

async function readyPod(c: ControllerTestCluster, name: string, tolerations?: unknown[]): Promise<void> {
  const made = await c.client.create<Obj>(PODS, "default", { apiVersion: "v1", kind: "Pod", metadata: { name, namespace: "default" }, spec: { nodeName: "node-1", containers: [{ name: "c", image: "nginx" }], ...(tolerations ? { tolerations } : {}) } });
  await c.client.update(PODS, "default", { ...made, status: { phase: "Running", podIP: "10.244.0.5", conditions: [{ type: "Ready", status: "True" }] } }, { subresource: "status" });
}

test("a node whose lease stops being renewed becomes Unknown, is tainted unreachable, and its pods are evicted after tolerationSeconds", async () => {
  const c = await startControllerCluster();
  try {
    await readyNode(c, "node-1");
    await readyNode(c, "node-2");
    // Default tolerations (300s for unreachable) come from admission; the other tolerates nothing.
    await readyPod(c, "tolerant");
    await c.run(createNodeLifecycleController(c.ctx));
    const start = c.clock.now();
    const node1 = () => c.client.get<Obj>(NODES, undefined, "node-1");
    const step = async () => void (await renew(c, "node-2"));

    let ready: Condition | undefined;
    await c.until(async () => {
      await step();
      ready = ((await node1()).status?.conditions as Condition[]).find((x) => x.type === "Ready");
      return ready?.status === "Unknown";
    }, "node-1 Unknown", 1000);
    assert.ok(c.clock.now() - start > 40_000, "not before the grace period");
    assert.deepEqual([ready!.reason, ready!.message], ["NodeStatusUnknown", "Kubelet stopped posting node status."]);
    const n2ready = ((await c.client.get<Obj>(NODES, undefined, "node-2")).status?.conditions as Condition[]).find((x) => x.type === "Ready");
    assert.equal(n2ready?.status, "True");

    await c.until(async () => {
      await step();
      const taints = ((await node1()).spec?.taints ?? []) as Taint[];
      return taints.some((t) => t.key === "node.kubernetes.io/unreachable" && t.effect === "NoExecute") && taints.some((t) => t.key === "node.kubernetes.io/unreachable" && t.effect === "NoSchedule");
    }, "unreachable taints", 1000);
    assert.ok(((await node1()).spec?.taints as Taint[]).every((t) => t.timeAdded));
    assert.ok(c.events.some((e) => e.reason === "NodeNotReady" && e.message === "Node node-1 status is now: NodeNotReady"));
    assert.ok(c.events.some((e) => e.reason === "RegisteredNode" && e.message === "Node node-1 event: Registered Node node-1 in Controller"));

    const podReady = async () => ((await c.client.get<Obj>(PODS, "default", "tolerant")).status?.conditions as Condition[]).find((x) => x.type === "Ready")?.status;
    assert.equal(await podReady(), "False");
    assert.ok(c.events.some((e) => e.kind === "Pod" && e.reason === "NodeNotReady" && e.message === "Node is not ready"));

    // A pod arriving with tolerationSeconds 0 goes at once (admission adds 300s to any other).
    const tolerations = [{ key: "node.kubernetes.io/unreachable", operator: "Exists", effect: "NoExecute", tolerationSeconds: 0 }];
    await c.client.create(PODS, "default", { apiVersion: "v1", kind: "Pod", metadata: { name: "intolerant", namespace: "default" }, spec: { nodeName: "node-1", containers: [{ name: "c", image: "nginx" }], tolerations } });
    const gone = (name: string) => async () => {
      await step();
      const p = await c.client.get<Obj>(PODS, "default", name).catch(() => undefined);
      return !p || !!p.metadata.deletionTimestamp;
    };
    const tainted = c.clock.now();
    await c.until(gone("intolerant"), "intolerant pod evicted", 1000, 5);
    assert.equal(await gone("tolerant")(), false);

    await c.until(gone("tolerant"), "tolerant pod evicted", 1000, 400);
    const waited = c.clock.now() - tainted;
    assert.ok(waited >= 295_000 && waited <= 310_000, `evicted after ${waited}ms`);
    assert.ok(c.events.some((e) => e.reason === "TaintManagerEviction" && e.message === "Marking for deletion Pod default/tolerant"));
  } finally {
    await c.close();
  }
});

test("when every node stops reporting, no NoExecute taint is added (master disruption mode)", async () => {
  const c = await startControllerCluster();
  try {
    await readyNode(c, "node-1");
    await c.run(createNodeLifecycleController(c.ctx));
    await c.until(async () => {
      const n = await c.client.get<Obj>(NODES, undefined, "node-1");
      return ((n.spec?.taints ?? []) as Taint[]).some((t) => t.key === "node.kubernetes.io/unreachable" && t.effect === "NoSchedule");
    }, "NoSchedule unreachable taint", 1000);
    await c.clock.advance(20_000);
    const taints = ((await c.client.get<Obj>(NODES, undefined, "node-1")).spec?.taints ?? []) as Taint[];
    assert.equal(taints.some((t) => t.effect === "NoExecute"), false);
  } finally {
    await c.close();
  }
});
