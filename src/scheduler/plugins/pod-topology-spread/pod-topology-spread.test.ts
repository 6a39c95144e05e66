import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { CycleState } from "../../framework/cycle-state.js";
import type { Lister } from "../../../client/types.js";
import type { Pod, TopologySpreadConstraint } from "../../framework/types.js";
import { cacheOf, makeNode, makePod, podInfo, testHandle } from "../../testing/builders.js";
import { create, ERR_REASON_CONSTRAINTS_NOT_MATCH, ERR_REASON_NODE_LABEL_NOT_MATCH } from "./pod-topology-spread.js";

const zone = "topology.kubernetes.io/zone";
const nodes = [makeNode("a1", { labels: { [zone]: "a" } }), makeNode("b1", { labels: { [zone]: "b" } }), makeNode("nolabel")];
const spread = (maxSkew: number, when: "DoNotSchedule" | "ScheduleAnyway" = "DoNotSchedule"): TopologySpreadConstraint => ({ maxSkew, topologyKey: zone, whenUnsatisfiable: when, labelSelector: { matchLabels: { app: "web" } } });
const web = (name: string, nodeName?: string, constraints?: TopologySpreadConstraint[]): Pod => makePod(name, { labels: { app: "web" }, nodeName, spec: constraints ? { topologySpreadConstraints: constraints } : {} });

describe("PodTopologySpread filter", () => {
  it("rejects the zone that would exceed maxSkew and nodes without the topology label", () => {
    const cache = cacheOf(nodes, [web("w0", "a1"), web("w1", "a1")]);
    const p = create(undefined, testHandle(cache));
    const state = new CycleState();
    const pod = podInfo(web("new", undefined, [spread(1)]));
    assert.ok(p.preFilter(state, pod).isSuccess());
    const got = Object.fromEntries(cache.nodeList().map((n) => [n.name, p.filter(state, pod, n).message() || "ok"]));
    assert.deepEqual(got, { a1: ERR_REASON_CONSTRAINTS_NOT_MATCH, b1: "ok", nolabel: ERR_REASON_NODE_LABEL_NOT_MATCH });
  });

  it("skips pods without DoNotSchedule constraints", () => {
    const p = create(undefined, testHandle(cacheOf(nodes)));
    assert.ok(p.preFilter(new CycleState(), podInfo(web("new", undefined, [spread(1, "ScheduleAnyway")]))).isSkip());
  });
});

describe("PodTopologySpread score", () => {
  it("prefers the zone with fewer matching pods", () => {
    const cache = cacheOf(nodes.slice(0, 2), [web("w0", "a1"), web("w1", "a1")]);
    const p = create(undefined, testHandle(cache));
    const state = new CycleState();
    const pod = podInfo(web("new", undefined, [spread(1, "ScheduleAnyway")]));
    const list = cache.nodeList();
    assert.ok(p.preScore(state, pod, list).isSuccess());
    const scores = Float64Array.from(list.map((n) => p.score(state, pod, n)));
    p.normalizeScore!(state, pod, scores);
    assert.ok(scores[1] > scores[0], `b1 (${scores[1]}) over a1 (${scores[0]})`);
    assert.equal(scores[1], 100);
  });

  it("counts zones the same way for a selector without matchLabels", () => {
    const cache = cacheOf(nodes.slice(0, 2), [web("w0", "a1"), web("w1", "a1")]);
    const p = create(undefined, testHandle(cache));
    const state = new CycleState();
    const byExpression = { ...spread(1, "ScheduleAnyway"), labelSelector: { matchExpressions: [{ key: "app", operator: "In", values: ["web"] }] } };
    const pod = podInfo(web("new", undefined, [byExpression]));
    const list = cache.nodeList();
    assert.ok(p.preScore(state, pod, list).isSuccess());
    const scores = Float64Array.from(list.map((n) => p.score(state, pod, n)));
    p.normalizeScore!(state, pod, scores);
    assert.equal(scores[1], 100);
    assert.ok(scores[0] < 100);
  });

  it("applies the system default constraints to a pod a ReplicaSet owns", () => {
    const rs = { metadata: { name: "web-rs", namespace: "default" }, spec: { selector: { matchLabels: { app: "web" } } } };
    const replicaSets = { get: (_ns: string | undefined, name: string) => (name === "web-rs" ? rs : undefined), list: () => [rs], byIndex: () => [] } as unknown as Lister;
    const cache = cacheOf(nodes.slice(0, 2), [web("w0", "a1"), web("w1", "a1")]);
    const p = create(undefined, testHandle(cache, { replicaSets }));
    const owned = web("new");
    owned.metadata!.ownerReferences = [{ apiVersion: "apps/v1", kind: "ReplicaSet", name: "web-rs", uid: "u", controller: true }];
    const state = new CycleState();
    const pod = podInfo(owned);
    const list = cache.nodeList();
    assert.ok(p.preScore(state, pod, list).isSuccess());
    const scores = Float64Array.from(list.map((n) => p.score(state, pod, n)));
    p.normalizeScore!(state, pod, scores);
    assert.ok(scores[1] > scores[0]);
  });

  it("skips scoring for a pod nothing selects and that has no constraints", () => {
    const p = create(undefined, testHandle(cacheOf(nodes)));
    assert.ok(p.preScore(new CycleState(), podInfo(makePod("lonely")), []).isSkip());
  });
});
