/**
 * PodTopologySpread's verdicts and scores, from the cache's per-node
 * selector counts, against a direct count as upstream does it (every
 * node's pods matched per cycle), on seeded random clusters that change
 * between pods: pods placed, assumed, forgotten, relabelled, terminating
 * and removed; nodes added and removed.
 */
import assert from "node:assert/strict";
import { describe, it } from "node:test";
import type { Lister } from "../../../client/types.js";
import type { SchedulerCache } from "../../cache/cache.js";
import type { NodeInfo } from "../../cache/node-info.js";
import { CycleState } from "../../framework/cycle-state.js";
import type { Handle } from "../../framework/interfaces.js";
import { matchEverything, type LabelMatcher } from "../../framework/labels.js";
import { MAX_NODE_SCORE } from "../../framework/normalize.js";
import { newPodInfo, withNodeName, type PodInfo } from "../../framework/pod-info.js";
import type { LabelSelector, Node, Pod, TopologySpreadConstraint } from "../../framework/types.js";
import { cacheOf, makeNode, makePod, testHandle } from "../../testing/builders.js";
import { LABEL_HOSTNAME, LABEL_ZONE, nodeInclusion, ownConstraints, scoringConstraints, type Constraint } from "./constraints.js";
import { create } from "./pod-topology-spread.js";
import { seededRandom as rng } from "../../../util/seeded-random.js";


// ---- the reference: upstream's counting, over every node's pods ----

/** Upstream's countPodsMatchSelector: nothing for an empty selector. */
function countPods(node: NodeInfo, selector: LabelMatcher, ns: string): number {
  if (selector === matchEverything) return 0;
  let n = 0;
  for (const p of node.pods) if (!p.pod.metadata?.deletionTimestamp && p.namespace === ns && selector(p.labels)) n++;
  return n;
}

const hasKeys = (l: Readonly<Record<string, string>> | undefined, cs: Constraint[]) => !!l && cs.every((c) => l[c.topologyKey] !== undefined);

function referenceFilter(cache: SchedulerCache, pod: PodInfo): string[] | "skip" {
  const cs = ownConstraints(pod, "DoNotSchedule");
  if (cs.length === 0) return "skip";
  const include = nodeInclusion(pod);
  const counts = cs.map(() => new Map<string, number>());
  for (const node of cache.nodeList()) {
    if (!hasKeys(node.labels, cs)) continue;
    cs.forEach((c, i) => {
      if (!include(c, node)) return;
      const v = node.labels![c.topologyKey];
      counts[i].set(v, (counts[i].get(v) ?? 0) + countPods(node, c.selector, pod.namespace));
    });
  }
  return cache.nodeList().map((node) => {
    for (let i = 0; i < cs.length; i++) {
      const v = node.labels?.[cs[i].topologyKey];
      if (v === undefined) return "missing label";
      const min = counts[i].size < cs[i].minDomains ? 0 : Math.min(...counts[i].values());
      const skew = (counts[i].get(v) ?? 0) + (cs[i].selector(pod.labels) ? 1 : 0) - min;
      if (skew > cs[i].maxSkew) return "skew";
    }
    return "ok";
  });
}

