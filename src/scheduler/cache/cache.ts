/**
 * The scheduler's view of the cluster (upstream's internal cache): node
 * infos fed by the node and assigned-pod informers, plus assumed pods — a
 * pod is assumed onto its chosen node when binding starts, so the next
 * cycle already sees its resources; the informer's add confirms it, a
 * failed binding forgets it, and with a TTL an assumed pod whose binding
 * finished but never showed up expires.
 *
 * Scheduling runs on one thread, one pod at a time, and each cycle's
 * filter and score steps are synchronous: the cache cannot change under a
 * cycle, so it serves as its own snapshot.
 */
import type { Clock } from "../../util/clock.js";
import type { LabelMatcher } from "../framework/labels.js";
import { newPodInfo, podKey, type PodInfo } from "../framework/pod-info.js";
import type { Node, Pod } from "../framework/types.js";
import { AffinityTermIndex, type AffinityTermGroup } from "./affinity-terms.js";
import { NodeInfo } from "./node-info.js";
import { SelectorCounts, type SelectorUse } from "./selector-counts.js";

interface PodState {
  info: PodInfo;
  nodeName: string;
  assumed: boolean;
  /** When an assumed pod whose binding finished expires; undefined while binding. */
  deadline?: number;
}

export interface SchedulerCacheOptions {
  clock: Clock;
  /** How long an assumed pod may wait for its informer add after binding; 0 = forever (upstream's default). */
  assumedPodTTLMs?: number;
}

export class SchedulerCache {
  private readonly nodes = new Map<string, NodeInfo>();
  /** Slots of node infos dropped, for reuse; slots in use are 0 .. nodes.size + freeSlots.length - 1. */
  private readonly freeSlots: number[] = [];
  /** Node infos whose Node is known, in a stable order; index kept in listIndex. */
  private readonly list: NodeInfo[] = [];
  private readonly listIndex = new Map<NodeInfo, number>();
  private readonly pods = new Map<string, PodState>();
  private readonly clock: Clock;
  private readonly ttl: number;
  /** Pods by "namespace\0key=value" for each of their labels: spreading counts matching pods without visiting every node. */
  private readonly byLabel = new Map<string, Set<PodInfo>>();
  /**
   * Pods with required anti-affinity, indexed by one matchLabels pair of each
   * term ("key=value"): an incoming pod can only match terms indexed under
   * its own labels. Terms without matchLabels go to antiAffinityUnindexed.
   */
  private readonly antiAffinityByPair = new Map<string, Set<PodInfo>>();
  private readonly antiAffinityUnindexed = new Set<PodInfo>();
  /** Per-node counts by "namespace\0selector key", least recently used first. */
  private readonly selectorCounts = new Map<string, SelectorCounts>();
  /** The same counts by namespace, for the pods placed and removed there. */
  private readonly selectorCountsByNamespace = new Map<string, SelectorCounts[]>();
  /** The cached pods' scoring affinity terms, grouped, with their pods per node. */
  private readonly scoringTerms = new AffinityTermIndex();
  /** Pods in the cache with any (anti-)affinity term; plugins skip work while zero. */
  podsWithAffinity = 0;
  podsWithRequiredAntiAffinity = 0;
  /** Pods with terms that score (required affinity, preferred affinity or anti-affinity). */
  podsWithScoringAffinity = 0;

  constructor(opts: SchedulerCacheOptions) {
    this.clock = opts.clock;
    this.ttl = opts.assumedPodTTLMs ?? 0;
  }

  /** Nodes that exist, in a stable order (never mutate the array). */
  nodeList(): readonly NodeInfo[] {
    return this.list;
  }

  nodeInfo(name: string): NodeInfo | undefined {
    const ni = this.nodes.get(name);
    return ni?.node ? ni : undefined;
  }

  addNode(node: Node): void {
    const name = node.metadata!.name!;
    let ni = this.nodes.get(name);
    if (!ni) ni = this.newNodeInfo(name);
    ni.setNode(node);
    if (!this.listIndex.has(ni)) {
      this.listIndex.set(ni, this.list.length);
      this.list.push(ni);
    }
  }

  updateNode(node: Node): void {
    this.addNode(node);
  }

  removeNode(node: Node): void {
    const ni = this.nodes.get(node.metadata!.name!);
    if (!ni) return;
    const i = this.listIndex.get(ni);
    if (i !== undefined) {
      const last = this.list.pop()!;
      if (last !== ni) {
        this.list[i] = last;
        this.listIndex.set(last, i);
      }
      this.listIndex.delete(ni);
    }
    ni.node = undefined;
    // Pods may still point at a deleted node until their own deletes arrive.
    if (ni.pods.length === 0) this.dropNodeInfo(ni);
  }

