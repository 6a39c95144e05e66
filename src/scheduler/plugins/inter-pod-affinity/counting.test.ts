/**
 * InterPodAffinity's PreScore from per-node counts and grouped terms,
 * against the direct sum over every existing pod (as upstream does it), on
 * seeded random clusters that change between pods.
 */
import assert from "node:assert/strict";
import { describe, it } from "node:test";
import type { SchedulerCache } from "../../cache/cache.js";
import type { NodeInfo } from "../../cache/node-info.js";
import type { Handle } from "../../framework/interfaces.js";
import { newPodInfo, termMatches, withNodeName, type PodInfo, type WeightedAffinityTerm } from "../../framework/pod-info.js";
import type { Labels } from "../../framework/labels.js";
import type { LabelSelector, Pod, PodAffinityTerm, WeightedPodAffinityTerm } from "../../framework/types.js";
import { cacheOf, makeNode, makePod, testHandle } from "../../testing/builders.js";
import { computePreScoreState } from "./scoring.js";
import { TopologyCounts } from "./topology-counts.js";
import { seededRandom as rng } from "../../../util/seeded-random.js";


/** Every existing pod visited, both directions, as upstream's processExistingPod. */
function reference(pod: PodInfo, handle: Handle, hardWeight: number): TopologyCounts {
  const scores = new TopologyCounts();
  const ns = (n: string) => handle.namespaceLabels(n);
  const apply = (terms: readonly WeightedAffinityTerm[], target: PodInfo, node: NodeInfo, sign: 1 | -1) => {
    for (const t of terms) {
      const v = node.labels?.[t.topologyKey];
      if (v !== undefined && termMatches(t, target, ns)) scores.add(t.topologyKey, v, sign * t.weight);
    }
  };
  for (const node of handle.cache.nodeList()) {
    for (const existing of node.pods) {
      apply(pod.preferredAffinityTerms, existing, node, 1);
      apply(pod.preferredAntiAffinityTerms, existing, node, -1);
      if (hardWeight > 0) {
        for (const t of existing.requiredAffinityTerms) {
          const v = node.labels?.[t.topologyKey];
          if (v !== undefined && termMatches(t, pod, ns)) scores.add(t.topologyKey, v, hardWeight);
        }
      }
      apply(existing.preferredAffinityTerms, pod, node, 1);
      apply(existing.preferredAntiAffinityTerms, pod, node, -1);
    }
  }
  return scores;
}

const APPS = ["web", "db", "cache"];
const NAMESPACES = ["default", "other"];
const KEYS = ["kubernetes.io/hostname", "topology.kubernetes.io/zone"];
const pick = <T>(r: () => number, xs: readonly T[]) => xs[Math.floor(r() * xs.length)];

function randomSelector(r: () => number): LabelSelector | undefined {
  const x = r();
  if (x < 0.5) return { matchLabels: { app: pick(r, APPS) } };
  if (x < 0.7) return { matchExpressions: [{ key: "app", operator: "In", values: [pick(r, APPS), "db"] }] };
  if (x < 0.8) return {};
  if (x < 0.9) return { matchExpressions: [{ key: "app", operator: "DoesNotExist" }] };
  return undefined;
}

function randomTerm(r: () => number): PodAffinityTerm {
  const x = r();
  return {
    labelSelector: randomSelector(r),
    topologyKey: pick(r, KEYS),
    namespaces: x < 0.2 ? ["other"] : x < 0.3 ? ["default", "other"] : undefined,
    namespaceSelector: x > 0.9 ? { matchLabels: { team: "a" } } : undefined,
  };
}

const weighted = (r: () => number, n: number): WeightedPodAffinityTerm[] => Array.from({ length: n }, () => ({ weight: 1 + Math.floor(r() * 100), podAffinityTerm: randomTerm(r) }));

