import assert from "node:assert/strict";
import { afterEach, beforeEach, describe, it } from "node:test";
import type { StatefulSetObject } from "../../api/apps/statefulsets.js";
import { CONTROLLERREVISIONS, PODS, PVCS, STATEFULSETS } from "../../client/index.js";
import { startControllerTestEnv, type ControllerTestEnv } from "../shared/controller-test-env.js";
import type { PodObject } from "../shared/index.js";
import { createStatefulSetController } from "./controller.js";

function statefulSet(name: string, replicas: number, extra: Partial<NonNullable<StatefulSetObject["spec"]>> = {}): StatefulSetObject {
  return {
    apiVersion: "apps/v1",
    kind: "StatefulSet",
    metadata: { name, namespace: "default" },
    spec: {
      replicas,
      serviceName: "nginx",
      selector: { matchLabels: { app: name } },
      template: { metadata: { labels: { app: name } }, spec: { containers: [{ name: "c", image: "nginx:1" }] } },
      ...extra,
    },
  };
}

async function podNames(env: ControllerTestEnv): Promise<string[]> {
  await env.settle();
  return (await env.client.list<PodObject>(PODS, { namespace: "default" })).items.map((p) => p.metadata.name!).sort();
}

async function markReady(env: ControllerTestEnv, name: string): Promise<void> {
  const p = await env.client.get<PodObject>(PODS, "default", name);
  const now = new Date(env.clock.now()).toISOString().replace(/\.\d+Z$/, "Z");
  await env.client.update(PODS, "default", { ...p, status: { ...p.status, phase: "Running", conditions: [{ type: "Ready", status: "True", lastTransitionTime: now }] } }, { subresource: "status" });
}

describe("StatefulSet controller against an API server", () => {
  let env: ControllerTestEnv;
  beforeEach(async () => {
    env = await startControllerTestEnv();
    env.run(createStatefulSetController(env.ctx));
  });
  afterEach(() => env.stop());

  it("creates pods in ordinal order, each after the previous is Running and Ready", async () => {
    await env.client.create(STATEFULSETS, "default", statefulSet("web", 3, { volumeClaimTemplates: [{ metadata: { name: "www" }, spec: { accessModes: ["ReadWriteOnce"], resources: { requests: { storage: "1Gi" } } } }] }));
    assert.deepEqual(await podNames(env), ["web-0"]);
    await env.settle();
    assert.deepEqual(await podNames(env), ["web-0"], "web-1 waits for web-0");
    await markReady(env, "web-0");
    assert.deepEqual(await podNames(env), ["web-0", "web-1"]);
    await markReady(env, "web-1");
    assert.deepEqual(await podNames(env), ["web-0", "web-1", "web-2"]);
    await markReady(env, "web-2");
    await env.settle();

    const p0 = await env.client.get<PodObject>(PODS, "default", "web-0");
    assert.equal(p0.metadata.labels?.["statefulset.kubernetes.io/pod-name"], "web-0");
    assert.equal(p0.metadata.labels?.["apps.kubernetes.io/pod-index"], "0");
    assert.equal(p0.spec?.hostname, "web-0");
    assert.equal(p0.spec?.subdomain, "nginx");
    assert.equal(p0.spec?.volumes?.find((v) => v.name === "www")?.persistentVolumeClaim?.claimName, "www-web-0");
    const claims = (await env.client.list(PVCS, { namespace: "default" })).items.map((c) => c.metadata.name).sort();
    assert.deepEqual(claims, ["www-web-0", "www-web-1", "www-web-2"]);

    const set = await env.client.get<StatefulSetObject>(STATEFULSETS, "default", "web");
    assert.equal(set.status?.replicas, 3);
    assert.equal(set.status?.readyReplicas, 3);
    assert.equal(set.status?.availableReplicas, 3);
    assert.equal(set.status?.updatedReplicas, 3);
    assert.equal(set.status?.currentRevision, set.status?.updateRevision);
    assert.equal(p0.metadata.labels?.["controller-revision-hash"], set.status?.updateRevision);
    const revs = (await env.client.list(CONTROLLERREVISIONS, { namespace: "default" })).items;
    assert.equal(revs.length, 1);
    assert.ok(revs[0].metadata.labels?.["controller.kubernetes.io/hash"]);
    assert.ok(env.events.some((e) => e.reason === "SuccessfulCreate" && e.message === "create Pod web-0 in StatefulSet web successful"));
  });

  it("scales down from the highest ordinal", async () => {
    await env.client.create(STATEFULSETS, "default", statefulSet("db", 2, { podManagementPolicy: "Parallel" }));
    assert.deepEqual(await podNames(env), ["db-0", "db-1"], "Parallel creates at once");
    await markReady(env, "db-0");
    await markReady(env, "db-1");
    // The controller writes status after the pods turn ready: scale from what it wrote.
    await env.settle();
    const set = await env.client.get<StatefulSetObject>(STATEFULSETS, "default", "db");
    await env.client.update(STATEFULSETS, "default", { ...set, spec: { ...set.spec!, replicas: 1 } });
    assert.deepEqual(await podNames(env), ["db-0"]);
  });

  it("rolls an updated template from the highest ordinal down to the partition", async () => {
    await env.client.create(STATEFULSETS, "default", statefulSet("app", 3, { podManagementPolicy: "Parallel", updateStrategy: { type: "RollingUpdate", rollingUpdate: { partition: 1 } } }));
    await podNames(env);
    for (const n of ["app-0", "app-1", "app-2"]) await markReady(env, n);
    await env.settle();
    const set = await env.client.get<StatefulSetObject>(STATEFULSETS, "default", "app");
    const oldRev = set.status?.currentRevision;
    const template = structuredClone(set.spec!.template);
    template.spec!.containers[0].image = "nginx:2";
    await env.client.update(STATEFULSETS, "default", { ...set, spec: { ...set.spec!, template } });
    for (let round = 0; round < 4; round++) {
      const names = await podNames(env);
      for (const n of names) {
        const p = await env.client.get<PodObject>(PODS, "default", n);
        if (p.status?.phase !== "Running") await markReady(env, n);
      }
    }
    const pods = (await env.client.list<PodObject>(PODS, { namespace: "default" })).items;
    const image = (n: string) => pods.find((p) => p.metadata.name === n)?.spec?.containers[0].image;
    assert.equal(image("app-2"), "nginx:2");
    assert.equal(image("app-1"), "nginx:2");
    assert.equal(image("app-0"), "nginx:1", "below the partition stays");
    const after = await env.client.get<StatefulSetObject>(STATEFULSETS, "default", "app");
    assert.equal(after.status?.currentRevision, oldRev);
    assert.equal(after.status?.updatedReplicas, 2);
  });
});
