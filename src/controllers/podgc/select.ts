/**
 * Which pods the pod garbage collector removes (upstream's PodGCController):
 * terminated pods beyond the threshold (oldest first), pods bound to nodes
 * that no longer exist, terminating pods that were never scheduled, and
 * terminating pods on NotReady nodes tainted out-of-service.
 */
import type { Node } from "kubernetes-types/core/v1.js";
import type { PodObject } from "../shared/index.js";

export const OUT_OF_SERVICE_TAINT = "node.kubernetes.io/out-of-service";

/** Neither Pending, Running nor Unknown (isPodTerminated). */
export function isPodTerminated(pod: PodObject): boolean {
  const phase = pod.status?.phase;
  return phase !== "Pending" && phase !== "Running" && phase !== "Unknown" && phase !== undefined;
}

/** The oldest terminated pods past threshold (threshold <= 0 disables). */
export function terminatedPodsToDelete(pods: readonly PodObject[], threshold: number): PodObject[] {
  if (threshold <= 0) return [];
  const terminated = pods.filter(isPodTerminated);
  const excess = terminated.length - threshold;
  if (excess <= 0) return [];
  const created = (p: PodObject) => String(p.metadata.creationTimestamp ?? "");
  return [...terminated].sort((a, b) => created(a).localeCompare(created(b)) || String(a.metadata.name).localeCompare(String(b.metadata.name))).slice(0, excess);
}

/** Terminating pods that were never bound to a node. */
export function unscheduledTerminating(pods: readonly PodObject[]): PodObject[] {
  return pods.filter((p) => p.metadata.deletionTimestamp && !p.spec?.nodeName);
}

/** Names of nodes pods are bound to that are not among the known nodes. */
export function missingNodes(pods: readonly PodObject[], known: ReadonlySet<string>): Set<string> {
  const out = new Set<string>();
  for (const p of pods) {
    const n = p.spec?.nodeName;
    if (n && !known.has(n)) out.add(n);
  }
  return out;
}

/** Terminating pods on nodes that are not Ready and carry the out-of-service taint. */
export function terminatingOnOutOfServiceNodes(pods: readonly PodObject[], nodes: ReadonlyMap<string, Node>): PodObject[] {
  return pods.filter((p) => {
    if (!p.metadata.deletionTimestamp || !p.spec?.nodeName) return false;
    const node = nodes.get(p.spec.nodeName);
    if (!node) return false;
    const ready = node.status?.conditions?.find((c) => c.type === "Ready")?.status === "True";
    return !ready && (node.spec?.taints ?? []).some((t) => t.key === OUT_OF_SERVICE_TAINT);
  });
}
