import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { CycleState } from "../../framework/cycle-state.js";
import type { Pod, PodAffinityTerm } from "../../framework/types.js";
import { cacheOf, makeNode, makePod, podInfo, testHandle } from "../../testing/builders.js";
import { create, ERR_REASON_AFFINITY, ERR_REASON_ANTI_AFFINITY, ERR_REASON_EXISTING_ANTI_AFFINITY } from "./inter-pod-affinity.js";

const zoneNodes = [makeNode("a1", { labels: { zone: "a" } }), makeNode("a2", { labels: { zone: "a" } }), makeNode("b1", { labels: { zone: "b" } })];
const term = (app: string, topologyKey = "zone"): PodAffinityTerm => ({ labelSelector: { matchLabels: { app } }, topologyKey });

function podWith(name: string, o: { labels?: Record<string, string>; affinity?: PodAffinityTerm[]; anti?: PodAffinityTerm[]; nodeName?: string }): Pod {
  return makePod(name, {
    labels: o.labels,
    nodeName: o.nodeName,
    spec: { affinity: { podAffinity: o.affinity ? { requiredDuringSchedulingIgnoredDuringExecution: o.affinity } : undefined, podAntiAffinity: o.anti ? { requiredDuringSchedulingIgnoredDuringExecution: o.anti } : undefined } },
  });
}

function verdicts(existing: Pod[], pod: Pod): Record<string, string> {
  const cache = cacheOf(zoneNodes, existing);
  const p = create(undefined, testHandle(cache));
  const state = new CycleState();
  const info = podInfo(pod);
  if (p.preFilter(state, info).isSkip()) return { skip: "skip" };
  return Object.fromEntries(cache.nodeList().map((n) => [n.name, p.filter(state, info, n).message() || "ok"]));
}

describe("InterPodAffinity filter", () => {
  it("skips a pod without terms when no existing pod has required anti-affinity", () => {
    assert.deepEqual(verdicts([makePod("db", { labels: { app: "db" }, nodeName: "a1" })], makePod("p")), { skip: "skip" });
  });

  it("allows only the zone holding a pod the affinity term selects", () => {
    const got = verdicts([makePod("db", { labels: { app: "db" }, nodeName: "a1" })], podWith("web", { affinity: [term("db")] }));
    assert.deepEqual(got, { a1: "ok", a2: "ok", b1: ERR_REASON_AFFINITY });
  });

  it("lets the first pod of a self-affine group go anywhere", () => {
    const got = verdicts([], podWith("web", { labels: { app: "web" }, affinity: [term("web")] }));
    assert.deepEqual(got, { a1: "ok", a2: "ok", b1: "ok" });
  });

  it("keeps a pod out of the zones holding pods its anti-affinity selects", () => {
    const got = verdicts([makePod("web-0", { labels: { app: "web" }, nodeName: "b1" })], podWith("web-1", { labels: { app: "web" }, anti: [term("web")] }));
    assert.deepEqual(got, { a1: "ok", a2: "ok", b1: ERR_REASON_ANTI_AFFINITY });
  });

  it("finds the same domains for a term selecting by expression instead of matchLabels", () => {
    const byExpression: PodAffinityTerm = { labelSelector: { matchExpressions: [{ key: "app", operator: "In", values: ["web"] }] }, topologyKey: "zone" };
    const got = verdicts([makePod("web-0", { labels: { app: "web" }, nodeName: "b1" })], podWith("web-1", { labels: { app: "web" }, anti: [byExpression] }));
    assert.deepEqual(got, { a1: "ok", a2: "ok", b1: ERR_REASON_ANTI_AFFINITY });
  });

  it("honors existing pods' anti-affinity against the incoming pod", () => {
    const got = verdicts([podWith("guard", { anti: [term("web", "kubernetes.io/hostname")], nodeName: "a2" })], makePod("web", { labels: { app: "web" } }));
    assert.deepEqual(got, { a1: "ok", a2: ERR_REASON_EXISTING_ANTI_AFFINITY, b1: "ok" });
  });
});

describe("InterPodAffinity score", () => {
  it("prefers the zone with pods its preferred affinity selects", () => {
    const cache = cacheOf(zoneNodes, [makePod("db", { labels: { app: "db" }, nodeName: "b1" })]);
    const p = create(undefined, testHandle(cache));
    const pod = podInfo(makePod("web", { spec: { affinity: { podAffinity: { preferredDuringSchedulingIgnoredDuringExecution: [{ weight: 10, podAffinityTerm: term("db") }] } } } }));
    const nodes = cache.nodeList();
    const state = new CycleState();
    assert.ok(p.preScore(state, pod, nodes).isSuccess());
    const scores = Float64Array.from(nodes.map((n) => p.score(state, pod, n)));
    p.normalizeScore!(state, pod, scores);
    assert.deepEqual(Object.fromEntries(nodes.map((n, i) => [n.name, scores[i]])), { a1: 0, a2: 0, b1: 100 });
  });
});
