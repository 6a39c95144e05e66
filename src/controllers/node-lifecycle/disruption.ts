/**
 * Zone disruption (handleDisruption): taint-based eviction slows or stops
 * when many nodes of a zone are unhealthy, since the fault is then more
 * likely the control plane's view than the nodes. When every zone is fully
 * disrupted the controller enters "master disruption mode" and lifts its
 * NoExecute taints.
 */
import type { Node } from "kubernetes-types/core/v1.js";
import { readyCondition } from "./taints.js";

export type ZoneState = "Initial" | "Normal" | "FullDisruption" | "PartialDisruption";

/** --unhealthy-zone-threshold. */
export const UNHEALTHY_ZONE_THRESHOLD = 0.55;
/** --large-cluster-size-threshold: smaller zones stop evicting under partial disruption. */
export const LARGE_CLUSTER_SIZE_THRESHOLD = 50;

export function zoneOf(node: Node): string {
  const l = node.metadata?.labels ?? {};
  return `${l["topology.kubernetes.io/region"] ?? ""}:\u0000:${l["topology.kubernetes.io/zone"] ?? ""}`;
}

/** ComputeZoneState from the number of ready and not-ready nodes. */
export function computeZoneState(ready: number, notReady: number): ZoneState {
  if (ready === 0 && notReady > 0) return "FullDisruption";
  if (notReady > 2 && notReady / (ready + notReady) >= UNHEALTHY_ZONE_THRESHOLD) return "PartialDisruption";
  return "Normal";
}

export interface ZoneSummary {
  states: Map<string, ZoneState>;
  sizes: Map<string, number>;
  /** Every zone is fully disrupted. */
  allDisrupted: boolean;
}

export function summarizeZones(nodes: readonly Node[]): ZoneSummary {
  const counts = new Map<string, { ready: number; notReady: number }>();
  for (const n of nodes) {
    const z = zoneOf(n);
    const c = counts.get(z) ?? { ready: 0, notReady: 0 };
    if (readyCondition(n)?.status === "True") c.ready++;
    else c.notReady++;
    counts.set(z, c);
  }
  const states = new Map<string, ZoneState>();
  const sizes = new Map<string, number>();
  for (const [z, c] of counts) {
    states.set(z, computeZoneState(c.ready, c.notReady));
    sizes.set(z, c.ready + c.notReady);
  }
  const allDisrupted = states.size > 0 && [...states.values()].every((s) => s === "FullDisruption");
  return { states, sizes, allDisrupted };
}

/** Whether a node of this zone may be given a NoExecute taint now. */
export function mayTaint(summary: ZoneSummary, zone: string): boolean {
  if (summary.allDisrupted) return false;
  const state = summary.states.get(zone) ?? "Normal";
  // A partially disrupted small zone's eviction rate is zero; a large one's is slowed (not modelled: allowed).
  if (state === "PartialDisruption") return (summary.sizes.get(zone) ?? 0) > LARGE_CLUSTER_SIZE_THRESHOLD;
  return true;
}