function referenceScores(cache: SchedulerCache, pod: PodInfo, handle: Handle, filtered: NodeInfo[]): number[] | "skip" {
  const { constraints: cs, systemDefaulted } = scoringConstraints(pod, handle);
  if (cs.length === 0 || filtered.length === 0) return "skip";
  const requireAll = !systemDefaulted;
  const ignored = new Set<string>();
  // Per constraint, as upstream's TopologyValueToPodCounts.
  const pairs = cs.map(() => new Map<string, number>());
  for (const node of filtered) {
    if (requireAll && !hasKeys(node.labels, cs)) {
      ignored.add(node.name);
      continue;
    }
    cs.forEach((c, i) => {
      if (c.topologyKey !== LABEL_HOSTNAME) pairs[i].set(node.labels?.[c.topologyKey] ?? "", 0);
    });
  }
  const weights = cs.map((c, i) => Math.log((c.topologyKey === LABEL_HOSTNAME ? filtered.length - ignored.size : pairs[i].size) + 2));
  const include = nodeInclusion(pod);
  for (const node of cache.nodeList()) {
    if (requireAll && !hasKeys(node.labels, cs)) continue;
    cs.forEach((c, i) => {
      const v = node.labels?.[c.topologyKey] ?? "";
      if (!include(c, node) || c.topologyKey === LABEL_HOSTNAME || !pairs[i].has(v)) return;
      pairs[i].set(v, pairs[i].get(v)! + countPods(node, c.selector, pod.namespace));
    });
  }
  const raw = filtered.map((node) => {
    if (ignored.has(node.name)) return 0;
    let score = 0;
    cs.forEach((c, i) => {
      const v = node.labels?.[c.topologyKey];
      if (v === undefined) return;
      const cnt = c.topologyKey === LABEL_HOSTNAME ? countPods(node, c.selector, pod.namespace) : pairs[i].get(v)!;
      score += cnt * weights[i] + (c.maxSkew - 1);
    });
    return Math.round(score);
  });
  let min = Infinity;
  let max = 0;
  raw.forEach((s, i) => {
    if (ignored.has(filtered[i].name)) return;
    min = Math.min(min, s);
    max = Math.max(max, s);
  });
  return raw.map((s, i) => (ignored.has(filtered[i].name) ? 0 : max === 0 ? MAX_NODE_SCORE : Math.trunc((MAX_NODE_SCORE * (max + min - s)) / max)));
}

// ---- random clusters ----

const APPS = ["web", "db", "cache"];
const TIERS = ["fe", "be"];
const NAMESPACES = ["default", "other"];
const ZONES = ["a", "b", "c", ""];

function randomNode(r: () => number, name: string): Node {
  const labels: Record<string, string> = {};
  if (r() < 0.85) labels[LABEL_ZONE] = ZONES[Math.floor(r() * ZONES.length)];
  if (r() < 0.5) labels.disk = "ssd";
  const taints = r() < 0.2 ? [{ key: "dedicated", value: "x", effect: "NoSchedule" }] : undefined;
  return makeNode(name, { labels, taints });
}

function randomLabels(r: () => number): Record<string, string> {
  const l: Record<string, string> = {};
  if (r() < 0.9) l.app = APPS[Math.floor(r() * APPS.length)];
  if (r() < 0.6) l.tier = TIERS[Math.floor(r() * TIERS.length)];
  return l;
}

function randomSelector(r: () => number): LabelSelector | undefined {
  const x = r();
  const app = APPS[Math.floor(r() * APPS.length)];
  if (x < 0.4) return { matchLabels: { app } };
  if (x < 0.6) return { matchExpressions: [{ key: "app", operator: "In", values: [app, "db"] }] };
  if (x < 0.7) return { matchLabels: { app }, matchExpressions: [{ key: "tier", operator: "NotIn", values: ["be"] }] };
  if (x < 0.8) return {};
  if (x < 0.9) return { matchExpressions: [{ key: "tier", operator: "Exists" }] };
  return undefined;
}

function randomConstraint(r: () => number): TopologySpreadConstraint {
  return {
    maxSkew: 1 + Math.floor(r() * 3),
    topologyKey: r() < 0.5 ? LABEL_HOSTNAME : LABEL_ZONE,
    whenUnsatisfiable: r() < 0.5 ? "DoNotSchedule" : "ScheduleAnyway",
    labelSelector: randomSelector(r),
    minDomains: r() < 0.2 ? 4 : undefined,
    nodeAffinityPolicy: r() < 0.3 ? "Ignore" : undefined,
    nodeTaintsPolicy: r() < 0.3 ? "Honor" : undefined,
    matchLabelKeys: r() < 0.2 ? ["tier"] : undefined,
  };
}

const replicaSet = { metadata: { name: "rs", namespace: "default" }, spec: { selector: { matchLabels: { app: "web" } } } };
const service = { metadata: { name: "svc", namespace: "default" }, spec: { selector: { tier: "fe" } } };
const listers = {
  replicaSets: { get: (ns: string | undefined, name: string) => (ns === "default" && name === "rs" ? replicaSet : undefined), list: () => [replicaSet], byIndex: () => [] } as unknown as Lister,
  services: { get: () => undefined, list: (ns?: string) => (ns === "default" ? [service] : []), byIndex: () => [] } as unknown as Lister,
};

