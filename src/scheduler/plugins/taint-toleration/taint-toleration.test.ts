import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { CycleState } from "../../framework/cycle-state.js";
import { cacheOf, makeNode, nodeInfoOf, nodeWithTaints, podInfo, podWithTolerations, testHandle } from "../../testing/builders.js";
import { create } from "./taint-toleration.js";

const plugin = () => create(undefined, testHandle(cacheOf([])));

describe("TaintToleration filter", () => {
  const cases = [
    { name: "passes a node without taints", node: makeNode("n"), tolerations: [], want: "" },
    { name: "rejects a NoSchedule taint the pod does not tolerate, naming it", node: nodeWithTaints("n", [{ key: "dedicated", value: "gpu", effect: "NoSchedule" }]), tolerations: [], want: "node(s) had untolerated taint {dedicated: gpu}" },
    { name: "shows an empty value as upstream does", node: nodeWithTaints("n", [{ key: "node.kubernetes.io/not-ready", effect: "NoExecute" }]), tolerations: [], want: "node(s) had untolerated taint {node.kubernetes.io/not-ready: }" },
    { name: "passes a taint tolerated by key and value", node: nodeWithTaints("n", [{ key: "dedicated", value: "gpu", effect: "NoSchedule" }]), tolerations: [{ key: "dedicated", operator: "Equal", value: "gpu", effect: "NoSchedule" }], want: "" },
    { name: "passes any taint for an Exists toleration without a key", node: nodeWithTaints("n", [{ key: "a", value: "b", effect: "NoExecute" }]), tolerations: [{ operator: "Exists" }], want: "" },
    { name: "ignores PreferNoSchedule taints", node: nodeWithTaints("n", [{ key: "a", effect: "PreferNoSchedule" }]), tolerations: [], want: "" },
    { name: "rejects when the toleration's effect differs", node: nodeWithTaints("n", [{ key: "a", value: "b", effect: "NoExecute" }]), tolerations: [{ key: "a", value: "b", effect: "NoSchedule" }], want: "node(s) had untolerated taint {a: b}" },
  ];
  for (const c of cases) {
    it(c.name, () => {
      const s = plugin().filter(new CycleState(), podInfo(podWithTolerations("p", c.tolerations)), nodeInfoOf(c.node));
      assert.equal(s.message(), c.want);
      if (c.want) assert.equal(s.codeName(), "UnschedulableAndUnresolvable");
    });
  }
});

describe("TaintToleration score", () => {
  it("prefers nodes with fewer intolerable PreferNoSchedule taints", () => {
    const p = plugin();
    const pod = podInfo(podWithTolerations("p", [{ key: "ok", operator: "Exists", effect: "PreferNoSchedule" }]));
    const nodes = [
      nodeInfoOf(makeNode("clean")),
      nodeInfoOf(nodeWithTaints("one", [{ key: "bad", effect: "PreferNoSchedule" }])),
      nodeInfoOf(nodeWithTaints("two", [{ key: "bad", effect: "PreferNoSchedule" }, { key: "worse", effect: "PreferNoSchedule" }, { key: "ok", effect: "PreferNoSchedule" }])),
    ];
    const state = new CycleState();
    p.preScore(state, pod, nodes);
    const scores = Float64Array.from(nodes.map((n) => p.score(state, pod, n)));
    p.normalizeScore!(state, pod, scores);
    assert.deepEqual([...scores], [100, 50, 0]);
  });
});
