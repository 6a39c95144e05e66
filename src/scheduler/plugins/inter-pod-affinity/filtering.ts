/**
 * InterPodAffinity's PreFilter state and Filter: counts, per topology
 * domain, of existing pods matching the incoming pod's required
 * (anti-)affinity terms, and of existing pods whose required anti-affinity
 * terms match the incoming pod.
 */
import type { NodeInfo } from "../../cache/node-info.js";
import type { StateData } from "../../framework/cycle-state.js";
import type { Handle } from "../../framework/interfaces.js";
import { matchNothing, type Labels } from "../../framework/labels.js";
import { termMatches, type AffinityTerm, type PodInfo } from "../../framework/pod-info.js";
import { SUCCESS, unresolvable, unschedulable, type Status } from "../../framework/status.js";
import { TopologyCounts } from "./topology-counts.js";

export const ERR_REASON_AFFINITY = "node(s) didn't match pod affinity rules";
export const ERR_REASON_ANTI_AFFINITY = "node(s) didn't match pod anti-affinity rules";
export const ERR_REASON_EXISTING_ANTI_AFFINITY = "node(s) didn't satisfy existing pods anti-affinity rules";

type NsLabels = (ns: string) => Labels;

export class PreFilterState implements StateData {
  constructor(
    readonly existingAntiAffinityCounts: TopologyCounts,
    readonly affinityCounts: TopologyCounts,
    readonly antiAffinityCounts: TopologyCounts,
  ) {}

  clone(): PreFilterState {
    return new PreFilterState(this.existingAntiAffinityCounts.clone(), this.affinityCounts.clone(), this.antiAffinityCounts.clone());
  }

  /** Accounts an existing pod added to (sign 1) or removed from (-1) node. */
  update(incoming: PodInfo, existing: PodInfo, node: NodeInfo, sign: 1 | -1, ns: NsLabels): void {
    this.countExistingAntiAffinity(incoming, existing, node, sign, ns);
    this.countAffinity(incoming, existing, node, sign, ns);
    for (const t of incoming.requiredAntiAffinityTerms) this.countAntiAffinityTerm(t, existing, node, sign, ns);
  }

  countExistingAntiAffinity(incoming: PodInfo, existing: PodInfo, node: NodeInfo, sign: 1 | -1, ns: NsLabels): void {
    const labels = node.labels;
    if (!labels) return;
    for (const t of existing.requiredAntiAffinityTerms) {
      const v = labels[t.topologyKey];
      if (v !== undefined && termMatches(t, incoming, ns)) this.existingAntiAffinityCounts.add(t.topologyKey, v, sign);
    }
  }

  countAffinity(incoming: PodInfo, existing: PodInfo, node: NodeInfo, sign: 1 | -1, ns: NsLabels): void {
    const labels = node.labels;
    if (!labels || !incoming.requiredAffinityTerms.length || !matchesAll(incoming.requiredAffinityTerms, existing, ns)) return;
    for (const t of incoming.requiredAffinityTerms) {
      const v = labels[t.topologyKey];
      if (v !== undefined) this.affinityCounts.add(t.topologyKey, v, sign);
    }
  }

  countAntiAffinityTerm(t: AffinityTerm, existing: PodInfo, node: NodeInfo, sign: 1 | -1, ns: NsLabels): void {
    const v = node.labels?.[t.topologyKey];
    if (v !== undefined && termMatches(t, existing, ns)) this.antiAffinityCounts.add(t.topologyKey, v, sign);
  }
}

export function matchesAll(terms: readonly AffinityTerm[], pod: PodInfo, ns: NsLabels): boolean {
  for (const t of terms) if (!termMatches(t, pod, ns)) return false;
  return true;
}

/**
 * Pods that may match a term, from the cache's label index: the smallest
 * set among the term's matchLabels in each of its namespaces. Undefined
 * when the term cannot use the index (no matchLabels, or a namespaceSelector).
 */
