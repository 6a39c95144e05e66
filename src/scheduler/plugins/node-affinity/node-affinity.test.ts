import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { CycleState } from "../../framework/cycle-state.js";
import type { Pod } from "../../framework/types.js";
import { cacheOf, makeNode, makePod, nodeInfoOf, podInfo, testHandle } from "../../testing/builders.js";
import { create, ERR_REASON_POD } from "./node-affinity.js";

const plugin = () => create(undefined, testHandle(cacheOf([])));

function podWithRequired(terms: NonNullable<NonNullable<NonNullable<Pod["spec"]>["affinity"]>["nodeAffinity"]>["requiredDuringSchedulingIgnoredDuringExecution"]): Pod {
  return makePod("p", { spec: { affinity: { nodeAffinity: { requiredDuringSchedulingIgnoredDuringExecution: terms } } } });
}

function filter(pod: Pod, labels: Record<string, string>) {
  const p = plugin();
  const state = new CycleState();
  const info = podInfo(pod);
  const pre = p.preFilter(state, info);
  if (pre.isSkip()) return "skip";
  return p.filter(state, info, nodeInfoOf(makeNode("n", { labels }))).message() || "ok";
}

describe("NodeAffinity filter", () => {
  const cases: { name: string; pod: Pod; labels: Record<string, string>; want: string }[] = [
    { name: "skips a pod with neither nodeSelector nor required affinity", pod: makePod("p"), labels: {}, want: "skip" },
    { name: "passes a node matching the nodeSelector", pod: makePod("p", { nodeSelector: { disk: "ssd" } }), labels: { disk: "ssd" }, want: "ok" },
    { name: "rejects a node missing a nodeSelector label", pod: makePod("p", { nodeSelector: { disk: "ssd" } }), labels: { disk: "hdd" }, want: ERR_REASON_POD },
    { name: "passes a node matching any of the ORed terms", pod: podWithRequired({ nodeSelectorTerms: [{ matchExpressions: [{ key: "zone", operator: "In", values: ["a"] }] }, { matchExpressions: [{ key: "zone", operator: "In", values: ["b"] }] }] }), labels: { zone: "b" }, want: "ok" },
    { name: "rejects a node failing a Gt requirement", pod: podWithRequired({ nodeSelectorTerms: [{ matchExpressions: [{ key: "cores", operator: "Gt", values: ["8"] }] }] }), labels: { cores: "4" }, want: ERR_REASON_POD },
    { name: "matches metadata.name through matchFields", pod: podWithRequired({ nodeSelectorTerms: [{ matchFields: [{ key: "metadata.name", operator: "In", values: ["n"] }] }] }), labels: {}, want: "ok" },
    { name: "rejects everything for an empty term", pod: podWithRequired({ nodeSelectorTerms: [{}] }), labels: { any: "x" }, want: ERR_REASON_POD },
  ];
  for (const c of cases) it(c.name, () => assert.equal(filter(c.pod, c.labels), c.want));
});

describe("NodeAffinity score", () => {
  it("sums the weights of matching preferred terms, normalized to the best node", () => {
    const p = plugin();
    const pod = podInfo(makePod("p", { spec: { affinity: { nodeAffinity: { preferredDuringSchedulingIgnoredDuringExecution: [
      { weight: 2, preference: { matchExpressions: [{ key: "zone", operator: "In", values: ["a"] }] } },
      { weight: 6, preference: { matchExpressions: [{ key: "disk", operator: "Exists" }] } },
    ] } } } }));
    const nodes = [nodeInfoOf(makeNode("a", { labels: { zone: "a" } })), nodeInfoOf(makeNode("b", { labels: { zone: "a", disk: "ssd" } })), nodeInfoOf(makeNode("c"))];
    const state = new CycleState();
    assert.ok(p.preScore(state, pod, nodes).isSuccess());
    const scores = Float64Array.from(nodes.map((n) => p.score(state, pod, n)));
    p.normalizeScore!(state, pod, scores);
    assert.deepEqual([...scores], [25, 100, 0]);
  });
});
