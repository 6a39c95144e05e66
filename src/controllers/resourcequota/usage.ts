/**
 * Quota usage as upstream's evaluators compute it: what one object of a
 * kind charges against a ResourceQuota (pods: pods, count/pods and the
 * compute requests and limits; services: services, loadbalancers,
 * nodeports; PVCs: storage requests; anything: count/<resource>.<group>),
 * and the sum over a namespace restricted to the quota's hard keys.
 */
import type { Container, Pod, PersistentVolumeClaim, Service } from "kubernetes-types/core/v1.js";
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

/** Compute resources charged under their bare name too ("cpu" as "requests.cpu"), and the only ones whose limits are charged. */
const STANDARD_COMPUTE = new Set(["cpu", "memory", "ephemeral-storage"]);

/** Extended resources (example.com/dongle): quota charges only their requests, as "requests.<name>". */
function isExtendedResource(name: string): boolean {
  return name.includes("/") && !name.includes("kubernetes.io/") && !name.startsWith("requests.");
}

/**
 * Upstream's podComputeUsageHelper over one requests/limits pair: standard
 * compute resources under both names, hugepages requests under both names,
 * extended resources as requests only, limits of standard compute only.
 */
export function computeUsage(requests: Map<string, Quantity>, limits: Map<string, Quantity>): Usage {
  const u: Usage = new Map();
  for (const [k, q] of requests) {
    if (STANDARD_COMPUTE.has(k) || k.startsWith("hugepages-")) {
      add(u, `requests.${k}`, q);
      add(u, k, q);
    } else if (isExtendedResource(k)) add(u, `requests.${k}`, q);
  }
  for (const [k, q] of limits) if (STANDARD_COMPUTE.has(k)) add(u, `limits.${k}`, q);
  return u;
}

export function podUsage(pod: Pod): Usage {
  const u: Usage = new Map([["pods", ONE()], ["count/pods", ONE()]]);
  for (const [k, q] of computeUsage(podResources(pod, "requests"), podResources(pod, "limits"))) add(u, k, q);
  return u;
}

/** The compute resources one container charges, for upstream's "must specify" check. */
export function containerUsageKeys(c: Container): Set<string> {
  return new Set(computeUsage(toMap(c.resources?.requests), toMap(c.resources?.limits)).keys());
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

/**
 * What one object of a resource charges (upstream's evaluators: pods,
 * services and PVCs have their own; every other kind is an object count);
 * undefined when it charges nothing, as a finished pod.
 */
export function objectUsage(group: string, resource: string, obj: unknown, now: number): Usage | undefined {
  if (group === "" && resource === "pods") return podCountsForQuota(obj as Pod, now) ? podUsage(obj as Pod) : undefined;
  if (group === "" && resource === "services") return serviceUsage(obj as Service);
  if (group === "" && resource === "persistentvolumeclaims") return pvcUsage(obj as PersistentVolumeClaim);
  return countUsage(resource, group ? `.${group}` : "");
}
