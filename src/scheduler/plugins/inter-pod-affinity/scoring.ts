/**
 * InterPodAffinity's Score: per topology domain, the weights of preferred
 * terms between the incoming pod and existing pods (both directions;
 * existing pods' required affinity counts with hardPodAffinityWeight),
 * summed over the node's domains and normalized min-max to [0, 100].
 */
import type { NodeInfo } from "../../cache/node-info.js";
import type { StateData } from "../../framework/cycle-state.js";
import type { Handle } from "../../framework/interfaces.js";
import { matchNothing } from "../../framework/labels.js";
import { MAX_NODE_SCORE } from "../../framework/normalize.js";
import { termMatches, type PodInfo, type WeightedAffinityTerm } from "../../framework/pod-info.js";
import { TopologyCounts } from "./topology-counts.js";

export class PreScoreState implements StateData {
  constructor(readonly topologyScore: TopologyCounts) {}
  clone(): StateData {
    return this;
  }
}

/**
 * The domain scores, as upstream's PreScore sums them pod by pod, from
 * per-node counts: the incoming pod's preferred terms read the cache's
 * counts of pods their selector matches (a term with a namespaceSelector
 * visits the pods), and the existing pods' terms come grouped, each group
 * matched against the incoming pod once.
 */
export function computePreScoreState(pod: PodInfo, handle: Handle, hardPodAffinityWeight: number): PreScoreState {
  const scores = new TopologyCounts();
  const ns = (n: string) => handle.namespaceLabels(n);
  const cache = handle.cache;
  const nodes = cache.nodeList();
  const addPerNode = (count: (node: NodeInfo) => number, topologyKey: string, weight: number) => {
    for (const node of nodes) {
      const n = count(node);
      if (n === 0) continue;
      const v = node.labels?.[topologyKey];
      if (v !== undefined) scores.add(topologyKey, v, weight * n);
    }
  };
  const own = (terms: readonly WeightedAffinityTerm[], sign: 1 | -1) => {
    for (const t of terms) {
      if (t.namespaceSelector !== matchNothing) {
        addPerNode((node) => node.pods.filter((p) => termMatches(t, p, ns)).length, t.topologyKey, sign * t.weight);
        continue;
      }
      for (const n of t.namespaces) {
        const counts = cache.selectorCountsFor(n, t.selectorKey, t.selector, "affinity");
        addPerNode((node) => counts.count(node), t.topologyKey, sign * t.weight);
      }
    }
  };
  own(pod.preferredAffinityTerms, 1);
  own(pod.preferredAntiAffinityTerms, -1);
  for (const g of cache.scoringAffinityTerms()) {
    const weight = g.kind === "requiredAffinity" ? hardPodAffinityWeight : g.kind === "preferredAffinity" ? g.weight : -g.weight;
    if ((g.kind === "requiredAffinity" && hardPodAffinityWeight <= 0) || !termMatches(g.term, pod, ns)) continue;
    addPerNode((node) => g.count(node), g.term.topologyKey, weight);
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