  /** Assumes a pod (already carrying spec.nodeName) onto its node. */
  assumePod(info: PodInfo): void {
    if (this.pods.has(info.key)) throw new Error(`pod ${info.key} is in the cache, so can't be assumed`);
    this.place(info, info.pod.spec!.nodeName!);
    this.pods.set(info.key, { info, nodeName: info.pod.spec!.nodeName!, assumed: true });
  }

  /** Binding finished: start the assumed pod's expiry clock. */
  finishBinding(key: string): void {
    const st = this.pods.get(key);
    if (st?.assumed && this.ttl > 0) st.deadline = this.clock.now() + this.ttl;
  }

  /** Drops an assumed pod (its binding failed). */
  forgetPod(key: string): void {
    const st = this.pods.get(key);
    if (!st?.assumed) return;
    this.unplace(st);
    this.pods.delete(key);
  }

  isAssumed(key: string): boolean {
    return this.pods.get(key)?.assumed === true;
  }

  /** The informer saw a bound pod: confirms an assumed one or adds it. */
  addPod(pod: Pod): void {
    const key = podKey(pod);
    const st = this.pods.get(key);
    const info = newPodInfo(pod);
    if (st) {
      // Confirmed (or re-added): replace what we assumed with what the server says.
      this.unplace(st);
    }
    this.place(info, pod.spec!.nodeName!);
    this.pods.set(key, { info, nodeName: pod.spec!.nodeName!, assumed: false });
  }

  updatePod(pod: Pod): void {
    this.addPod(pod);
  }

  removePod(pod: Pod): void {
    const key = podKey(pod);
    const st = this.pods.get(key);
    if (!st) return;
    this.unplace(st);
    this.pods.delete(key);
  }

  /** Pods (bound or assumed) in the namespace carrying label key=value. Never mutate the set. */
  podsWithLabel(namespace: string, key: string, value: string): ReadonlySet<PodInfo> {
    return this.byLabel.get(labelKey(namespace, key, value)) ?? NO_PODS;
  }

  /**
   * Matching pods per node for a selector in a namespace (as spreading or
   * pod affinity counts them): counted over the cached pods on first use,
   * then kept up to date on every place and remove. key names the selector
   * (equal keys, equal selectors). The least recently used counts are
   * dropped beyond MAX_SELECTOR_COUNTS, so that the selectors of workloads
   * gone cost nothing.
   */
  selectorCountsFor(namespace: string, key: string, selector: LabelMatcher, use: SelectorUse = "spreading"): SelectorCounts {
    const k = `${use}\0${namespace}\0${key}`;
    let sc = this.selectorCounts.get(k);
    if (sc) {
      // Most recently used goes last.
      this.selectorCounts.delete(k);
      this.selectorCounts.set(k, sc);
      return sc;
    }
    sc = new SelectorCounts(namespace, selector, use);
    for (const st of this.pods.values()) sc.update(st.info, this.nodes.get(st.nodeName)!.slot, 1);
    this.selectorCounts.set(k, sc);
    let list = this.selectorCountsByNamespace.get(namespace);
    if (!list) this.selectorCountsByNamespace.set(namespace, (list = []));
    list.push(sc);
    if (this.selectorCounts.size > MAX_SELECTOR_COUNTS) {
      const [oldKey, old] = this.selectorCounts.entries().next().value!;
      this.selectorCounts.delete(oldKey);
      const same = this.selectorCountsByNamespace.get(old.namespace)!;
      same.splice(same.indexOf(old), 1);
      if (same.length === 0) this.selectorCountsByNamespace.delete(old.namespace);
    }
    return sc;
  }

  /** Cached pods whose required anti-affinity may select a pod with these labels (a superset; callers check the terms). */
  antiAffinityCandidates(labels: Readonly<Record<string, string>> | undefined): Set<PodInfo> {
    const out = new Set<PodInfo>(this.antiAffinityUnindexed);
    for (const k in labels ?? {}) for (const p of this.antiAffinityByPair.get(`${k}=${labels![k]}`) ?? NO_PODS) out.add(p);
    return out;
  }

  podCount(): number {
    return this.pods.size;
  }

  /** The cached pods' scoring affinity terms, grouped by what they say (never mutate). */
  scoringAffinityTerms(): Iterable<AffinityTermGroup> {
    return this.scoringTerms.all();
  }

