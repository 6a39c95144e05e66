import assert from "node:assert/strict";
import { afterEach, beforeEach, describe, it } from "node:test";
import { PODS, RCS, REPLICASETS } from "../../client/index.js";
import { createPodControl, type PodControl, type PodObject } from "../shared/index.js";
import { startControllerTestEnv, type ControllerTestEnv } from "../shared/controller-test-env.js";
import { createReplicaSetController } from "../replicaset/index.js";
import { REPLICATION_CONTROLLER, createReplicationControllerManager, rcToReplicaSet, type ReplicationControllerObject } from "./index.js";

function rc(name: string, replicas: number): ReplicationControllerObject {
  return {
    apiVersion: "v1",
    kind: "ReplicationController",
    metadata: { name, namespace: "default" },
    spec: { replicas, selector: { app: name }, template: { metadata: { labels: { app: name } }, spec: { containers: [{ name: "main", image: "nginx" }] } } },
  };
}

const pods = async (env: ControllerTestEnv) => (await env.client.list<PodObject>(PODS, { namespace: "default" })).items;
const getRC = (env: ControllerTestEnv, name: string) => env.client.get<ReplicationControllerObject>(RCS, "default", name);

describe("ReplicationController conversion", () => {
  it("sees the label map selector as matchLabels and keeps the RC's kind and metadata", () => {
    const view = rcToReplicaSet({ ...rc("web", 2), metadata: { name: "web", namespace: "default", uid: "u1" } });
    assert.deepEqual(view.spec?.selector, { matchLabels: { app: "web" } });
    assert.equal(view.kind, "ReplicationController");
    assert.equal(view.metadata.uid, "u1");
    assert.equal(view.spec?.replicas, 2);
  });
});

describe("ReplicationController manager against an API server", () => {
  let env: ControllerTestEnv;
  let failCreates = false;
  beforeEach(async () => {
    failCreates = false;
    env = await startControllerTestEnv();
    const real = createPodControl(env.client, env.ctx.recorder(REPLICATION_CONTROLLER));
    const podControl: PodControl = {
      createPod: (...args) => (failCreates ? Promise.reject(new Error('pods "web-" is forbidden: exceeded quota: compute')) : real.createPod(...args)),
      deletePod: (...args) => real.deletePod(...args),
    };
    env.run(createReplicationControllerManager(env.ctx, { podControl }));
  });
  afterEach(() => env.stop());

  it("creates the pods an RC wants, owned by the RC, and reports them in its status", async () => {
    await env.client.create(RCS, "default", rc("web", 3));
    const got = await env.until("3 replicas in status", async () => {
      const r = await getRC(env, "web");
      return r.status?.replicas === 3 && r.status.observedGeneration === r.metadata.generation ? r : undefined;
    });
    const list = await pods(env);
    assert.equal(list.length, 3);
    for (const p of list) {
      assert.deepEqual(p.metadata.ownerReferences, [{ apiVersion: "v1", kind: "ReplicationController", name: "web", uid: got.metadata.uid, controller: true, blockOwnerDeletion: true }]);
    }
    assert.equal(got.status?.fullyLabeledReplicas, 3);
    assert.equal(env.events.filter((e) => e.reason === "SuccessfulCreate" && e.object === "web").length, 3);
  });

  it("scales down when spec.replicas drops", async () => {
    await env.client.create(RCS, "default", rc("web", 2));
    await env.until("2 pods", async () => ((await pods(env)).length === 2 ? true : undefined));
    const cur = await getRC(env, "web");
    await env.client.update(RCS, "default", { ...cur, spec: { ...cur.spec!, replicas: 0 } });
    await env.until("no pods", async () => ((await pods(env)).length === 0 ? true : undefined));
    assert.ok(env.events.some((e) => e.reason === "SuccessfulDelete"));
    await env.until("status 0", async () => (await getRC(env, "web")).status?.replicas === 0);
  });

  it("sets the ReplicaFailure condition while pods cannot be created", async () => {
    failCreates = true;
    await env.client.create(RCS, "default", rc("web", 1));
    const cond = await env.until("ReplicaFailure", async () => (await getRC(env, "web")).status?.conditions?.find((c) => c.type === "ReplicaFailure"));
    assert.equal(cond.status, "True");
    assert.equal(cond.reason, "FailedCreate");
  });

  it("leaves pods of a ReplicaSet with the same labels alone while a ReplicaSet controller runs too", async () => {
    env.run(createReplicaSetController(env.ctx));
    await env.client.create(REPLICASETS, "default", { apiVersion: "apps/v1", kind: "ReplicaSet", metadata: { name: "other", namespace: "default" }, spec: { replicas: 1, selector: { matchLabels: { app: "other" } }, template: { metadata: { labels: { app: "other" } }, spec: { containers: [{ name: "main", image: "nginx" }] } } } });
    await env.client.create(RCS, "default", rc("web", 1));
    await env.until("2 pods", async () => ((await pods(env)).length === 2 ? true : undefined));
    const kinds = (await pods(env)).map((p) => p.metadata.ownerReferences?.[0]?.kind).sort();
    assert.deepEqual(kinds, ["ReplicaSet", "ReplicationController"]);
  });
});
