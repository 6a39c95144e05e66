/**
 * ResourceQuota admission's view of the quotas, as upstream's quota
 * accessor: the cached quotas of the namespace (a live lookup when the
 * cache has none), each replaced by the copy this server last wrote when
 * that copy is newer (the look-aside of updated quotas), so back-to-back
 * creates charge the latest usage before the cache hears of it. A read
 * after a conflict goes to storage. Status writes stay compare-and-swap
 * on the store, so a stale read can only cost a retry, never overshoot.
 */
import type { ResourceQuota } from "kubernetes-types/core/v1.js";
import type { KubeObject } from "../../api/types.js";
import type { CachedAdmissionLookup } from "./cached-lookup.js";
import type { QuotaAccess } from "./resource-quota.js";

/** Written quotas remembered at most (upstream's look-aside LRU holds 100). */
const MAX_UPDATED = 100;

export function createQuotaAccessor(lookup: CachedAdmissionLookup, writeStatus: (quota: ResourceQuota) => Promise<KubeObject>): QuotaAccess {
  const updated = new Map<string, ResourceQuota>();
  const keyOf = (q: ResourceQuota) => `${q.metadata?.namespace}/${q.metadata?.name}`;
  /** The newer of the read quota and the one written here; a written copy the read has caught up with is forgotten. */
  const newest = (q: ResourceQuota): ResourceQuota => {
    const key = keyOf(q);
    const mine = updated.get(key);
    if (!mine) return q;
    if (revisionOf(q) >= revisionOf(mine)) {
      updated.delete(key);
      return q;
    }
    return mine;
  };
  return {
    async list(namespace, fresh) {
      const quotas = fresh ? (await lookup.listLive("", "resourcequotas", namespace)).items : await lookup.list("", "resourcequotas", namespace);
      return (quotas as unknown as ResourceQuota[]).map(newest);
    },
    async updateStatus(quota) {
      const stored = (await writeStatus(quota)) as unknown as ResourceQuota;
      const key = keyOf(stored);
      updated.delete(key);
      updated.set(key, stored);
      if (updated.size > MAX_UPDATED) updated.delete(updated.keys().next().value!);
    },
  };
}

function revisionOf(q: ResourceQuota): number {
  return Number(q.metadata?.resourceVersion ?? 0);
}
