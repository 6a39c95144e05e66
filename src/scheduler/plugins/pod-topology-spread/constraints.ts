/**
 * Topology spread constraints compiled for one pod: its own constraints,
 * or — when it has none — upstream's system defaults (hostname maxSkew 3,
 * zone maxSkew 5, ScheduleAnyway) over the selector of the services and
 * the controller (ReplicationController, ReplicaSet, StatefulSet) that
 * select it (upstream's DefaultSelector).
 */
import type { NodeInfo } from "../../cache/node-info.js";
import type { Handle } from "../../framework/interfaces.js";
import { compileMapSelector, compileSelector, selectorKey, type LabelMatcher } from "../../framework/labels.js";
import type { PodInfo } from "../../framework/pod-info.js";
import { findUntoleratedTaint } from "../../framework/taints.js";
import type { LabelSelector, TopologySpreadConstraint } from "../../framework/types.js";
import { requiredNodeMatcher } from "../node-affinity/node-affinity.js";

export const LABEL_HOSTNAME = "kubernetes.io/hostname";
export const LABEL_ZONE = "topology.kubernetes.io/zone";

export interface Constraint {
  maxSkew: number;
  topologyKey: string;
  whenUnsatisfiable: "DoNotSchedule" | "ScheduleAnyway";
  selector: LabelMatcher;
  minDomains: number;
  honorNodeAffinity: boolean;
  honorNodeTaints: boolean;
  /** Names the selector for the cache's per-node counts: equal keys, equal selectors. */
  selectorKey: string;
}

export const SYSTEM_DEFAULT_CONSTRAINTS: readonly Pick<TopologySpreadConstraint, "topologyKey" | "maxSkew" | "whenUnsatisfiable">[] = [
  { topologyKey: LABEL_HOSTNAME, maxSkew: 3, whenUnsatisfiable: "ScheduleAnyway" },
  { topologyKey: LABEL_ZONE, maxSkew: 5, whenUnsatisfiable: "ScheduleAnyway" },
];

function withMatchLabelKeys(sel: LabelSelector | undefined, keys: string[] | undefined, pod: PodInfo): LabelSelector | undefined {
  if (!keys?.length || !sel) return sel;
  const extra = keys.filter((k) => pod.labels?.[k] !== undefined).map((k) => ({ key: k, operator: "In", values: [pod.labels![k]] }));
  return { ...sel, matchExpressions: [...(sel.matchExpressions ?? []), ...extra] };
}

/** The pod's own constraints with the given whenUnsatisfiable. */
export function ownConstraints(pod: PodInfo, when: Constraint["whenUnsatisfiable"]): Constraint[] {
  return (pod.pod.spec?.topologySpreadConstraints ?? [])
    .filter((c) => c.whenUnsatisfiable === when)
    .map((c) => {
      const sel = withMatchLabelKeys(c.labelSelector, c.matchLabelKeys, pod);
      return {
        maxSkew: c.maxSkew,
        topologyKey: c.topologyKey,
        whenUnsatisfiable: when,
        selector: compileSelector(sel),
        minDomains: c.minDomains ?? 1,
        honorNodeAffinity: (c.nodeAffinityPolicy ?? "Honor") === "Honor",
        honorNodeTaints: c.nodeTaintsPolicy === "Honor",
        selectorKey: `own ${selectorKey(sel)}`,
      };
    });
}

interface WithSelector {
  metadata?: { name?: string };
  spec?: { selector?: unknown };
}

/** Upstream's DefaultSelector: undefined when nothing selects the pod. */
export function defaultSelector(pod: PodInfo, handle: Handle): { selector: LabelMatcher; key: string } | undefined {
  const labelSet: Record<string, string> = {};
  for (const svc of (handle.listers.services?.list(pod.namespace) ?? []) as WithSelector[]) {
    const sel = svc.spec?.selector as Record<string, string> | undefined;
    if (sel && Object.keys(sel).length > 0 && compileMapSelector(sel)(pod.labels)) Object.assign(labelSet, sel);
  }
  const owner = pod.pod.metadata?.ownerReferences?.find((o) => o.controller);
  let ownerSelector: LabelSelector | undefined;
  if (owner) {
    const group = owner.apiVersion.includes("/") ? owner.apiVersion.split("/")[0] : "";
    if (group === "" && owner.kind === "ReplicationController") {
      const rc = handle.listers.replicationControllers?.get(pod.namespace, owner.name) as WithSelector | undefined;
      Object.assign(labelSet, (rc?.spec?.selector as Record<string, string> | undefined) ?? {});
    } else if (group === "apps" && (owner.kind === "ReplicaSet" || owner.kind === "StatefulSet")) {
      const lister = owner.kind === "ReplicaSet" ? handle.listers.replicaSets : handle.listers.statefulSets;
      ownerSelector = (lister?.get(pod.namespace, owner.name) as WithSelector | undefined)?.spec?.selector as LabelSelector | undefined;
    }
  }
  const hasOwner = ownerSelector && (Object.keys(ownerSelector.matchLabels ?? {}).length > 0 || (ownerSelector.matchExpressions ?? []).length > 0);
  if (Object.keys(labelSet).length === 0 && !hasOwner) return undefined;
  const key = `default ${selectorKey({ matchLabels: labelSet })} ${hasOwner ? selectorKey(ownerSelector) : ""}`;
  const fromMap = compileMapSelector(labelSet);
  if (!hasOwner) return { selector: fromMap, key };
  const fromOwner = compileSelector(ownerSelector);
  return { selector: (l) => fromMap(l) && fromOwner(l), key };
}

/** Soft constraints for scoring: the pod's ScheduleAnyway ones, or the system defaults. */
export function scoringConstraints(pod: PodInfo, handle: Handle): { constraints: Constraint[]; systemDefaulted: boolean } {
  if ((pod.pod.spec?.topologySpreadConstraints ?? []).length > 0) return { constraints: ownConstraints(pod, "ScheduleAnyway"), systemDefaulted: false };
  const sel = defaultSelector(pod, handle);
  if (!sel) return { constraints: [], systemDefaulted: true };
  return {
    constraints: SYSTEM_DEFAULT_CONSTRAINTS.map((c) => ({
      maxSkew: c.maxSkew,
      topologyKey: c.topologyKey,
      whenUnsatisfiable: "ScheduleAnyway",
      selector: sel.selector,
      minDomains: 1,
      honorNodeAffinity: true,
      honorNodeTaints: false,
      selectorKey: sel.key,
    })),
    systemDefaulted: true,
  };
}

/** A node counts toward a constraint's domains only if it passes the constraint's node inclusion policies. */
export function nodeInclusion(pod: PodInfo): (c: Constraint, node: NodeInfo) => boolean {
  const affinity = requiredNodeMatcher(pod);
  const tolerations = pod.pod.spec?.tolerations;
  return (c, node) => {
    if (c.honorNodeAffinity && affinity && !affinity(node.labels, node.name)) return false;
    if (c.honorNodeTaints && findUntoleratedTaint(node.taints, tolerations, (e) => e === "NoSchedule" || e === "NoExecute")) return false;
    return true;
  };
}
