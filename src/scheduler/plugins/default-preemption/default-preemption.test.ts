import assert from "node:assert/strict";
import { describe, it } from "node:test";
import type { Client } from "../../../client/types.js";
import type { SchedulerCache } from "../../cache/cache.js";
import { fitErrorMessage } from "../../fit-error.js";
import { CycleState } from "../../framework/cycle-state.js";
import type { Pod } from "../../framework/types.js";
import { createAlgorithm } from "../../schedule-pod.js";
import { cacheOf, makeNode, makePod, podInfo, testFramework } from "../../testing/builders.js";
import { pickOneNode } from "./pick-node.js";

function fakeClient() {
  const deleted: string[] = [];
  const client = {
    delete: async (_g: unknown, ns: string, name: string) => void deleted.push(`${ns}/${name}`),
    patch: async () => ({}),
  } as unknown as Client;
  return { client, deleted };
}

async function preempt(cache: SchedulerCache, pod: Pod) {
  const { client, deleted } = fakeClient();
  const fwk = testFramework(cache, { client });
  const state = new CycleState();
  const info = podInfo(pod);
  const r = createAlgorithm(cache).schedulePod(fwk, state, info);
  assert.equal(r.kind, "unfit");
  if (r.kind !== "unfit") throw new Error("unreachable");
  const post = await fwk.runPostFilterPlugins(state, info, r.diagnosis.statuses);
  r.diagnosis.postFilterMsg = post.status.message();
  return { nominated: post.result?.nominatedNodeName, deleted, message: fitErrorMessage(r.diagnosis) };
}

describe("DefaultPreemption", () => {
  it("evicts the fewest lowest-priority pods and nominates their node", async () => {
    const cache = cacheOf(
      [makeNode("n1", { cpu: "2" }), makeNode("n2", { cpu: "2" })],
      [
        makePod("n1-a", { cpu: "1", priority: 1, nodeName: "n1" }),
        makePod("n1-b", { cpu: "1", priority: 1, nodeName: "n1" }),
        makePod("n2-big", { cpu: "2", priority: 5, nodeName: "n2" }),
      ],
    );
    const got = await preempt(cache, makePod("vip", { cpu: "1", priority: 100 }));
    assert.equal(got.nominated, "n1");
    assert.equal(got.deleted.length, 1, "one 1-cpu victim is enough on n1");
    assert.match(got.deleted[0], /^default\/n1-[ab]$/);
    assert.equal(got.message, "0/2 nodes are available: 2 Insufficient cpu.");
  });

  it("explains when no node has lower-priority pods", async () => {
    const cache = cacheOf([makeNode("n1", { cpu: "1" })], [makePod("peer", { cpu: "1", priority: 100, nodeName: "n1" })]);
    const got = await preempt(cache, makePod("p", { cpu: "1", priority: 100 }));
    assert.equal(got.nominated, "");
    assert.equal(got.message, "0/1 nodes are available: 1 Insufficient cpu. preemption: 0/1 nodes are available: 1 No preemption victims found for incoming pod.");
  });

  it("says preemption is not helpful on nodes rejected for unresolvable reasons", async () => {
    const cache = cacheOf([makeNode("n1", { unschedulable: true }), makeNode("n2", { cpu: "1" })], [makePod("low", { cpu: "1", priority: 0, nodeName: "n2" })]);
    const got = await preempt(cache, makePod("p", { cpu: "2", priority: 10 }));
    assert.equal(got.message, "0/2 nodes are available: 1 Insufficient cpu, 1 node(s) were unschedulable. preemption: 0/2 nodes are available: 1 Insufficient cpu, 1 Preemption is not helpful for scheduling.");
    assert.deepEqual(got.deleted, []);
  });

  it("does not preempt for a pod with preemptionPolicy Never", async () => {
    const cache = cacheOf([makeNode("n1", { cpu: "1" })], [makePod("low", { cpu: "1", priority: 0, nodeName: "n1" })]);
    const got = await preempt(cache, makePod("p", { cpu: "1", priority: 10, spec: { preemptionPolicy: "Never" } }));
    assert.equal(got.message, "0/1 nodes are available: 1 Insufficient cpu. preemption: not eligible due to preemptionPolicy=Never.");
  });
});

describe("pickOneNode", () => {
  const v = (name: string, priority: number) => podInfo(makePod(name, { priority }));
  const cases = [
    { name: "prefers the lowest highest-priority victim", cands: [{ nodeName: "a", victims: [v("x", 5)] }, { nodeName: "b", victims: [v("y", 1), v("z", 1)] }], want: "b" },
    { name: "then the lowest priority sum", cands: [{ nodeName: "a", victims: [v("x", 5), v("w", 5)] }, { nodeName: "b", victims: [v("y", 5), v("z", 1)] }], want: "b" },
    { name: "then the fewest victims", cands: [{ nodeName: "a", victims: [v("x", 1), v("w", 1)] }, { nodeName: "b", victims: [v("y", 1)] }], want: "b" },
  ];
  for (const c of cases) it(c.name, () => assert.equal(pickOneNode(c.cands)?.nodeName, c.want));
});
