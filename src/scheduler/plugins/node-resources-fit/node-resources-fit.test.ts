import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { CycleState } from "../../framework/cycle-state.js";
import { cacheOf, makeNode, makePod, nodeInfoOf, podInfo, testHandle } from "../../testing/builders.js";
import { create } from "./node-resources-fit.js";

const handle = testHandle(cacheOf([]));

describe("NodeResourcesFit filter", () => {
  const cases = [
    { name: "passes a pod that fits", node: makeNode("n", { cpu: "2", memory: "4Gi" }), existing: [], pod: makePod("p", { cpu: "1", memory: "1Gi" }), want: [] },
    { name: "reports Insufficient cpu when requests exceed what is left", node: makeNode("n", { cpu: "2" }), existing: [makePod("e", { cpu: "1500m" })], pod: makePod("p", { cpu: "1" }), want: ["Insufficient cpu"] },
    { name: "reports cpu before memory when both are short", node: makeNode("n", { cpu: "1", memory: "1Gi" }), existing: [], pod: makePod("p", { cpu: "2", memory: "2Gi" }), want: ["Insufficient cpu", "Insufficient memory"] },
    { name: "reports Too many pods when the node is full", node: makeNode("n", { pods: 1 }), existing: [makePod("e")], pod: makePod("p"), want: ["Too many pods"] },
    { name: "lets a pod without requests onto a node whose cpu is all taken", node: makeNode("n", { cpu: "1" }), existing: [makePod("e", { cpu: "1" })], pod: makePod("p"), want: [] },
  ];
  for (const c of cases) {
    it(c.name, () => {
      const s = create(undefined, handle).filter(new CycleState(), podInfo(c.pod), nodeInfoOf(c.node, c.existing));
      assert.deepEqual([...s.reasons], c.want);
      assert.equal(s.isSuccess(), c.want.length === 0);
    });
  }
});

describe("NodeResourcesFit score", () => {
  const node = makeNode("n", { cpu: "4", memory: "8Gi" });
  const cases = [
    // (4000-1000)/4000 = 75, (8Gi-2Gi)/8Gi = 75 -> 75
    { name: "scores least-allocated by the free share after placing the pod", strategy: undefined, pod: makePod("p", { cpu: "1", memory: "2Gi" }), want: 75 },
    { name: "scores most-allocated by the used share", strategy: "MostAllocated" as const, pod: makePod("p", { cpu: "1", memory: "2Gi" }), want: 25 },
    // a pod without requests counts 100m and 200Mi: (3900/4000 -> 97), (8192-200)/8192 -> 97
    { name: "counts upstream's non-zero defaults for a pod without requests", strategy: undefined, pod: makePod("p"), want: 97 },
  ];
  for (const c of cases) {
    it(c.name, () => {
      const plugin = create({ scoringStrategy: { type: c.strategy } }, handle);
      assert.equal(plugin.score(new CycleState(), podInfo(c.pod), nodeInfoOf(node)), c.want);
    });
  }
});
