/**
 * Which quota resource names an object of a kind can be charged for
 * (upstream's evaluators' MatchingResources), and the pod evaluator's
 * constraint that a quota on cpu or memory needs every container to state
 * them.
 */
import type { Pod } from "kubernetes-types/core/v1.js";
import { containerUsageKeys } from "./usage.js";

const LEGACY_COUNTS = new Set(["configmaps", "secrets", "replicationcontrollers", "resourcequotas"]);

function podResourceName(name: string): boolean {
  return ["pods", "count/pods", "cpu", "memory", "ephemeral-storage"].includes(name) || name.startsWith("requests.") || name.startsWith("limits.") || name.startsWith("hugepages-");
}

function serviceResourceName(name: string): boolean {
  return ["services", "count/services", "services.loadbalancers", "services.nodeports"].includes(name);
}

function pvcResourceName(name: string): boolean {
  if (["persistentvolumeclaims", "count/persistentvolumeclaims", "requests.storage"].includes(name)) return true;
  const marker = ".storageclass.storage.k8s.io/";
  const at = name.indexOf(marker);
  return at > 0 && ["requests.storage", "persistentvolumeclaims"].includes(name.slice(at + marker.length));
}

/** The names among `names` that an object of group/resource can be charged for. */
export function matchingResources(group: string, resource: string, names: readonly string[]): string[] {
  const countKey = `count/${resource}${group ? `.${group}` : ""}`;
  const matches = (n: string): boolean => {
    if (group === "" && resource === "pods") return podResourceName(n);
    if (group === "" && resource === "services") return serviceResourceName(n);
    if (group === "" && resource === "persistentvolumeclaims") return pvcResourceName(n);
    return n === countKey || (group === "" && LEGACY_COUNTS.has(resource) && n === resource);
  };
  return names.filter(matches);
}

/** A quota on these makes every container state them (upstream's backward-compatible rule). */
const MUST_SPECIFY = new Set(["cpu", "memory", "requests.cpu", "requests.memory", "limits.cpu", "limits.memory"]);

/** The restricted compute resources some container of the pod does not state, sorted; empty when none. */
export function podMissingResources(pod: Pod, restricted: readonly string[]): string[] {
  const required = restricted.filter((r) => MUST_SPECIFY.has(r));
  const missing = new Set<string>();
  for (const c of [...(pod.spec?.containers ?? []), ...(pod.spec?.initContainers ?? [])]) {
    const stated = containerUsageKeys(c);
    for (const r of required) if (!stated.has(r)) missing.add(r);
  }
  return [...missing].sort();
}
