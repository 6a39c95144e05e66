/**
 * PodTopologySpread's Score (ScheduleAnyway constraints and the system
 * defaults): fewer matching pods in the node's domains scores higher.
 * Each constraint adds count * log(domains + 2) + (maxSkew - 1). Counts
 * come from the cache's per-node counts of the constraint's selector, so a
 * cycle costs what the nodes cost, not what the pods placed so far cost:
 * a hostname domain reads its node's count, another domain sums its nodes'.
 */
import type { SchedulerCache } from "../../cache/cache.js";
import type { NodeInfo } from "../../cache/node-info.js";
import type { SelectorCounts } from "../../cache/selector-counts.js";
import type { StateData } from "../../framework/cycle-state.js";
import { MAX_NODE_SCORE } from "../../framework/normalize.js";
import type { PodInfo } from "../../framework/pod-info.js";
import { LABEL_HOSTNAME, nodeInclusion, type Constraint } from "./constraints.js";

export class ScoreState implements StateData {
  constructor(
    readonly constraints: Constraint[],
    readonly ignored: Set<string>,
    /** Per constraint: matching pods per node. */
    readonly perNode: SelectorCounts[],
    /** Per constraint but hostname ones: domain value -> matching pods (undefined when no scored node carries the key). */
    readonly perDomain: (Map<string, number> | undefined)[],
    readonly weights: number[],
  ) {}
  clone(): StateData {
    return this;
  }
}

function hasKeys(labels: Readonly<Record<string, string>> | undefined, constraints: Constraint[]): boolean {
  if (!labels) return false;
  for (const c of constraints) if (labels[c.topologyKey] === undefined) return false;
  return true;
}

/**
 * As upstream's initPreScoreState and PreScore: the domains are those of
 * the scored nodes (a node without the key is in domain "" — it weighs in
 * the domain count, though Score skips the constraint for it), and a
 * domain's pods are counted over every node in it that passes the
 * constraint's node inclusion policies.
 */
export function computeScoreState(pod: PodInfo, constraints: Constraint[], systemDefaulted: boolean, filtered: readonly NodeInfo[], cache: SchedulerCache): ScoreState {
  const requireAll = !systemDefaulted;
  const ignored = new Set<string>();
  const domains: (Map<string, number> | undefined)[] = constraints.map((c) => (c.topologyKey === LABEL_HOSTNAME ? undefined : new Map<string, number>()));
  // Whether a scored node carries the key: only then does Score read a domain count.
  const labeled = constraints.map(() => false);
  for (const node of filtered) {
    const l = node.labels;
    if (requireAll && !hasKeys(l, constraints)) {
      ignored.add(node.name);
      continue;
    }
    for (let i = 0; i < constraints.length; i++) {
      const d = domains[i];
      if (!d) continue;
      const v = l?.[constraints[i].topologyKey];
      if (v !== undefined) labeled[i] = true;
      d.set(v ?? "", 0);
    }
  }
  const weights = constraints.map((c, i) => Math.log((domains[i]?.size ?? filtered.length - ignored.size) + 2));
  const perNode = constraints.map((c) => cache.selectorCountsFor(pod.namespace, c.selectorKey, c.selector));
  const include = nodeInclusion(pod);
  const perDomain: (Map<string, number> | undefined)[] = constraints.map(() => undefined);
  for (let i = 0; i < constraints.length; i++) {
    const counts = domains[i];
    if (!counts || !labeled[i]) continue;
    const c = constraints[i];
    for (const node of cache.nodeList()) {
      const n = perNode[i].count(node);
      if (n === 0 || (requireAll && !hasKeys(node.labels, constraints)) || !include(c, node)) continue;
      const v = node.labels?.[c.topologyKey] ?? "";
      const cur = counts.get(v);
      if (cur !== undefined) counts.set(v, cur + n);
    }
    perDomain[i] = counts;
  }
  return new ScoreState(constraints, ignored, perNode, perDomain, weights);
}

export function scoreNode(s: ScoreState, node: NodeInfo): number {
  if (s.ignored.size > 0 && s.ignored.has(node.name)) return 0;
  const l = node.labels;
  if (!l) return 0;
  let score = 0;
  for (let i = 0; i < s.constraints.length; i++) {
    const c = s.constraints[i];
    const v = l[c.topologyKey];
    if (v === undefined) continue;
    const cnt = c.topologyKey === LABEL_HOSTNAME ? s.perNode[i].count(node) : (s.perDomain[i]?.get(v) ?? 0);
    score += cnt * s.weights[i] + (c.maxSkew - 1);
  }
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
