import assert from "node:assert/strict";
import { afterEach, beforeEach, describe, it } from "node:test";
import { PODS, REPLICASETS } from "../../client/index.js";
import { createPodControl, type PodControl, type PodObject } from "../shared/index.js";
import { startControllerTestEnv, type ControllerTestEnv } from "../shared/controller-test-env.js";
import { createReplicaSetController } from "./replica-set-controller.js";
import type { ReplicaSetObject } from "./status.js";

function replicaSet(name: string, replicas: number, minReadySeconds = 0): ReplicaSetObject {
  return {
    apiVersion: "apps/v1",
    kind: "ReplicaSet",
    metadata: { name, namespace: "default" },
    spec: { replicas, minReadySeconds, selector: { matchLabels: { app: name } }, template: { metadata: { labels: { app: name } }, spec: { containers: [{ name: "main", image: "nginx" }] } } },
  };
}

const pods = async (env: ControllerTestEnv) => (await env.client.list<PodObject>(PODS, { namespace: "default" })).items;
const getRS = (env: ControllerTestEnv, name: string) => env.client.get<ReplicaSetObject>(REPLICASETS, "default", name);

async function markReady(env: ControllerTestEnv, pod: PodObject): Promise<void> {
  const t = new Date(env.clock.now()).toISOString().replace(/\.\d+Z$/, "Z");
  await env.client.patch(PODS, "default", pod.metadata.name!, "merge", { status: { phase: "Running", conditions: [{ type: "Ready", status: "True", lastTransitionTime: t }] } }, { subresource: "status" });
}

describe("ReplicaSet controller against an API server", () => {
  let env: ControllerTestEnv;
  let failCreates = false;
  beforeEach(async () => {
    failCreates = false;
    env = await startControllerTestEnv();
    const real = createPodControl(env.client, env.ctx.recorder("replicaset-controller"));
    const podControl: PodControl = {
      createPod: (...args) => (failCreates ? Promise.reject(new Error('pods "web-" is forbidden: exceeded quota: compute')) : real.createPod(...args)),
      deletePod: (...args) => real.deletePod(...args),
    };
    env.run(createReplicaSetController(env.ctx, { podControl }));
  });
  afterEach(() => env.stop());

  it("creates missing pods with an owner reference and reports them in status", async () => {
    await env.client.create(REPLICASETS, "default", replicaSet("web", 3));
    const rs = await env.until("3 replicas in status", async () => {
      const r = await getRS(env, "web");
      return r.status?.replicas === 3 && r.status.observedGeneration === r.metadata.generation ? r : undefined;
    });
    const list = await pods(env);
    assert.equal(list.length, 3);
    for (const p of list) {
      assert.deepEqual(p.metadata.ownerReferences, [{ apiVersion: "apps/v1", kind: "ReplicaSet", name: "web", uid: rs.metadata.uid, controller: true, blockOwnerDeletion: true }]);
      assert.ok(p.metadata.name!.startsWith("web-"));
    }
    assert.equal(rs.status?.fullyLabeledReplicas, 3);
    assert.equal(rs.status?.readyReplicas, undefined, "a zero readyReplicas is omitted, as upstream's omitempty field");
    assert.equal(env.events.filter((e) => e.reason === "SuccessfulCreate").length, 3);
  });

  it("scales down by deleting the pod that is not ready", async () => {
    await env.client.create(REPLICASETS, "default", replicaSet("web", 2));
    const [a, b] = await env.until("2 pods", async () => ((await pods(env)).length === 2 ? pods(env) : undefined));
    await markReady(env, a);
    // The controller writes status after the pod turns ready: scale from what it wrote.
    await env.settle();
    const rs = await getRS(env, "web");
    await env.client.update(REPLICASETS, "default", { ...rs, spec: { ...rs.spec!, replicas: 1 } });
    const left = await env.until("1 pod", async () => ((await pods(env)).length === 1 ? pods(env) : undefined));
    assert.equal(left[0].metadata.name, a.metadata.name);
    assert.ok(env.events.some((e) => e.reason === "SuccessfulDelete" && e.message === `Deleted pod: ${b.metadata.name}`));
  });

  it("counts a ready pod available only after minReadySeconds", async () => {
    await env.client.create(REPLICASETS, "default", replicaSet("web", 1, 10));
    const [p] = await env.until("1 pod", async () => ((await pods(env)).length === 1 ? pods(env) : undefined));
    await markReady(env, p);
    await env.until("ready", async () => (await getRS(env, "web")).status?.readyReplicas === 1);
    assert.equal((await getRS(env, "web")).status?.availableReplicas ?? 0, 0);
    await env.until("available", async () => (await getRS(env, "web")).status?.availableReplicas === 1, 1000);
  });

  it("sets ReplicaFailure while pods cannot be created and clears it once they can", async () => {
    failCreates = true;
    await env.client.create(REPLICASETS, "default", replicaSet("web", 2));
    const cond = await env.until("ReplicaFailure", async () => (await getRS(env, "web")).status?.conditions?.find((c) => c.type === "ReplicaFailure"));
    assert.equal(cond.status, "True");
    assert.equal(cond.reason, "FailedCreate");
    assert.match(cond.message!, /exceeded quota/);
    failCreates = false;
    await env.until("recovered", async () => {
      const r = await getRS(env, "web");
      return r.status?.replicas === 2 && !r.status.conditions?.length;
    }, 1000);
  });

  it("adopts a matching orphan pod instead of creating another", async () => {
    await env.client.create(PODS, "default", { apiVersion: "v1", kind: "Pod", metadata: { name: "stray", namespace: "default", labels: { app: "web" } }, spec: { containers: [{ name: "main", image: "nginx" }] } });
    await env.client.create(REPLICASETS, "default", replicaSet("web", 1));
    const stray = await env.until("adopted", async () => {
      const p = await env.client.get<PodObject>(PODS, "default", "stray");
      return p.metadata.ownerReferences?.length ? p : undefined;
    });
    assert.equal(stray.metadata.ownerReferences![0].kind, "ReplicaSet");
    await env.clock.advance(0);
    assert.equal((await pods(env)).length, 1);
  });
});
