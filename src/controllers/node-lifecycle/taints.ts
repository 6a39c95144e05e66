/**
 * The taints this controller owns: NoExecute taints for a not-ready or
 * unreachable node (taint-based eviction), and NoSchedule taints mirroring
 * node conditions and spec.unschedulable (TaintNodesByCondition).
 */
import type { Node, NodeCondition, Taint } from "kubernetes-types/core/v1.js";

export const TAINT_NOT_READY = "node.kubernetes.io/not-ready";
export const TAINT_UNREACHABLE = "node.kubernetes.io/unreachable";
export const TAINT_UNSCHEDULABLE = "node.kubernetes.io/unschedulable";

export const NOT_READY_NO_EXECUTE: Taint = { key: TAINT_NOT_READY, effect: "NoExecute" };
export const UNREACHABLE_NO_EXECUTE: Taint = { key: TAINT_UNREACHABLE, effect: "NoExecute" };

/** nodeConditionToTaintKeyStatusMap: condition type → status → taint key. */
const CONDITION_TAINTS: Record<string, Record<string, string>> = {
  Ready: { False: TAINT_NOT_READY, Unknown: TAINT_UNREACHABLE },
  MemoryPressure: { True: "node.kubernetes.io/memory-pressure" },
  DiskPressure: { True: "node.kubernetes.io/disk-pressure" },
  NetworkUnavailable: { True: "node.kubernetes.io/network-unavailable" },
  PIDPressure: { True: "node.kubernetes.io/pid-pressure" },
};
const CONDITION_TAINT_KEYS = new Set([...Object.values(CONDITION_TAINTS).flatMap((m) => Object.values(m)), TAINT_UNSCHEDULABLE]);

export function readyCondition(node: Node): NodeCondition | undefined {
  return node.status?.conditions?.find((c) => c.type === "Ready");
}

/** The NoSchedule taints the node's conditions and spec call for. */
export function conditionNoScheduleTaints(node: Node): Taint[] {
  const out: Taint[] = [];
  for (const c of node.status?.conditions ?? []) {
    const key = CONDITION_TAINTS[c.type]?.[c.status];
    if (key) out.push({ key, effect: "NoSchedule" });
  }
  if (node.spec?.unschedulable) out.push({ key: TAINT_UNSCHEDULABLE, effect: "NoSchedule" });
  return out;
}

/** The NoSchedule taints of the node that this controller manages. */
export function ownedNoScheduleTaints(node: Node): Taint[] {
  return (node.spec?.taints ?? []).filter((t) => t.effect === "NoSchedule" && CONDITION_TAINT_KEYS.has(t.key));
}

/** The NoExecute taint a Ready condition calls for (none when Ready is True). */
export function noExecuteTaintFor(ready: NodeCondition | undefined): Taint | undefined {
  if (ready?.status === "False") return NOT_READY_NO_EXECUTE;
  if (ready?.status === "Unknown") return UNREACHABLE_NO_EXECUTE;
  return undefined;
}

export function sameTaint(a: Taint, b: Taint): boolean {
  return a.key === b.key && a.effect === b.effect;
}

export function hasTaint(node: Node, t: Taint): boolean {
  return (node.spec?.taints ?? []).some((x) => sameTaint(x, t));
}
