import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { CycleState } from "../../framework/cycle-state.js";
import { cacheOf, makeNode, makePod, nodeInfoOf, podInfo, testHandle } from "../../testing/builders.js";
import { create, ERR_REASON } from "./node-ports.js";

describe("NodePorts", () => {
  const cases = [
    { name: "skips a pod without host ports", pod: makePod("p"), existing: [], want: "skip" },
    { name: "passes a free host port", pod: makePod("p", { hostPort: 80 }), existing: [makePod("e", { hostPort: 81 })], want: "ok" },
    { name: "rejects a host port already used on the node", pod: makePod("p", { hostPort: 80 }), existing: [makePod("e", { hostPort: 80 })], want: ERR_REASON },
  ];
  for (const c of cases) {
    it(c.name, () => {
      const p = create(undefined, testHandle(cacheOf([])));
      const state = new CycleState();
      const info = podInfo(c.pod);
      if (p.preFilter(state, info).isSkip()) return assert.equal(c.want, "skip");
      const s = p.filter(state, info, nodeInfoOf(makeNode("n"), c.existing));
      assert.equal(s.message() || "ok", c.want);
    });
  }
});
