/**
 * The scoring pod-affinity terms of the cached pods (required affinity,
 * preferred affinity and anti-affinity), grouped by what they say, with
 * the pods carrying each group per node. InterPodAffinity's PreScore asks
 * once per group whether its term selects the incoming pod, then adds the
 * group's weight for each such pod on a node: a cycle costs groups times
 * nodes, not every pod with affinity (the replicas of one workload share
 * their terms).
 */
import type { AffinityTerm, PodInfo } from "../framework/pod-info.js";
import type { NodeInfo } from "./node-info.js";

export type ScoringTermKind = "requiredAffinity" | "preferredAffinity" | "preferredAntiAffinity";

export class AffinityTermGroup {
  /** Pods carrying the term by node slot (NodeInfo.slot). */
  private readonly perSlot: number[] = [];
  pods = 0;

  constructor(
    readonly kind: ScoringTermKind,
    /** The term as the first pod of the group compiled it (every pod's is equal). */
    readonly term: AffinityTerm,
    /** The preferred term's weight (0 for required affinity). */
    readonly weight: number,
  ) {}

  update(slot: number, sign: 1 | -1): void {
    const a = this.perSlot;
    while (a.length <= slot) a.push(0);
    a[slot] += sign;
    this.pods += sign;
  }

  /** Pods on the node carrying the term. */
  count(node: NodeInfo): number {
    return node.slot < this.perSlot.length && node.slot >= 0 ? this.perSlot[node.slot] : 0;
  }
}

export class AffinityTermIndex {
  private readonly groups = new Map<string, AffinityTermGroup>();

  /** The cache placed (1) or removed (-1) pi on the node in this slot. */
  update(pi: PodInfo, slot: number, sign: 1 | -1): void {
    for (const t of pi.requiredAffinityTerms) this.updateTerm("requiredAffinity", t, 0, slot, sign);
    for (const t of pi.preferredAffinityTerms) this.updateTerm("preferredAffinity", t, t.weight, slot, sign);
    for (const t of pi.preferredAntiAffinityTerms) this.updateTerm("preferredAntiAffinity", t, t.weight, slot, sign);
  }

  /** Every group with pods (never mutate). */
  all(): Iterable<AffinityTermGroup> {
    return this.groups.values();
  }

  private updateTerm(kind: ScoringTermKind, term: AffinityTerm, weight: number, slot: number, sign: 1 | -1): void {
    const key = `${kind} ${weight} ${term.signature}`;
    let g = this.groups.get(key);
    if (!g) {
      if (sign < 0) return;
      this.groups.set(key, (g = new AffinityTermGroup(kind, term, weight)));
    }
    g.update(slot, sign);
    if (g.pods === 0) this.groups.delete(key);
  }
}
