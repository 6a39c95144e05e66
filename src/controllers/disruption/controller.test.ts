import assert from "node:assert/strict";
import { afterEach, beforeEach, describe, it } from "node:test";
import type { PDBObject } from "../../api/policy/pdb-status.js";
import type { KubeObject } from "../../api/types.js";
import { PDBS, PODS, REPLICASETS } from "../../client/index.js";
import { startControllerTestEnv, type ControllerTestEnv } from "../shared/controller-test-env.js";
import type { PodObject } from "../shared/pods.js";
import { createDisruptionController } from "./controller.js";

const LABELS = { app: "web" };

async function replicaSet(env: ControllerTestEnv, replicas: number): Promise<KubeObject> {
  return env.client.create(REPLICASETS, "default", {
    metadata: { name: "web", namespace: "default" },
    spec: { replicas, selector: { matchLabels: LABELS }, template: { metadata: { labels: LABELS }, spec: { containers: [{ name: "c", image: "nginx" }] } } },
  } as KubeObject);
}

/** A running pod, ready or not, controlled by owner when given. */
async function runningPod(env: ControllerTestEnv, name: string, ready: boolean, owner?: KubeObject): Promise<PodObject> {
  const ownerReferences = owner ? [{ apiVersion: "apps/v1", kind: "ReplicaSet", name: owner.metadata.name!, uid: owner.metadata.uid!, controller: true }] : undefined;
  const created = await env.client.create<PodObject>(PODS, "default", {
    metadata: { name, namespace: "default", labels: LABELS, ownerReferences },
    spec: { nodeName: "n1", containers: [{ name: "c", image: "nginx" }] },
  });
  const status = { phase: "Running", conditions: [{ type: "Ready", status: ready ? "True" : "False" }] };
  return env.client.update<PodObject>(PODS, "default", { ...created, status }, { subresource: "status" });
}

function pdb(spec: PDBObject["spec"]): PDBObject {
  return { metadata: { name: "budget", namespace: "default" }, spec: { selector: { matchLabels: LABELS }, ...spec } };
}

const evict = (env: ControllerTestEnv, name: string, body: Record<string, unknown> = {}) =>
  env.client.createSubresource(PODS, "default", name, "eviction", { apiVersion: "policy/v1", kind: "Eviction", metadata: { name, namespace: "default" }, ...body });