function randomIncoming(r: () => number, i: number): Pod {
  const ns = NAMESPACES[Math.floor(r() * NAMESPACES.length)];
  const pod = makePod(`incoming-${i}`, { namespace: ns, labels: randomLabels(r), nodeSelector: r() < 0.2 ? { disk: "ssd" } : undefined });
  if (r() < 0.6) pod.spec!.topologySpreadConstraints = Array.from({ length: 1 + Math.floor(r() * 2) }, () => randomConstraint(r));
  else if (r() < 0.7) pod.metadata!.ownerReferences = [{ apiVersion: "apps/v1", kind: "ReplicaSet", name: "rs", uid: "u", controller: true }];
  return pod;
}

/** One random change to the cluster. */
function mutate(r: () => number, cache: SchedulerCache, bound: Map<string, Pod>, state: { nodes: number; pods: number }): void {
  const x = r();
  const nodeNames = cache.nodeList().map((n) => n.name);
  const pick = <T>(xs: T[]) => xs[Math.floor(r() * xs.length)];
  if (x < 0.45 && nodeNames.length) {
    const p = makePod(`p${state.pods++}`, { namespace: pick(NAMESPACES), labels: randomLabels(r), nodeName: pick(nodeNames) });
    bound.set(`${p.metadata!.namespace}/${p.metadata!.name}`, p);
    cache.addPod(p);
  } else if (x < 0.55 && bound.size) {
    const key = pick([...bound.keys()]);
    cache.removePod(bound.get(key)!);
    bound.delete(key);
  } else if (x < 0.65 && bound.size) {
    const key = pick([...bound.keys()]);
    const old = bound.get(key)!;
    const changed: Pod = r() < 0.5 ? { ...old, metadata: { ...old.metadata, deletionTimestamp: "2024-01-01T00:00:00Z" } } : { ...old, metadata: { ...old.metadata, labels: randomLabels(r) } };
    bound.set(key, changed);
    cache.updatePod(changed);
  } else if (x < 0.75 && nodeNames.length) {
    const info = withNodeName(newPodInfo(makePod(`a${state.pods++}`, { labels: randomLabels(r) })), pick(nodeNames));
    cache.assumePod(info);
    if (r() < 0.5) cache.forgetPod(info.key);
  } else if (x < 0.8 && nodeNames.length > 3) {
    cache.removeNode(cache.nodeInfo(pick(nodeNames))!.node!);
  } else {
    cache.addNode(randomNode(r, `n${state.nodes++}`));
  }
}

function run(seed: number, rounds: number): void {
  const r = rng(seed);
  const state = { nodes: 0, pods: 0 };
  const nodes = Array.from({ length: 12 }, () => randomNode(r, `n${state.nodes++}`));
  const bound = new Map<string, Pod>();
  const cache = cacheOf(nodes);
  for (let i = 0; i < 60; i++) mutate(r, cache, bound, state);
  const handle = testHandle(cache, listers);
  const plugin = create(undefined, handle);
  for (let round = 0; round < rounds; round++) {
    const pod = newPodInfo(randomIncoming(r, round));
    const what = `seed ${seed} round ${round}`;

    const fstate = new CycleState();
    const pre = plugin.preFilter(fstate, pod);
    const want = referenceFilter(cache, pod);
    const got = pre.isSkip() ? "skip" : cache.nodeList().map((n) => {
      const s = plugin.filter(fstate, pod, n);
      return s.isSuccess() ? "ok" : /missing required label/.test(s.message()) ? "missing label" : "skew";
    });
    assert.deepEqual(got, want, `filter, ${what}`);

    const filtered = cache.nodeList().filter(() => r() < 0.7);
    const sstate = new CycleState();
    const wantScores = referenceScores(cache, pod, handle, filtered);
    const ps = filtered.length === 0 ? "skip" : plugin.preScore(sstate, pod, filtered);
    let gotScores: number[] | "skip" = "skip";
    if (ps !== "skip" && !ps.isSkip()) {
      const scores = Float64Array.from(filtered.map((n) => plugin.score(sstate, pod, n)));
      plugin.normalizeScore!(sstate, pod, scores);
      gotScores = [...scores];
    }
    assert.deepEqual(gotScores, wantScores, `scores, ${what}`);

    for (let i = 0; i < 3; i++) mutate(r, cache, bound, state);
  }
}

describe("PodTopologySpread counting from the cache's per-node counts", () => {
  it("gives upstream's filter verdicts and scores on random clusters as they change", () => {
    for (let seed = 1; seed <= 40; seed++) run(seed, 60);
  });
});
