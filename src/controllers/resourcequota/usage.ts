/**
 * Quota usage as upstream's evaluators compute it: what one object of a
 * kind charges against a ResourceQuota (pods: pods, count/pods and the
 * compute requests and limits; services: services, loadbalancers,
 * nodeports; PVCs: storage requests; anything: count/<resource>.<group>),
 * and the sum over a namespace restricted to the quota's hard keys.
 */
import type { Container, Pod, PersistentVolumeClaim, ResourceQuotaSpec, Service } from "kubernetes-types/core/v1.js";
import { parseQuantity, Quantity } from "../../api/validation/core-quantity.js";

export type Usage = Map<string, Quantity>;

const ONE = () => Quantity.fromInt(1);

function add(u: Usage, key: string, q: Quantity): void {
  const prev = u.get(key);
  u.set(key, prev ? prev.add(q) : q);
}

/** QuotaV1Pod: a terminal pod, or one past its deletion grace period, no longer charges quota. */
export function podCountsForQuota(pod: Pod, now: number): boolean {
  const phase = pod.status?.phase;
  if (phase === "Succeeded" || phase === "Failed") return false;
  const del = Date.parse(pod.metadata?.deletionTimestamp ?? "");
  if (!Number.isNaN(del) && pod.metadata?.deletionGracePeriodSeconds != null && now > del + pod.metadata.deletionGracePeriodSeconds * 1000) return false;
  return true;
}

type ResourceKind = "requests" | "limits";

/** The pod's effective requests or limits (PodRequests/PodLimits): containers summed, init containers as a max, plus overhead. */
export function podResources(pod: Pod, kind: ResourceKind): Map<string, Quantity> {
  const podLevel = (pod.spec as { resources?: Container["resources"] } | undefined)?.resources?.[kind];
  if (podLevel && Object.keys(podLevel).length) return toMap(podLevel);
  const sum = new Map<string, Quantity>();
  const sidecars = new Map<string, Quantity>();
  for (const c of pod.spec?.containers ?? []) for (const [k, q] of toMap(c.resources?.[kind])) add(sum, k, q);
  const initMax = new Map<string, Quantity>();
  for (const c of pod.spec?.initContainers ?? []) {
    const r = toMap(c.resources?.[kind]);
    if (c.restartPolicy === "Always") {
      // A sidecar runs alongside everything after it.
      for (const [k, q] of r) add(sidecars, k, q);
      continue;
    }
    for (const [k, q] of r) {
      const withSidecars = sidecars.get(k) ? q.add(sidecars.get(k)!) : q;
      if (!initMax.get(k) || initMax.get(k)!.cmp(withSidecars) < 0) initMax.set(k, withSidecars);
    }
  }
  for (const [k, q] of sidecars) add(sum, k, q);
  for (const [k, q] of initMax) if (!sum.get(k) || sum.get(k)!.cmp(q) < 0) sum.set(k, q);
  for (const [k, q] of toMap(pod.spec?.overhead)) if (sum.has(k)) add(sum, k, q);
  return sum;
}

function toMap(list: Record<string, string | number> | undefined): Map<string, Quantity> {
  const m = new Map<string, Quantity>();
  for (const [k, v] of Object.entries(list ?? {})) m.set(k, parseQuantity(v));
  return m;
}

export function podUsage(pod: Pod): Usage {
  const u: Usage = new Map([["pods", ONE()], ["count/pods", ONE()]]);
  for (const [k, q] of podResources(pod, "requests")) {
    add(u, `requests.${k}`, q);
    if (k === "cpu" || k === "memory" || k === "ephemeral-storage") add(u, k, q);
  }
  for (const [k, q] of podResources(pod, "limits")) add(u, `limits.${k}`, q);
  return u;
}

export function serviceUsage(svc: Service): Usage {
  const u: Usage = new Map([["services", ONE()], ["count/services", ONE()]]);
  const type = svc.spec?.type ?? "ClusterIP";
  if (type === "LoadBalancer") add(u, "services.loadbalancers", ONE());
  if (type === "LoadBalancer" || type === "NodePort") {
    const ports = (svc.spec?.ports ?? []).filter((p) => type === "NodePort" || p.nodePort !== undefined || svc.spec?.allocateLoadBalancerNodePorts !== false);
    add(u, "services.nodeports", Quantity.fromInt(ports.length));
  }
  return u;
}

export function pvcUsage(pvc: PersistentVolumeClaim): Usage {
  const u: Usage = new Map([["persistentvolumeclaims", ONE()], ["count/persistentvolumeclaims", ONE()]]);
  const storage = pvc.spec?.resources?.requests?.storage;
  if (storage !== undefined) {
    add(u, "requests.storage", parseQuantity(storage));
    const cls = pvc.spec?.storageClassName;
    if (cls) {
      add(u, `${cls}.storageclass.storage.k8s.io/requests.storage`, parseQuantity(storage));
      add(u, `${cls}.storageclass.storage.k8s.io/persistentvolumeclaims`, ONE());
    }
  }
  return u;
}

/** configmaps, secrets and every other counted kind: the object counts once under both names. */
export function countUsage(plural: string, groupSuffix: string): Usage {
  const u: Usage = new Map([[`count/${plural}${groupSuffix}`, ONE()]]);
  if (!groupSuffix && ["configmaps", "secrets", "replicationcontrollers", "resourcequotas"].includes(plural)) u.set(plural, ONE());
  return u;
}

/** Whether a pod falls under the quota's scopes (Terminating, NotTerminating, BestEffort, NotBestEffort). */
export function podMatchesScopes(pod: Pod, spec: ResourceQuotaSpec): boolean {
  const scopes = [...(spec.scopes ?? []), ...(spec.scopeSelector?.matchExpressions ?? []).filter((e) => e.operator === "Exists").map((e) => e.scopeName)];
  const terminating = pod.spec?.activeDeadlineSeconds != null;
  const bestEffort = ["requests", "limits"].every((k) => podResources(pod, k as ResourceKind).size === 0);
  return scopes.every((s) => {
    switch (s) {
      case "Terminating":
        return terminating;
      case "NotTerminating":
        return !terminating;
      case "BestEffort":
        return bestEffort;
      case "NotBestEffort":
        return !bestEffort;
      default:
        return true;
    }
  });
}

/** The sum of usages, keeping only the quota's hard keys (every key reported, 0 when unused). */
export function sumUsage(hardKeys: readonly string[], usages: Iterable<Usage>): Record<string, string> {
  // Sums start from the first value, keeping its format (Mi stays Mi).
  const total = new Map<string, Quantity | undefined>(hardKeys.map((k) => [k, undefined]));
  for (const u of usages) {
    for (const [k, q] of u) {
      if (!total.has(k)) continue;
      const prev = total.get(k);
      total.set(k, prev ? prev.add(q) : q);
    }
  }
  return Object.fromEntries([...total].map(([k, q]) => [k, (q ?? Quantity.fromInt(0)).toString()]));
}
