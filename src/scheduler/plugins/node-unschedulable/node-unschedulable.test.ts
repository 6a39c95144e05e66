import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { CycleState } from "../../framework/cycle-state.js";
import { cacheOf, makeNode, makePod, nodeInfoOf, podInfo, podWithTolerations, testHandle } from "../../testing/builders.js";
import { create as nodeName, ERR_REASON as NODE_NAME_REASON } from "../node-name/node-name.js";
import { create, ERR_REASON_UNSCHEDULABLE } from "./node-unschedulable.js";

describe("NodeUnschedulable", () => {
  const cases = [
    { name: "passes a schedulable node", node: makeNode("n"), pod: makePod("p"), want: "ok" },
    { name: "rejects a cordoned node", node: makeNode("n", { unschedulable: true }), pod: makePod("p"), want: ERR_REASON_UNSCHEDULABLE },
    { name: "passes a cordoned node for a pod tolerating the unschedulable taint", node: makeNode("n", { unschedulable: true }), pod: podWithTolerations("p", [{ key: "node.kubernetes.io/unschedulable", operator: "Exists", effect: "NoSchedule" }]), want: "ok" },
  ];
  for (const c of cases) {
    it(c.name, () => assert.equal(create(undefined, testHandle(cacheOf([]))).filter(new CycleState(), podInfo(c.pod), nodeInfoOf(c.node)).message() || "ok", c.want));
  }
});

describe("NodeName", () => {
  it("rejects every node but the one the pod names", () => {
    const p = nodeName(undefined, testHandle(cacheOf([])));
    const pod = podInfo(makePod("p", { nodeName: "b" }));
    assert.equal(p.filter(new CycleState(), pod, nodeInfoOf(makeNode("a"))).message(), NODE_NAME_REASON);
    assert.ok(p.filter(new CycleState(), pod, nodeInfoOf(makeNode("b"))).isSuccess());
  });
});
