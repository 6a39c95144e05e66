/**
 * PodTopologySpread's Score (ScheduleAnyway constraints and the system
 * defaults): fewer matching pods in the node's domains scores higher.
 * Each constraint adds count * log(domains + 2) + (maxSkew - 1); hostname
 * domains are counted on the node itself, others over all nodes — through
 * the cache's label index when the selector has matchLabels, so the cost
 * follows the matching pods, not the cluster size.
 */
import type { SchedulerCache } from "../../cache/cache.js";
import type { NodeInfo } from "../../cache/node-info.js";
import type { StateData } from "../../framework/cycle-state.js";
import { MAX_NODE_SCORE } from "../../framework/normalize.js";
import type { PodInfo } from "../../framework/pod-info.js";
import { countMatching, LABEL_HOSTNAME, nodeInclusion, type Constraint } from "./constraints.js";

export class ScoreState implements StateData {
  constructor(
    readonly constraints: Constraint[],
    readonly ignored: Set<string>,
    /**
     * Per constraint: domain value -> matching pods. For hostname constraints
     * only when counted up front from the label index (else undefined, and
     * each node's pods are counted as it is scored).
     */
    readonly pairCounts: (Map<string, number> | undefined)[],
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

/** The smallest indexed set of pods that may match (undefined: no matchLabels to start from). */
function candidates(cache: SchedulerCache, pod: PodInfo, c: Constraint): ReadonlySet<PodInfo> | undefined {
  let best: ReadonlySet<PodInfo> | undefined;
  for (const [k, v] of c.matchPairs) {
    const set = cache.podsWithLabel(pod.namespace, k, v);
    if (!best || set.size < best.size) best = set;
  }
  return best;
}

/** The cached pods the constraint selects (not terminating), from the label index; undefined without matchLabels to start from. */
function indexedMatches(cache: SchedulerCache, pod: PodInfo, c: Constraint): PodInfo[] | undefined {
  const from = candidates(cache, pod, c);
  if (!from) return undefined;
  const out: PodInfo[] = [];
  for (const p of from) if (!p.pod.metadata?.deletionTimestamp && c.selector(p.labels)) out.push(p);
  return out;
}

export function computeScoreState(pod: PodInfo, constraints: Constraint[], systemDefaulted: boolean, filtered: readonly NodeInfo[], cache: SchedulerCache): ScoreState {
  const requireAll = !systemDefaulted;
  const ignored = new Set<string>();
  const pairCounts: (Map<string, number> | undefined)[] = constraints.map(() => new Map<string, number>());
  const domains = constraints.map(() => new Set<string>());
  for (const node of filtered) {
    const l = node.labels ?? {};
    if (requireAll && !hasKeys(l, constraints)) {
      ignored.add(node.name);
      continue;
    }
    for (let i = 0; i < constraints.length; i++) {
      const v = l[constraints[i].topologyKey];
      if (v === undefined) continue;
      if (constraints[i].topologyKey !== LABEL_HOSTNAME) pairCounts[i]!.set(v, 0);
      domains[i].add(v);
    }
  }
  const weights = constraints.map((c, i) => Math.log((c.topologyKey === LABEL_HOSTNAME ? filtered.length - ignored.size : domains[i].size) + 2));
  const include = nodeInclusion(pod);
  const counted = (c: Constraint, node: NodeInfo | undefined) => !!node && (!requireAll || hasKeys(node.labels, constraints)) && include(c, node);
  for (let i = 0; i < constraints.length; i++) {
    const c = constraints[i];
    const counts = pairCounts[i]!;
    if (c.topologyKey === LABEL_HOSTNAME) {
      pairCounts[i] = countPerNode(cache, pod, c);
      continue;
    }
    if (counts.size === 0) continue;
    const matching = indexedMatches(cache, pod, c);
    if (matching) {
      for (const p of matching) {
        const node = cache.nodeInfo(cache.nodeOfPod(p.key) ?? "");
        const v = node?.labels?.[c.topologyKey];
        const cur = v === undefined ? undefined : counts.get(v);
        if (cur !== undefined && counted(c, node)) counts.set(v!, cur + 1);
      }
      continue;
    }
    for (const node of cache.nodeList()) {
      if (node.pods.length === 0) continue;
      const v = node.labels?.[c.topologyKey];
      const cur = v === undefined ? undefined : counts.get(v);
      if (cur === undefined || !counted(c, node)) continue;
      counts.set(v!, cur + countMatching(node, c.selector, pod.namespace));
    }
  }
  return new ScoreState(constraints, ignored, pairCounts, weights);
}

/**
 * Matching pods per node, from the label index: what countMatching would
 * find on each node, paid once per pod instead of once per scored node.
 * Undefined when the selector has no matchLabels to start from.
 */
function countPerNode(cache: SchedulerCache, pod: PodInfo, c: Constraint): Map<string, number> | undefined {
  const matching = indexedMatches(cache, pod, c);
  if (!matching) return undefined;
  const counts = new Map<string, number>();
  for (const p of matching) {
    const node = cache.nodeOfPod(p.key);
    if (node) counts.set(node, (counts.get(node) ?? 0) + 1);
  }
  return counts;
}

export function scoreNode(s: ScoreState, pod: PodInfo, node: NodeInfo): number {
  if (s.ignored.has(node.name)) return 0;
  const l = node.labels ?? {};
  let score = 0;
  for (let i = 0; i < s.constraints.length; i++) {
    const c = s.constraints[i];
    const v = l[c.topologyKey];
    if (v === undefined) continue;
    const counts = s.pairCounts[i];
    const cnt = counts === undefined ? countMatching(node, c.selector, pod.namespace) : (c.topologyKey === LABEL_HOSTNAME ? counts.get(node.name) : counts.get(v)) ?? 0;
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
