/**
 * PodTopologySpread's Score (ScheduleAnyway constraints and the system
 * defaults): fewer matching pods in the node's domains scores higher.
 * Each constraint adds count * log(domains + 2) + (maxSkew - 1); hostname
 * domains are counted on the node itself, others over all nodes.
 */
import type { NodeInfo } from "../../cache/node-info.js";
import type { StateData } from "../../framework/cycle-state.js";
import { MAX_NODE_SCORE } from "../../framework/normalize.js";
import type { PodInfo } from "../../framework/pod-info.js";
import { countMatching, LABEL_HOSTNAME, nodeInclusion, type Constraint } from "./constraints.js";

export class ScoreState implements StateData {
  constructor(
    readonly constraints: Constraint[],
    readonly ignored: Set<string>,
    /** Per constraint (non-hostname): domain value -> matching pods. */
    readonly pairCounts: Map<string, number>[],
    readonly weights: number[],
  ) {}
  clone(): StateData {
    return this;
  }
}

export function computeScoreState(pod: PodInfo, constraints: Constraint[], systemDefaulted: boolean, filtered: readonly NodeInfo[], all: readonly NodeInfo[]): ScoreState {
  const requireAll = !systemDefaulted;
  const ignored = new Set<string>();
  const pairCounts = constraints.map(() => new Map<string, number>());
  const domains = constraints.map(() => new Set<string>());
  for (const node of filtered) {
    const l = node.labels ?? {};
    if (requireAll && constraints.some((c) => l[c.topologyKey] === undefined)) {
      ignored.add(node.name);
      continue;
    }
    constraints.forEach((c, i) => {
      const v = l[c.topologyKey];
      if (v === undefined) return;
      if (c.topologyKey !== LABEL_HOSTNAME) pairCounts[i].set(v, 0);
      domains[i].add(v);
    });
  }
  const weights = constraints.map((c, i) => Math.log((c.topologyKey === LABEL_HOSTNAME ? filtered.length - ignored.size : domains[i].size) + 2));
  const include = nodeInclusion(pod);
  const needAll = constraints.some((c, i) => c.topologyKey !== LABEL_HOSTNAME && pairCounts[i].size > 0);
  if (needAll) {
    for (const node of all) {
      const l = node.labels;
      if (!l || node.pods.length === 0) continue;
      if (requireAll && constraints.some((c) => l[c.topologyKey] === undefined)) continue;
      constraints.forEach((c, i) => {
        if (c.topologyKey === LABEL_HOSTNAME) return;
        const v = l[c.topologyKey];
        const cur = v === undefined ? undefined : pairCounts[i].get(v);
        if (cur === undefined || !include(c, node)) return;
        pairCounts[i].set(v!, cur + countMatching(node, c.selector, pod.namespace));
      });
    }
  }
  return new ScoreState(constraints, ignored, pairCounts, weights);
}

export function scoreNode(s: ScoreState, pod: PodInfo, node: NodeInfo): number {
  if (s.ignored.has(node.name)) return 0;
  const l = node.labels ?? {};
  let score = 0;
  s.constraints.forEach((c, i) => {
    const v = l[c.topologyKey];
    if (v === undefined) return;
    const cnt = c.topologyKey === LABEL_HOSTNAME ? countMatching(node, c.selector, pod.namespace) : (s.pairCounts[i].get(v) ?? 0);
    score += cnt * s.weights[i] + (c.maxSkew - 1);
  });
  return Math.round(score);
}

export function normalize(s: ScoreState, nodes: readonly NodeInfo[], scores: Float64Array): void {
  let min = Infinity;
  let max = 0;
  for (let i = 0; i < scores.length; i++) {
    if (s.ignored.has(nodes[i].name)) continue;
    if (scores[i] < min) min = scores[i];
    if (scores[i] > max) max = scores[i];
  }
  for (let i = 0; i < scores.length; i++) {
    if (s.ignored.has(nodes[i].name)) scores[i] = 0;
    else if (max === 0) scores[i] = MAX_NODE_SCORE;
    else scores[i] = Math.trunc((MAX_NODE_SCORE * (max + min - scores[i])) / max);
  }
}
