import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { numFeasibleNodesToFind } from "./node-sampling.js";

describe("numFeasibleNodesToFind", () => {
  const cases: [string, number, number | undefined, number][] = [
    ["evaluates every node below 100 nodes", 99, undefined, 99],
    ["never asks for fewer than 100 nodes", 150, undefined, 100],
    ["takes 50% minus nodes/125 adaptively (1,000 nodes: 42%)", 1000, undefined, 420],
    ["takes 10% of 5,000 nodes", 5000, undefined, 500],
    ["never goes below 5% (10,000 nodes)", 10000, undefined, 500],
    ["honors a configured percentage", 1000, 30, 300],
    ["honors 100% as every node", 1000, 100, 1000],
  ];
  for (const [name, nodes, pct, want] of cases) it(name, () => assert.equal(numFeasibleNodesToFind(nodes, pct), want));
});
