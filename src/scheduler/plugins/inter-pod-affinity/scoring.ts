/**
 * InterPodAffinity's Score: per topology domain, the weights of preferred
 * terms between the incoming pod and existing pods (both directions;
 * existing pods' required affinity counts with hardPodAffinityWeight),
 * summed over the node's domains and normalized min-max to [0, 100].
 */
import type { NodeInfo } from "../../cache/node-info.js";
import type { StateData } from "../../framework/cycle-state.js";
import type { Handle } from "../../framework/interfaces.js";
import { MAX_NODE_SCORE } from "../../framework/normalize.js";
import { termMatches, type PodInfo, type WeightedAffinityTerm } from "../../framework/pod-info.js";
import { TopologyCounts } from "./topology-counts.js";

export class PreScoreState implements StateData {
  constructor(readonly topologyScore: TopologyCounts) {}
  clone(): StateData {
    return this;
  }
}

export function computePreScoreState(pod: PodInfo, handle: Handle, hardPodAffinityWeight: number): PreScoreState {
  const scores = new TopologyCounts();
  const ns = (n: string) => handle.namespaceLabels(n);
  const own = pod.preferredAffinityTerms.length + pod.preferredAntiAffinityTerms.length > 0;
  const apply = (terms: readonly WeightedAffinityTerm[], target: PodInfo, node: NodeInfo, sign: 1 | -1) => {
    for (const t of terms) {
      const v = node.labels?.[t.topologyKey];
      if (v !== undefined && termMatches(t, target, ns)) scores.add(t.topologyKey, v, sign * t.weight);
    }
  };
  for (const node of handle.cache.nodeList()) {
    const pods = own ? node.pods : node.podsWithAffinity;
    for (const existing of pods) {
      if (own) {
        apply(pod.preferredAffinityTerms, existing, node, 1);
        apply(pod.preferredAntiAffinityTerms, existing, node, -1);
      }
      if (hardPodAffinityWeight > 0) {
        for (const t of existing.requiredAffinityTerms) {
          const v = node.labels?.[t.topologyKey];
          if (v !== undefined && termMatches(t, pod, ns)) scores.add(t.topologyKey, v, hardPodAffinityWeight);
        }
      }
      apply(existing.preferredAffinityTerms, pod, node, 1);
      apply(existing.preferredAntiAffinityTerms, pod, node, -1);
    }
  }
  return new PreScoreState(scores);
}

export function scoreNode(s: PreScoreState, node: NodeInfo): number {
  let total = 0;
  const labels = node.labels;
  if (!labels) return 0;
  for (const [key, values] of s.topologyScore.byKey) {
    const v = labels[key];
    if (v !== undefined) total += values.get(v) ?? 0;
  }
  return total;
}

export function normalize(s: PreScoreState, scores: Float64Array): void {
  if (s.topologyScore.size === 0) return;
  let min = Infinity;
  let max = -Infinity;
  for (const x of scores) {
    if (x < min) min = x;
    if (x > max) max = x;
  }
  const diff = max - min;
  for (let i = 0; i < scores.length; i++) scores[i] = diff > 0 ? Math.trunc((MAX_NODE_SCORE * (scores[i] - min)) / diff) : 0;
}
