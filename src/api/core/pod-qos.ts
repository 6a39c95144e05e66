/**
 * A pod's quality-of-service class, as upstream's ComputePodQOS: only cpu and
 * memory count; Guaranteed needs both limited everywhere with requests equal
 * to limits; no positive request or limit at all is BestEffort.
 */
import type { ResourceRequirements } from "kubernetes-types/core/v1.js";
import type { PodSpec } from "./pod-types.js";
import { tryParseQuantity, type Quantity } from "../validation/core-quantity.js";

export type QOSClass = "Guaranteed" | "Burstable" | "BestEffort";

const QOS_RESOURCES = ["cpu", "memory"];

function positive(list: Record<string, unknown> | undefined): Map<string, Quantity> {
  const out = new Map<string, Quantity>();
  for (const [name, raw] of Object.entries(list ?? {})) {
    if (!QOS_RESOURCES.includes(name)) continue;
    const q = tryParseQuantity(raw);
    if (q && q.sign() > 0) out.set(name, q);
  }
  return out;
}

function accumulate(into: Map<string, Quantity>, from: Map<string, Quantity>): void {
  for (const [k, q] of from) into.set(k, into.has(k) ? into.get(k)!.add(q) : q);
}

export function podQOSClass(spec: PodSpec | undefined): QOSClass {
  const requests = new Map<string, Quantity>();
  const limits = new Map<string, Quantity>();
  let guaranteed = true;
  // Pod-level resources, when given, decide alone.
  const units: (ResourceRequirements | undefined)[] = spec?.resources
    ? [spec.resources]
    : [...(spec?.containers ?? []), ...(spec?.initContainers ?? [])].map((c) => c.resources);
  for (const r of units) {
    accumulate(requests, positive(r?.requests));
    const l = positive(r?.limits);
    accumulate(limits, l);
    if (!QOS_RESOURCES.every((n) => l.has(n))) guaranteed = false;
  }
  if (requests.size === 0 && limits.size === 0) return "BestEffort";
  if (guaranteed) {
    for (const [name, req] of requests) {
      const lim = limits.get(name);
      if (!lim || lim.cmp(req) !== 0) {
        guaranteed = false;
        break;
      }
    }
  }
  return guaranteed && requests.size === limits.size ? "Guaranteed" : "Burstable";
}