function termCandidates(term: AffinityTerm, handle: Handle): PodInfo[] | undefined {
  if (term.matchPairs.length === 0 || term.namespaceSelector !== matchNothing) return undefined;
  const out: PodInfo[] = [];
  for (const ns of term.namespaces) {
    let best: ReadonlySet<PodInfo> | undefined;
    for (const [k, v] of term.matchPairs) {
      const set = handle.cache.podsWithLabel(ns, k, v);
      if (!best || set.size < best.size) best = set;
    }
    for (const p of best ?? []) out.push(p);
  }
  return out;
}

function nodeOf(p: PodInfo, handle: Handle): NodeInfo | undefined {
  return handle.cache.nodeInfo(p.pod.spec?.nodeName ?? "");
}

export function computePreFilterState(pod: PodInfo, handle: Handle): PreFilterState {
  const s = new PreFilterState(new TopologyCounts(), new TopologyCounts(), new TopologyCounts());
  const ns = (n: string) => handle.namespaceLabels(n);
  // Existing pods' anti-affinity: only pods with a term that may select this pod's labels.
  if (handle.cache.podsWithRequiredAntiAffinity > 0) {
    for (const existing of handle.cache.antiAffinityCandidates(pod.labels)) {
      const node = nodeOf(existing, handle);
      if (node) s.countExistingAntiAffinity(pod, existing, node, 1, ns);
    }
  }
  if (pod.requiredAffinityTerms.length + pod.requiredAntiAffinityTerms.length === 0) return s;
  const affinityFrom = pod.requiredAffinityTerms.length ? termCandidates(pod.requiredAffinityTerms[0], handle) : [];
  const antiFrom = pod.requiredAntiAffinityTerms.map((t) => termCandidates(t, handle));
  if (affinityFrom && antiFrom.every((c) => c)) {
    for (const existing of affinityFrom) {
      const node = nodeOf(existing, handle);
      if (node) s.countAffinity(pod, existing, node, 1, ns);
    }
    pod.requiredAntiAffinityTerms.forEach((t, i) => {
      for (const existing of antiFrom[i]!) {
        const node = nodeOf(existing, handle);
        if (node) s.countAntiAffinityTerm(t, existing, node, 1, ns);
      }
    });
    return s;
  }
  for (const node of handle.cache.nodeList()) {
    for (const existing of node.pods) {
      s.countAffinity(pod, existing, node, 1, ns);
      for (const t of pod.requiredAntiAffinityTerms) s.countAntiAffinityTerm(t, existing, node, 1, ns);
    }
  }
  return s;
}

export function filterNode(s: PreFilterState, pod: PodInfo, node: NodeInfo, ns: NsLabels): Status {
  const labels = node.labels ?? {};
  if (pod.requiredAffinityTerms.length) {
    let podsExist = true;
    for (const t of pod.requiredAffinityTerms) {
      const v = labels[t.topologyKey];
      if (v === undefined) return unresolvable(ERR_REASON_AFFINITY);
      if (s.affinityCounts.get(t.topologyKey, v) <= 0) podsExist = false;
    }
    // The first pod of a group with affinity to itself may go anywhere that has the topology.
    if (!podsExist && !(s.affinityCounts.size === 0 && matchesAll(pod.requiredAffinityTerms, pod, ns))) return unresolvable(ERR_REASON_AFFINITY);
  }
  for (const t of pod.requiredAntiAffinityTerms) {
    const v = labels[t.topologyKey];
    if (v !== undefined && s.antiAffinityCounts.get(t.topologyKey, v) > 0) return unschedulable(ERR_REASON_ANTI_AFFINITY);
  }
  for (const [key, values] of s.existingAntiAffinityCounts.byKey) {
    const v = labels[key];
    if (v !== undefined && (values.get(v) ?? 0) > 0) return unschedulable(ERR_REASON_EXISTING_ANTI_AFFINITY);
  }
  return SUCCESS;
}
