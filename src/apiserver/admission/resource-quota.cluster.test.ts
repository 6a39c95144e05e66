import assert from "node:assert/strict";
import { test } from "node:test";
import { isApiError } from "../../api/errors.js";
import { PODS, RESOURCEQUOTAS } from "../../client/resources.js";
import { startTestCluster } from "../../client/test-fixtures.js";
import type { KubeObject } from "../../client/types.js";

test("concurrent creates through the API server never overshoot a quota", async () => {
  const c = await startTestCluster();
  try {
    const quota = await c.client.create(RESOURCEQUOTAS, "default", { metadata: { name: "q", namespace: "default" }, spec: { hard: { pods: "3" } } } as KubeObject);
    // The quota controller's first count, written as it would.
    await c.client.update(RESOURCEQUOTAS, "default", { ...quota, status: { hard: { pods: "3" }, used: { pods: "0" } } } as KubeObject, { subresource: "status" });
    const pod = (i: number) => ({ metadata: { name: `p${i}`, namespace: "default" }, spec: { containers: [{ name: "c", image: "nginx" }] } }) as KubeObject;
    const results = await Promise.allSettled(Array.from({ length: 8 }, (_, i) => c.client.create(PODS, "default", pod(i))));
    const created = results.filter((r) => r.status === "fulfilled").length;
    const refused = results.filter((r) => r.status === "rejected").map((r) => (r as PromiseRejectedResult).reason);
    assert.equal(created, 3);
    assert.equal(refused.length, 5);
    for (const err of refused) {
      assert.ok(isApiError(err, "Forbidden"), String(err));
      assert.match(err.message, /^pods "p\d" is forbidden: exceeded quota: q, requested: pods=1, used: pods=3, limited: pods=3$/);
    }
    const after = await c.client.get<KubeObject & { status: { used: Record<string, string> } }>(RESOURCEQUOTAS, "default", "q");
    assert.deepEqual(after.status.used, { pods: "3" });
  } finally {
    await c.close();
  }
});
