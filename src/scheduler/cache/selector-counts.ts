/**
 * Matching pods per node for one namespace and label selector, kept up to
 * date by the cache as it places and removes pods. PodTopologySpread reads
 * a node's count, or sums a domain's, without visiting pods: a scheduling
 * cycle then costs what the nodes cost, however many pods are placed.
 *
 * For spreading, a pod counts as upstream's countPodsMatchSelector counts
 * it: in the namespace, not terminating, matched by the selector; an empty
 * selector (one that matches everything) counts nothing. For pod affinity
 * terms, every pod in the namespace the selector matches counts.
 */
import { matchEverything, type LabelMatcher } from "../framework/labels.js";
import type { PodInfo } from "../framework/pod-info.js";
import type { NodeInfo } from "./node-info.js";

/** Which pods count: topology spreading's or pod affinity's. */
export type SelectorUse = "spreading" | "affinity";

export class SelectorCounts {
  /** Matching pods by node slot (NodeInfo.slot): read for hundreds of nodes per cycle, so an array, not a map. */
  private readonly perSlot: number[] = [];
  private readonly countsNothing: boolean;

  constructor(
    readonly namespace: string,
    readonly selector: LabelMatcher,
    readonly use: SelectorUse,
  ) {
    this.countsNothing = use === "spreading" && selector === matchEverything;
  }

  /** Whether pi is one of the pods counted. */
  matches(pi: PodInfo): boolean {
    if (this.countsNothing || pi.namespace !== this.namespace) return false;
    if (this.use === "spreading" && pi.pod.metadata?.deletionTimestamp) return false;
    return this.selector(pi.labels);
  }

  /** The cache placed (1) or removed (-1) pi on the node in this slot. */
  update(pi: PodInfo, slot: number, sign: 1 | -1): void {
    if (!this.matches(pi)) return;
    const a = this.perSlot;
    // Filled with zeros up to the slot: a packed array stays fast to index.
    while (a.length <= slot) a.push(0);
    a[slot] += sign;
  }

  /** Matching pods on the node (a node info of the cache that counts). */
  count(node: NodeInfo): number {
    return node.slot < this.perSlot.length && node.slot >= 0 ? this.perSlot[node.slot] : 0;
  }
}
