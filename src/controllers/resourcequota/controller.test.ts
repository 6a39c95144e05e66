import { test } from "node:test";
import assert from "node:assert/strict";
import { isApiError } from "../../api/errors.js";
import { PODS, RCS, REPLICASETS, RESOURCEQUOTAS, SERVICES } from "../../client/resources.js";
import type { KubeObject } from "../../client/types.js";
import { startControllerCluster, type ControllerTestCluster } from "../endpoints/test-cluster.js";
import { createResourceQuotaController } from "./index.js";

type Quota = KubeObject & { status?: { hard?: Record<string, string>; used?: Record<string, string> } };

const quotaObject = (name: string, hard: Record<string, string>): KubeObject => ({ apiVersion: "v1", kind: "ResourceQuota", metadata: { name, namespace: "default" }, spec: { hard } }) as KubeObject;
const pod = (name: string, cpu: string): KubeObject => ({ apiVersion: "v1", kind: "Pod", metadata: { name, namespace: "default" }, spec: { containers: [{ name: "c", image: "nginx", resources: { requests: { cpu, memory: "10Mi" } } }] } }) as KubeObject;
const template = { metadata: { labels: { app: "x" } }, spec: { containers: [{ name: "c", image: "nginx" }] } };

async function withQuotaCluster(body: (c: ControllerTestCluster, used: (name: string) => Promise<Record<string, string> | undefined>) => Promise<void>): Promise<void> {
  const c = await startControllerCluster();
  try {
    await c.run(createResourceQuotaController(c.ctx));
    await body(c, async (name) => (await c.client.get<Quota>(RESOURCEQUOTAS, "default", name)).status?.used);
  } finally {
    await c.close();
  }
}

test("a quota counts itself and the quotas beside it under resourcequotas", async () => {
  await withQuotaCluster(async (c, used) => {
    await c.client.create(RESOURCEQUOTAS, "default", quotaObject("first", { resourcequotas: "2" }));
    await c.until(async () => (await used("first"))?.resourcequotas === "1", "first quota counted");
    await c.client.create(RESOURCEQUOTAS, "default", quotaObject("second", { pods: "5" }));
    await c.until(async () => (await used("first"))?.resourcequotas === "2", "second quota counted");
  });
});

test("replication controllers and count/replicasets.apps are counted", async () => {
  await withQuotaCluster(async (c, used) => {
    await c.client.create(RESOURCEQUOTAS, "default", quotaObject("q", { replicationcontrollers: "10", "count/replicasets.apps": "5" }));
    await c.until(async () => (await used("q"))?.replicationcontrollers === "0", "status computed");
    await c.client.create(RCS, "default", { apiVersion: "v1", kind: "ReplicationController", metadata: { name: "rc" }, spec: { replicas: 0, selector: { app: "x" }, template } } as KubeObject);
    await c.client.create(REPLICASETS, "default", { apiVersion: "apps/v1", kind: "ReplicaSet", metadata: { name: "rs" }, spec: { replicas: 0, selector: { matchLabels: { app: "x" } }, template } } as KubeObject);
    await c.until(async () => {
      const u = await used("q");
      return u?.replicationcontrollers === "1" && u["count/replicasets.apps"] === "1";
    }, "rc and rs counted");
  });
});

test("the API server charges an admitted pod to the quota's status at once", async () => {
  const c = await startControllerCluster();
  try {
    const made = await c.client.create<Quota>(RESOURCEQUOTAS, "default", quotaObject("compute", { cpu: "1", pods: "2" }));
    await c.client.update(RESOURCEQUOTAS, "default", { ...made, status: { hard: { cpu: "1", pods: "2" }, used: { cpu: "0", pods: "0" } } }, { subresource: "status" });
    await c.client.create(PODS, "default", pod("small", "600m"));
    assert.deepEqual((await c.client.get<Quota>(RESOURCEQUOTAS, "default", "compute")).status?.used, { cpu: "600m", pods: "1" });
  } finally {
    await c.close();
  }
});

test("the API server refuses pods and services past the quota", async () => {
  await withQuotaCluster(async (c, used) => {
    await c.client.create(RESOURCEQUOTAS, "default", quotaObject("compute", { cpu: "1", memory: "1Gi", services: "2" }));
    // default already holds the kubernetes Service.
    await c.until(async () => (await used("compute"))?.services === "1", "status computed");
    await c.client.create(PODS, "default", pod("small", "600m"));
    await c.until(async () => (await used("compute"))?.cpu === "600m", "pod counted");
    await assert.rejects(c.client.create(PODS, "default", pod("big", "500m")), (err) => {
      assert.ok(isApiError(err, "Forbidden"));
      assert.equal(err.message, 'pods "big" is forbidden: exceeded quota: compute, requested: cpu=500m, used: cpu=600m, limited: cpu=1');
      return true;
    });
    await c.client.create(SERVICES, "default", { apiVersion: "v1", kind: "Service", metadata: { name: "one" }, spec: { ports: [{ port: 80 }] } } as KubeObject);
    await assert.rejects(c.client.create(SERVICES, "default", { apiVersion: "v1", kind: "Service", metadata: { name: "two" }, spec: { ports: [{ port: 80 }] } } as KubeObject), /exceeded quota: compute, requested: services=1/);
  });
});
