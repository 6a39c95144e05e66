import { test } from "node:test";
import assert from "node:assert/strict";
import { startTestCluster } from "../../client/test-fixtures.js";
import { deleteObject } from "./delete.js";

const opts = { dryRun: false, fieldValidation: "Strict" as const, fieldManager: "test", user: { username: "admin", groups: ["system:masters"] } };

test("A delete that races with another writer starts again from the object as it now is, instead of answering Conflict.", async () => {
  const cluster = await startTestCluster();
  try {
    const reg = cluster.server.core.registry("", "v1", "configmaps")!;
    await reg.create("default", { apiVersion: "v1", kind: "ConfigMap", metadata: { name: "held", namespace: "default", finalizers: ["example.com/hold"] } }, opts);
    const store = reg.deps.store;
    const real = store.guaranteedUpdate.bind(store);
    let raced = false;
    // The first write of the delete finds that someone labelled the object after the delete read it.
    store.guaranteedUpdate = async (...args: Parameters<typeof store.guaranteedUpdate>) => {
      if (!raced) {
        raced = true;
        await reg.mutate("default", "held", (o) => ({ ...o, metadata: { ...o.metadata, labels: { touched: "yes" } } }), { ...opts, subresource: undefined });
      }
      return real(...args);
    };
    const r = await deleteObject(reg, "default", "held", {}, opts);
    store.guaranteedUpdate = real;
    assert.ok(raced);
    assert.equal(r.deleted, false);
    assert.ok(r.object.metadata.deletionTimestamp, "the object waits for its finalizer with a deletionTimestamp");
    assert.deepEqual(r.object.metadata.labels, { touched: "yes" }, "the other writer's change is kept");
  } finally {
    await cluster.close();
  }
});
