/**
 * Matching pods per node for one namespace and label selector, kept up to
 * date by the cache as it places and removes pods. PodTopologySpread reads
 * a node's count, or sums a domain's, without visiting pods: a scheduling
 * cycle then costs what the nodes cost, however many pods are placed.
 *
 * A pod counts as upstream's countPodsMatchSelector counts it: in the
 * namespace, not terminating, matched by the selector; an empty selector
 * (one that matches everything) counts nothing.
 */
import { matchEverything, type LabelMatcher } from "../framework/labels.js";
import type { PodInfo } from "../framework/pod-info.js";

export class SelectorCounts {
  /** Node name -> matching pods on it; nodes without any are absent. */
  private readonly perNode = new Map<string, number>();
  private readonly countsNothing: boolean;

  constructor(
    readonly namespace: string,
    readonly selector: LabelMatcher,
  ) {
    this.countsNothing = selector === matchEverything;
  }

  /** Whether pi is one of the pods counted. */
  matches(pi: PodInfo): boolean {
    return !this.countsNothing && pi.namespace === this.namespace && !pi.pod.metadata?.deletionTimestamp && this.selector(pi.labels);
  }

  /** The cache placed (1) or removed (-1) pi on the node. */
  update(pi: PodInfo, nodeName: string, sign: 1 | -1): void {
    if (!this.matches(pi)) return;
    const n = (this.perNode.get(nodeName) ?? 0) + sign;
    if (n === 0) this.perNode.delete(nodeName);
    else this.perNode.set(nodeName, n);
  }

  /** Matching pods on the node. */
  count(nodeName: string): number {
    return this.perNode.get(nodeName) ?? 0;
  }

  /** Nodes holding matching pods, with their counts (never mutate). */
  nodes(): ReadonlyMap<string, number> {
    return this.perNode;
  }
}

/**
 * A stable text for a label selector: the same selector always gives the
 * same key, whatever the order of its matchLabels.
 */
export function selectorKey(sel: { matchLabels?: Readonly<Record<string, string>>; matchExpressions?: readonly { key: string; operator: string; values?: readonly string[] }[] } | undefined | null): string {
  if (!sel) return "nil";
  const labels = Object.entries(sel.matchLabels ?? {}).sort((a, b) => (a[0] < b[0] ? -1 : a[0] > b[0] ? 1 : 0));
  const exprs = (sel.matchExpressions ?? []).map((r) => [r.key, r.operator, r.values ?? []]);
  return JSON.stringify([labels, exprs]);
}
