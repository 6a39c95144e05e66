import { test } from "node:test";
import assert from "node:assert/strict";
import { startTestCluster } from "../client/test-fixtures.js";
import { ensureDefaultServiceCIDR } from "./bootstrap.js";
import { deleteObject } from "./registry/delete.js";

test("The API server creates the kubernetes ServiceCIDR from its service range and marks it Ready.", async () => {
  const cluster = await startTestCluster();
  try {
    const reg = cluster.server.core.registry("networking.k8s.io", "v1", "servicecidrs")!;
    const sc = await reg.get(undefined, "kubernetes");
    assert.deepEqual(sc.spec, { cidrs: ["10.96.0.0/12"] });
    const conditions = (sc.status as { conditions: Record<string, unknown>[] }).conditions;
    assert.equal(conditions.length, 1);
    assert.deepEqual({ ...conditions[0], lastTransitionTime: undefined }, { type: "Ready", status: "True", reason: "", message: "Kubernetes default Service CIDR is ready", lastTransitionTime: undefined });
    // A restart leaves the existing object (and its condition) alone.
    const rv = sc.metadata.resourceVersion;
    await ensureDefaultServiceCIDR(cluster.server.core, ["10.96.0.0/12"]);
    assert.equal((await reg.get(undefined, "kubernetes")).metadata.resourceVersion, rv);
  } finally {
    await cluster.close();
  }
});

test("A default ServiceCIDR that differs from the flag is kept and not marked Ready.", async () => {
  const cluster = await startTestCluster();
  try {
    const reg = cluster.server.core.registry("networking.k8s.io", "v1", "servicecidrs")!;
    const opts = { dryRun: false, fieldValidation: "Strict" as const, fieldManager: "test", user: { username: "admin", groups: ["system:masters"] } };
    await deleteObject(reg, undefined, "kubernetes", {}, opts);
    await reg.create(undefined, { apiVersion: "networking.k8s.io/v1", kind: "ServiceCIDR", metadata: { name: "kubernetes" }, spec: { cidrs: ["10.100.0.0/16"] } }, opts);
    await ensureDefaultServiceCIDR(cluster.server.core, ["10.96.0.0/12"]);
    const sc = await reg.get(undefined, "kubernetes");
    assert.deepEqual(sc.spec, { cidrs: ["10.100.0.0/16"] });
    assert.equal(sc.status, undefined);
  } finally {
    await cluster.close();
  }
});
