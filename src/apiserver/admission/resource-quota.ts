/**
 * ResourceQuota admission, as upstream's plugin: a create (or an update of
 * a service or PVC) is charged against every quota of its namespace that
 * covers it; one that would pass a quota's status.hard is refused with
 * "exceeded quota: ...", and an admitted one is added to status.used at
 * once, so that racing creates cannot both fit (the controller later
 * recomputes usage from what exists). Quotas whose status the controller
 * has not filled yet restrict nothing.
 */
import type { Pod, ResourceQuota } from "kubernetes-types/core/v1.js";
import { forbidden, isApiError } from "../../api/errors.js";
import { parseQuantity, Quantity } from "../../api/validation/core-quantity.js";
import type { Clock } from "../../util/clock.js";
import { matchingResources, objectUsage, podMatchesScopes, podMissingResources, quotaAdmission, quotaIsScoped, type Usage } from "../../controllers/resourcequota/index.js";
import type { AdmissionAttributes, AdmissionPlugin } from "./types.js";

/** How the plugin reads and writes the namespace's quotas. */
export interface QuotaAccess {
  /** The namespace's quotas; fresh ones from storage itself (after a conflict), otherwise a cache may answer. */
  list(namespace: string, fresh: boolean): Promise<ResourceQuota[]>;
  /** Stores status.used of a quota read by list; throws a 409 Conflict when it changed since. */
  updateStatus(quota: ResourceQuota): Promise<void>;
}

/** Conflicting status writes are retried from a fresh read this many times. */
const MAX_ATTEMPTS = 5;

export function createResourceQuotaAdmission(access: QuotaAccess, clock: Clock): AdmissionPlugin {
  return {
    name: "ResourceQuota",
    handles: charged,
    async validate(a) {
      if (!charged(a)) return;
      let quotas = await access.list(a.namespace, false);
      // Most namespaces have no quota: nothing to charge, no usage to compute (as upstream's evaluator).
      if (!quotas.length) return;
      const delta = requestedUsage(a, clock.now());
      if (!delta.size) return;
      for (let attempt = 1; ; attempt++) {
        if (attempt > 1) quotas = await access.list(a.namespace, true);
        const charged = chargeQuotas(a, quotas, delta);
        if (a.dryRun) return;
        try {
          for (const q of charged) await access.updateStatus(q);
          return;
        } catch (err) {
          if (!isApiError(err, "Conflict") || attempt >= MAX_ATTEMPTS) throw err;
        }
      }
    },
  };
}

/** Whether the write can charge a quota: a namespaced create, or an update that can grow. */
function charged(a: AdmissionAttributes): a is AdmissionAttributes & { namespace: string } {
  return !!a.namespace && !a.subresource && !!a.object && (a.operation === "CREATE" || (a.operation === "UPDATE" && chargedOnUpdate(a)));
}

/** Services and PVCs can grow on update (type, ports, storage); everything else is charged at creation only. */
function chargedOnUpdate(a: AdmissionAttributes): boolean {
  return a.resource.group === "" && (a.resource.resource === "services" || a.resource.resource === "persistentvolumeclaims");
}

/** What the write adds: the object's usage, less what the old object already charged; zeros dropped. */
function requestedUsage(a: AdmissionAttributes, now: number): Usage {
  const { group, resource } = a.resource;
  const usage = objectUsage(group, resource, a.object, now) ?? new Map<string, Quantity>();
  const prev = a.operation === "UPDATE" && a.oldObject?.metadata.resourceVersion ? objectUsage(group, resource, a.oldObject, now) : undefined;
  const out: Usage = new Map();
  for (const [k, q] of usage) {
    const d = prev?.get(k) ? q.sub(prev.get(k)!) : q;
    if (d.sign() > 0) out.set(k, d);
  }
  return out;
}

/**
 * Checks the delta against every quota that covers the object and returns
 * those quotas with the delta added to status.used; throws upstream's
 * Forbidden when one would be exceeded, cannot be judged yet or needs a
 * resource the pod does not state.
 */
function chargeQuotas(a: AdmissionAttributes, quotas: ResourceQuota[], delta: Usage): ResourceQuota[] {
  const { group, resource } = a.resource;
  const refuse = (why: string) => forbidden(a.resource, a.name, why);
  const isPod = group === "" && resource === "pods";
  const charged: ResourceQuota[] = [];
  for (const quota of quotas) {
    const name = quota.metadata?.name ?? "";
    const hard = (quota.status?.hard ?? {}) as Record<string, string>;
    const used = (quota.status?.used ?? {}) as Record<string, string>;
    const restricted = matchingResources(group, resource, Object.keys(hard));
    if (!restricted.length) continue;
    if (quotaIsScoped(quota.spec) && !(isPod && podMatchesScopes(a.object as Pod, quota.spec))) continue;
    if (isPod) {
      const missing = podMissingResources(a.object as Pod, restricted);
      if (missing.length) throw refuse(`failed quota: ${name}: must specify ${missing.join(",")}`);
    }
    if (restricted.some((r) => used[r] === undefined)) throw refuse(`status unknown for quota: ${name}, resources: ${[...restricted].sort().join(",")}`);
    const requested = Object.fromEntries([...delta].filter(([k]) => hard[k] !== undefined).map(([k, q]) => [k, q.toString()]));
    if (!Object.keys(requested).length) continue;
    const verdict = quotaAdmission({ name, hard, used }, requested);
    if (!verdict.allowed) throw refuse(verdict.message!);
    const newUsed = { ...used };
    for (const [k, q] of Object.entries(requested)) newUsed[k] = used[k] === undefined ? q : parseQuantity(used[k]).add(parseQuantity(q)).toString();
    charged.push({ ...quota, status: { ...quota.status, used: newUsed } });
  }
  return charged;
}