/** A pod with random labels and maybe affinity; the replicas of a "workload" share their terms. */
function randomPod(r: () => number, name: string, templates: Pod["spec"][]): Pod {
  const pod = makePod(name, { namespace: pick(r, NAMESPACES), labels: r() < 0.9 ? { app: pick(r, APPS) } : undefined });
  if (r() < 0.4) pod.spec = { ...pod.spec!, affinity: pick(r, templates)!.affinity };
  return r() < 0.1 ? { ...pod, metadata: { ...pod.metadata, deletionTimestamp: "2024-01-01T00:00:00Z" } } : pod;
}

function run(seed: number, rounds: number): void {
  const r = rng(seed);
  const templates: Pod["spec"][] = Array.from({ length: 4 }, () => ({
    containers: [],
    affinity: {
      podAffinity: { requiredDuringSchedulingIgnoredDuringExecution: r() < 0.3 ? [randomTerm(r)] : undefined, preferredDuringSchedulingIgnoredDuringExecution: r() < 0.6 ? weighted(r, 1 + Math.floor(r() * 2)) : undefined },
      podAntiAffinity: { preferredDuringSchedulingIgnoredDuringExecution: r() < 0.6 ? weighted(r, 1) : undefined },
    },
  }));
  let nodes = 0;
  let pods = 0;
  const node = () => makeNode(`n${nodes++}`, { labels: r() < 0.8 ? { "topology.kubernetes.io/zone": pick(r, ["a", "b", "c"]) } : {} });
  const cache: SchedulerCache = cacheOf(Array.from({ length: 10 }, node));
  const bound = new Map<string, Pod>();
  const nsLabels: Record<string, Labels> = { default: { team: "a" }, other: { team: "b" } };
  const handle = { ...testHandle(cache), namespaceLabels: (n: string) => nsLabels[n] };
  const mutate = () => {
    const x = r();
    const names = cache.nodeList().map((n) => n.name);
    if (x < 0.5) {
      const p = randomPod(r, `p${pods++}`, templates);
      p.spec!.nodeName = pick(r, names);
      bound.set(`${p.metadata!.namespace}/${p.metadata!.name}`, p);
      cache.addPod(p);
    } else if (x < 0.65 && bound.size) {
      const key = pick(r, [...bound.keys()]);
      cache.removePod(bound.get(key)!);
      bound.delete(key);
    } else if (x < 0.75) {
      const info = withNodeName(newPodInfo(randomPod(r, `a${pods++}`, templates)), pick(r, names));
      cache.assumePod(info);
      if (r() < 0.5) cache.forgetPod(info.key);
    } else if (x < 0.8 && names.length > 3) {
      cache.removeNode(cache.nodeInfo(pick(r, names))!.node!);
    } else if (x < 0.85) {
      cache.addNode(node());
    } else if (bound.size) {
      const key = pick(r, [...bound.keys()]);
      const moved = { ...bound.get(key)!, spec: { ...bound.get(key)!.spec!, nodeName: pick(r, names) } };
      bound.set(key, moved);
      cache.updatePod(moved);
    }
  };
  for (let i = 0; i < 50; i++) mutate();
  for (let round = 0; round < rounds; round++) {
    const incoming = randomPod(r, `in${round}`, templates);
    if (r() < 0.5) incoming.spec = { ...incoming.spec!, affinity: { podAffinity: { preferredDuringSchedulingIgnoredDuringExecution: weighted(r, 2) }, podAntiAffinity: { preferredDuringSchedulingIgnoredDuringExecution: weighted(r, 1) } } };
    const pod = newPodInfo(incoming);
    const hardWeight = r() < 0.8 ? 1 + Math.floor(r() * 5) : 0;
    const got = computePreScoreState(pod, handle, hardWeight).topologyScore.byKey;
    assert.deepEqual(got, reference(pod, handle, hardWeight).byKey, `seed ${seed} round ${round}`);
    for (let i = 0; i < 3; i++) mutate();
  }
}

describe("InterPodAffinity scoring from per-node counts and grouped terms", () => {
  it("gives the domain scores of a pod-by-pod sum on random clusters as they change", () => {
    for (let seed = 1; seed <= 40; seed++) run(seed, 50);
  });
});
