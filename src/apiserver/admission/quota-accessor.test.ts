import assert from "node:assert/strict";
import { test } from "node:test";
import type { ResourceQuota } from "kubernetes-types/core/v1.js";
import type { KubeObject } from "../../api/types.js";
import type { CachedAdmissionLookup } from "./cached-lookup.js";
import { createQuotaAccessor } from "./quota-accessor.js";

const quota = (rv: number, pods: string): ResourceQuota => ({ metadata: { name: "q", namespace: "ns", resourceVersion: String(rv) }, spec: { hard: { pods: "9" } }, status: { hard: { pods: "9" }, used: { pods } } });

/** Quotas as the cache and as storage hold them, the test moving each. */
function sources() {
  const s = { cached: [quota(5, "1")], stored: [quota(5, "1")], liveReads: 0 };
  const lookup = {
    list: async () => s.cached as unknown as KubeObject[],
    listLive: async () => {
      s.liveReads++;
      return { items: s.stored as unknown as KubeObject[], revision: 0 };
    },
  } as unknown as CachedAdmissionLookup;
  let next = 6;
  const writeStatus = async (q: ResourceQuota) => {
    const written = { ...q, metadata: { ...q.metadata, resourceVersion: String(next++) } };
    s.stored = [written];
    return written as unknown as KubeObject;
  };
  return { s, access: createQuotaAccessor(lookup, writeStatus) };
}

const used = (qs: ResourceQuota[]) => qs.map((q) => `${q.metadata?.resourceVersion}:${q.status?.used?.pods}`);

test("a quota written here is read back as written until the cache catches up with it", async () => {
  const { s, access } = sources();
  await access.updateStatus(quota(5, "2"));
  assert.deepEqual(used(await access.list("ns", false)), ["6:2"]);
  // The cache reaches the write, then a newer one (the controller's recount): the cache wins.
  s.cached = [quota(6, "2")];
  assert.deepEqual(used(await access.list("ns", false)), ["6:2"]);
  s.cached = [quota(7, "4")];
  assert.deepEqual(used(await access.list("ns", false)), ["7:4"]);
  assert.equal(s.liveReads, 0);
});

test("a fresh read goes to storage", async () => {
  const { s, access } = sources();
  s.stored = [quota(9, "3")];
  assert.deepEqual(used(await access.list("ns", true)), ["9:3"]);
  assert.equal(s.liveReads, 1);
});