describe("disruption controller against an API server", () => {
  let env: ControllerTestEnv;
  beforeEach(async () => {
    env = await startControllerTestEnv();
    env.run(createDisruptionController(env.ctx));
  });
  afterEach(() => env.stop());

  const statusOf = (want: (p: PDBObject) => boolean) =>
    env.until("the budget's status", async () => {
      const b = await env.client.get<PDBObject>(PDBS, "default", "budget");
      return want(b) ? b : undefined;
    });

  it("computes a maxUnavailable budget from the ReplicaSet's scale and lets one eviction through", async () => {
    const rs = await replicaSet(env, 3);
    for (const n of ["a", "b", "c"]) await runningPod(env, n, true, rs);
    await env.client.create(PDBS, "default", pdb({ maxUnavailable: 1 }));
    const b = await statusOf((p) => p.status?.observedGeneration === 1 && p.status.currentHealthy === 3);
    assert.deepEqual(
      [b.status!.expectedPods, b.status!.desiredHealthy, b.status!.currentHealthy, b.status!.disruptionsAllowed],
      [3, 2, 3, 1],
    );
    const cond = b.status!.conditions!.find((c) => c.type === "DisruptionAllowed")!;
    assert.deepEqual([cond.status, cond.reason], ["True", "SufficientPods"]);

    await evict(env, "a");
    const after = await env.client.get<PDBObject>(PDBS, "default", "budget");
    assert.equal(after.status!.disruptionsAllowed, 0);
    assert.ok(after.status!.disruptedPods?.a, "the evicted pod is recorded");
    const gone = await env.client.get<PodObject>(PODS, "default", "a").catch(() => undefined);
    assert.ok(!gone || gone.metadata.deletionTimestamp, "the pod is deleted");

    await assert.rejects(evict(env, "b"), (err: { code?: number; message?: string; details?: { causes?: { reason?: string }[] } }) => {
      assert.equal(err.code, 429);
      assert.equal(err.message, "Cannot evict pod as it would violate the pod's disruption budget.");
      assert.equal(err.details?.causes?.[0]?.reason, "DisruptionBudget");
      return true;
    });
    const b2 = await env.client.get<PodObject>(PODS, "default", "b");
    assert.equal(b2.metadata.deletionTimestamp, undefined, "a refused eviction deletes nothing");
  });

  it("counts an integer minAvailable against the matching pods and reports InsufficientPods", async () => {
    await runningPod(env, "a", true);
    await runningPod(env, "b", false);
    await env.client.create(PDBS, "default", pdb({ minAvailable: 2 }));
    const b = await statusOf((p) => p.status?.observedGeneration === 1);
    assert.deepEqual([b.status!.expectedPods, b.status!.desiredHealthy, b.status!.currentHealthy, b.status!.disruptionsAllowed], [2, 2, 1, 0]);
    const cond = b.status!.conditions!.find((c) => c.type === "DisruptionAllowed")!;
    assert.deepEqual([cond.status, cond.reason], ["False", "InsufficientPods"]);
  });

  it("fails safe with SyncFailed when a pod's controller cannot be found", async () => {
    const rs = await replicaSet(env, 2);
    await runningPod(env, "a", true, { ...rs, metadata: { ...rs.metadata, uid: "not-the-replicaset" } });
    await env.client.create(PDBS, "default", pdb({ maxUnavailable: "50%" }));
    const b = await statusOf((p) => !!p.status?.conditions?.length);
    const cond = b.status!.conditions!.find((c) => c.type === "DisruptionAllowed")!;
    assert.deepEqual([cond.status, cond.reason, cond.message], ["False", "SyncFailed", 'found no controllers for pod "a"']);
    assert.equal(b.status!.disruptionsAllowed, 0);
    assert.ok(env.events.some((e) => e.reason === "CalculateExpectedPodCountFailed"));
  });

  it("reports NoPods for a budget that matches nothing", async () => {
    await env.client.create(PDBS, "default", pdb({ minAvailable: 1 }));
    await statusOf((p) => p.status?.observedGeneration === 1);
    assert.ok(env.events.some((e) => e.reason === "NoPods" && e.message === "No matching pods found"));
  });

  it("forgets an approved eviction whose pod was not deleted within 2 minutes", async () => {
    await runningPod(env, "a", true);
    await runningPod(env, "b", true);
    await env.client.create(PDBS, "default", pdb({ minAvailable: 1 }));
    const b = await statusOf((p) => p.status?.disruptionsAllowed === 1);
    // An eviction was approved for a but the pod never went.
    const stamp = new Date(env.clock.now()).toISOString().replace(/\.\d+Z$/, "Z");
    await env.client.update(PDBS, "default", { ...b, status: { ...b.status!, disruptionsAllowed: 0, disruptedPods: { a: stamp } } }, { subresource: "status" });
    const during = await statusOf((p) => p.status?.currentHealthy === 1 && !!p.status.disruptedPods?.a);
    assert.equal(during.status!.disruptionsAllowed, 0);
    await env.clock.advance(121_000);
    const after = await statusOf((p) => p.status?.currentHealthy === 2);
    assert.equal(after.status!.disruptedPods, undefined);
    assert.equal(after.status!.disruptionsAllowed, 1);
    assert.ok(env.events.some((e) => e.reason === "NotDeleted" && e.object === "a"));
  });
});

describe("stale DisruptionTarget conditions", () => {
  let env: ControllerTestEnv;
  beforeEach(async () => {
    env = await startControllerTestEnv();
    env.run(createDisruptionController(env.ctx));
  });
  afterEach(() => env.stop());

  it("turns an eviction's DisruptionTarget False two minutes after, when the pod was not deleted", async () => {
    const p = await runningPod(env, "a", true);
    const stamp = new Date(env.clock.now()).toISOString().replace(/\.\d+Z$/, "Z");
    const conditions = [...(p.status!.conditions ?? []), { type: "DisruptionTarget", status: "True", reason: "EvictionByEvictionAPI", message: "Eviction API: evicting", lastTransitionTime: stamp }];
    await env.client.update<PodObject>(PODS, "default", { ...p, status: { ...p.status, conditions } }, { subresource: "status" });
    const target = async () => (await env.client.get<PodObject>(PODS, "default", "a")).status?.conditions?.find((c) => c.type === "DisruptionTarget");
    await env.settle();
    assert.equal((await target())?.status, "True", "kept before the timeout");
    await env.clock.advance(121_000);
    const cleared = await env.until("the condition cleared", async () => ((await target())?.status === "False" ? await target() : undefined));
    assert.equal(cleared!.reason, undefined);
  });
});
