/**
 * ResourceQuota admission as a pure check: would adding delta to used
 * exceed hard? The message is upstream's, listing only the exceeded
 * resources, sorted:
 *
 *   exceeded quota: compute, requested: pods=1, used: pods=2, limited: pods=2
 */
import { parseQuantity, Quantity } from "../../api/validation/core-quantity.js";

export type ResourceList = Record<string, string | number>;

export interface QuotaAdmissionQuota {
  name: string;
  hard: ResourceList;
  used: ResourceList;
}

export interface QuotaAdmissionResult {
  allowed: boolean;
  message?: string;
}

export function quotaAdmission(quota: QuotaAdmissionQuota, delta: ResourceList): QuotaAdmissionResult {
  const exceeded: string[] = [];
  for (const [key, requested] of Object.entries(delta)) {
    const hard = quota.hard[key];
    if (hard === undefined) continue;
    const used = quota.used[key] ?? 0;
    if (parseQuantity(used).add(parseQuantity(requested)).cmp(parseQuantity(hard)) > 0) exceeded.push(key);
  }
  if (!exceeded.length) return { allowed: true };
  exceeded.sort();
  const show = (list: ResourceList) => exceeded.map((k) => `${k}=${format(list[k] ?? 0)}`).join(",");
  return { allowed: false, message: `exceeded quota: ${quota.name}, requested: ${show(delta)}, used: ${show(quota.used)}, limited: ${show(quota.hard)}` };
}

/** A quota tracks a compute resource the object does not state: upstream's "must specify". */
export function missingRequired(quota: QuotaAdmissionQuota, required: readonly string[], delta: ResourceList): QuotaAdmissionResult {
  const missing = required.filter((k) => quota.hard[k] !== undefined && delta[k] === undefined).sort();
  return missing.length ? { allowed: false, message: `failed quota: ${quota.name}: must specify ${missing.join(",")}` } : { allowed: true };
}

function format(v: string | number): string {
  return typeof v === "number" ? Quantity.fromInt(v).toString() : parseQuantity(v).toString();
}
