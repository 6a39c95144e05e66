import { test } from "node:test";
import assert from "node:assert/strict";
import { startTestCluster } from "../../client/test-fixtures.js";
import type { KubeObject } from "../../api/types.js";

const opts = { dryRun: false, fieldValidation: "Strict" as const, fieldManager: "test", user: { username: "admin", groups: ["system:masters"] } };

test("a write's JSON made from its stored text is the object's own JSON, for creates, updates and status updates", async () => {
  const cluster = await startTestCluster();
  try {
    const pods = cluster.server.core.registry("", "v1", "pods")!;
    const pod: KubeObject = {
      apiVersion: "v1",
      kind: "Pod",
      // Fields out of upstream's order: the write puts them in order.
      metadata: { labels: { app: "web" }, name: "web-0", namespace: "default", annotations: { note: "quote \" and braces }{" } },
      spec: { containers: [{ name: "c", image: "nginx" }] },
    } as KubeObject;
    const created = await pods.create("default", pod, opts);
    assert.ok(created.json, "a create has its JSON from the stored text");
    assert.equal(created.json, JSON.stringify(created.object));

    const updated = await pods.mutate("default", "web-0", (o) => ({ ...o, metadata: { ...o.metadata, labels: { app: "web", tier: "front" } } }), { ...opts, subresource: undefined });
    assert.ok(updated.json);
    assert.equal(updated.json, JSON.stringify(updated.object));

    const status = await pods.mutate("default", "web-0", (o) => ({ ...o, status: { phase: "Running", podIP: "10.244.0.5" } }), { ...opts, subresource: "status" });
    assert.equal(status.json, JSON.stringify(status.object));

    const unchanged = await pods.mutate("default", "web-0", (o) => o, { ...opts, subresource: undefined });
    assert.equal(unchanged.json, undefined, "nothing written, nothing to take the JSON from");
    const dry = await pods.mutate("default", "web-0", (o) => ({ ...o, metadata: { ...o.metadata, labels: {} } }), { ...opts, dryRun: true, subresource: undefined });
    assert.equal(dry.json, undefined);
  } finally {
    await cluster.close();
  }
});