  /** Expires assumed pods whose binding finished more than the TTL ago. */
  cleanupAssumedPods(): void {
    const now = this.clock.now();
    for (const [key, st] of this.pods) {
      if (st.assumed && st.deadline !== undefined && now >= st.deadline) {
        this.unplace(st);
        this.pods.delete(key);
      }
    }
  }

  private newNodeInfo(name: string): NodeInfo {
    const ni = new NodeInfo(name, this.freeSlots.pop() ?? this.nodes.size);
    this.nodes.set(name, ni);
    return ni;
  }

  /** Forgets a node info without a Node or pods; its slot (all its counts zero) goes to the next one. */
  private dropNodeInfo(ni: NodeInfo): void {
    this.nodes.delete(ni.name);
    this.freeSlots.push(ni.slot);
  }

  private place(info: PodInfo, nodeName: string): void {
    let ni = this.nodes.get(nodeName);
    if (!ni) ni = this.newNodeInfo(nodeName);
    ni.addPod(info);
    const counts = this.selectorCountsByNamespace.get(info.namespace);
    if (counts) for (const sc of counts) sc.update(info, ni.slot, 1);
    for (const k in info.labels ?? {}) {
      const lk = labelKey(info.namespace, k, info.labels![k]);
      let set = this.byLabel.get(lk);
      if (!set) this.byLabel.set(lk, (set = new Set()));
      set.add(info);
    }
    if (hasAffinity(info)) this.podsWithAffinity++;
    if (hasScoringAffinity(info)) {
      this.podsWithScoringAffinity++;
      this.scoringTerms.update(info, ni.slot, 1);
    }
    if (info.requiredAntiAffinityTerms.length) {
      this.podsWithRequiredAntiAffinity++;
      for (const t of info.requiredAntiAffinityTerms) {
        if (t.matchPairs.length === 0) {
          this.antiAffinityUnindexed.add(info);
          continue;
        }
        const pk = `${t.matchPairs[0][0]}=${t.matchPairs[0][1]}`;
        let set = this.antiAffinityByPair.get(pk);
        if (!set) this.antiAffinityByPair.set(pk, (set = new Set()));
        set.add(info);
      }
    }
  }

  private unplace(st: PodState): void {
    const ni = this.nodes.get(st.nodeName);
    for (const k in st.info.labels ?? {}) {
      const lk = labelKey(st.info.namespace, k, st.info.labels![k]);
      const set = this.byLabel.get(lk);
      if (set?.delete(st.info) && set.size === 0) this.byLabel.delete(lk);
    }
    if (ni?.removePod(st.info.key)) {
      const counts = this.selectorCountsByNamespace.get(st.info.namespace);
      if (counts) for (const sc of counts) sc.update(st.info, ni.slot, -1);
      if (hasAffinity(st.info)) this.podsWithAffinity--;
      if (hasScoringAffinity(st.info)) {
        this.podsWithScoringAffinity--;
        this.scoringTerms.update(st.info, ni.slot, -1);
      }
      if (st.info.requiredAntiAffinityTerms.length) {
        this.podsWithRequiredAntiAffinity--;
        this.antiAffinityUnindexed.delete(st.info);
        for (const t of st.info.requiredAntiAffinityTerms) {
          if (t.matchPairs.length === 0) continue;
          const pk = `${t.matchPairs[0][0]}=${t.matchPairs[0][1]}`;
          const set = this.antiAffinityByPair.get(pk);
          if (set?.delete(st.info) && set.size === 0) this.antiAffinityByPair.delete(pk);
        }
      }
      if (!ni.node && ni.pods.length === 0) this.dropNodeInfo(ni);
    }
  }
}

const NO_PODS: ReadonlySet<PodInfo> = new Set();

/** Selectors whose per-node counts the cache keeps; a workload uses one or two. */
export const MAX_SELECTOR_COUNTS = 128;

function labelKey(namespace: string, key: string, value: string): string {
  return `${namespace}\0${key}=${value}`;
}

function hasScoringAffinity(pi: PodInfo): boolean {
  return pi.requiredAffinityTerms.length + pi.preferredAffinityTerms.length + pi.preferredAntiAffinityTerms.length > 0;
}

function hasAffinity(pi: PodInfo): boolean {
  return pi.requiredAffinityTerms.length + pi.requiredAntiAffinityTerms.length + pi.preferredAffinityTerms.length + pi.preferredAntiAffinityTerms.length > 0;
}
