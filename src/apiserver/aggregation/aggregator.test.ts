import { test } from "node:test";
import assert from "node:assert/strict";
import { startTestCluster } from "../../client/test-fixtures.js";
import { createCertificateAuthority } from "../../pki/index.js";
import type { APIService } from "./apiservice-helpers.js";
import { APISERVICES } from "./resources.js";

const GV = { group: "stable.example.com", version: "v1" };

async function until<T>(what: string, check: () => Promise<T | undefined>): Promise<T> {
  for (let i = 0; i < 2000; i++) {
    const v = await check().catch(() => undefined);
    if (v !== undefined) return v;
    await new Promise((r) => setImmediate(r));
  }
  throw new Error(`gave up waiting until ${what}`);
}

test("Started, the aggregator registers local APIServices (Local, available), publishes the ConfigMap, and keeps registered group versions in step.", async () => {
  const c = await startTestCluster();
  const ca = await createCertificateAuthority();
  const fp = await createCertificateAuthority({ commonName: "front-proxy-ca" });
  try {
    await c.server.aggregator.start(c.server, { clientCAPem: ca.certPem, requestHeaderCAPem: fp.certPem });
    const apps = await until("v1.apps is Available", async () => {
      const s = await c.client.get<APIService>(APISERVICES, undefined, "v1.apps");
      return s.status?.conditions?.[0]?.status === "True" ? s : undefined;
    });
    assert.deepEqual(apps.spec, { group: "apps", version: "v1", groupPriorityMinimum: 17800, versionPriority: 15 });
    assert.equal(apps.metadata.labels?.["kube-aggregator.kubernetes.io/automanaged"], "onstart");
    assert.deepEqual({ ...apps.status!.conditions![0], lastTransitionTime: undefined }, { type: "Available", status: "True", lastTransitionTime: undefined, reason: "Local", message: "Local APIServices are always available" });
    const cm = await until("the ConfigMap exists", () => c.client.get<{ metadata: object; data: Record<string, string> }>({ group: "", version: "v1", resource: "configmaps" }, "kube-system", "extension-apiserver-authentication"));
    assert.equal(cm.data["requestheader-client-ca-file"], fp.certPem);

    c.server.aggregator.registerLocal(GV.group, GV.version, 1000, 100);
    const crd = await until("v1.stable.example.com exists", () => c.client.get<APIService>(APISERVICES, undefined, "v1.stable.example.com"));
    assert.equal(crd.metadata.labels?.["kube-aggregator.kubernetes.io/automanaged"], "true");
    await c.client.delete(APISERVICES, undefined, "v1.stable.example.com");
    await until("v1.stable.example.com is put back", () => c.client.get<APIService>(APISERVICES, undefined, "v1.stable.example.com"));
    c.server.aggregator.unregisterLocal(GV.group, GV.version);
    await until("v1.stable.example.com is removed", async () => {
      const list = await c.client.list<APIService>(APISERVICES);
      return list.items.some((s) => s.metadata.name === "v1.stable.example.com") ? undefined : true;
    });
  } finally {
    await c.close();
  }
});
