import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { CycleState } from "../../framework/cycle-state.js";
import { cacheOf, makeNode, makePod, nodeInfoOf, podInfo, testHandle } from "../../testing/builders.js";
import { create } from "./node-resources-balanced-allocation.js";

describe("NodeResourcesBalancedAllocation", () => {
  const node = makeNode("n", { cpu: "4", memory: "8Gi" });
  const cases = [
    { name: "gives 100 when cpu and memory would be used in the same proportion", pod: makePod("p", { cpu: "1", memory: "2Gi" }), want: 100 },
    // fractions 0.5 and 0: std 0.25 -> 75
    { name: "takes off the standard deviation of the fractions", pod: makePod("p", { cpu: "2" }), want: 75 },
  ];
  for (const c of cases) {
    it(c.name, () => assert.equal(create(undefined, testHandle(cacheOf([]))).score(new CycleState(), podInfo(c.pod), nodeInfoOf(node)), c.want));
  }
});
