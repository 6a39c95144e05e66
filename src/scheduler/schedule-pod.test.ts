import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { CycleState } from "./framework/cycle-state.js";
import { createAlgorithm } from "./schedule-pod.js";
import { cacheOf, makeNode, makePod, podInfo, testFramework } from "./testing/builders.js";

describe("schedulePod", () => {
  it("picks the least allocated node under the default profile", () => {
    const cache = cacheOf([makeNode("busy", { cpu: "4" }), makeNode("idle", { cpu: "4" })], [makePod("e", { cpu: "3", memory: "4Gi", nodeName: "busy" })]);
    const r = createAlgorithm(cache).schedulePod(testFramework(cache), new CycleState(), podInfo(makePod("p", { cpu: "500m" })));
    assert.deepEqual(r.kind === "scheduled" && r.nodeName, "idle");
  });

  it("reports an error when there are no nodes at all", () => {
    const cache = cacheOf([]);
    const r = createAlgorithm(cache).schedulePod(testFramework(cache), new CycleState(), podInfo(makePod("p")));
    assert.equal(r.kind === "error" && r.status.message(), "no nodes available to schedule pods");
  });

  it("gives every node the PreFilter status when PreFilter rejects the pod", () => {
    const cache = cacheOf([makeNode("a"), makeNode("b")]);
    const pod = makePod("p", { spec: { volumes: [{ name: "v", persistentVolumeClaim: { claimName: "c" } }] } });
    const r = createAlgorithm(cache).schedulePod(testFramework(cache, { listers: { persistentVolumeClaims: { get: () => undefined, list: () => [], byIndex: () => [] } } }), new CycleState(), podInfo(pod));
    assert.equal(r.kind, "unfit");
    if (r.kind === "unfit") {
      assert.equal(r.diagnosis.preFilterMsg, 'persistentvolumeclaim "c" not found');
      assert.equal(r.diagnosis.statuses.size, 2);
    }
  });

  it("evaluates only a sample of a large cluster and rotates where the next search starts", () => {
    const nodes = Array.from({ length: 1000 }, (_, i) => makeNode(`n${i}`));
    const cache = cacheOf(nodes);
    const algo = createAlgorithm(cache);
    const fwk = testFramework(cache);
    const first = algo.schedulePod(fwk, new CycleState(), podInfo(makePod("p1")));
    assert.equal(first.kind === "scheduled" && first.evaluatedNodes, 420);
    const second = algo.schedulePod(fwk, new CycleState(), podInfo(makePod("p2")));
    assert.equal(second.kind === "scheduled" && second.feasibleNodes, 420);
  });

  it("logs every filter verdict and score at verbosity 10", () => {
    const cache = cacheOf([makeNode("a", { cpu: "1" }), makeNode("b"), makeNode("c")]);
    const lines: string[] = [];
    const fwk = testFramework(cache, { verbosity: 10, log: (_l, m) => lines.push(m) });
    createAlgorithm(cache).schedulePod(fwk, new CycleState(), podInfo(makePod("web-1", { cpu: "2" })));
    assert.ok(lines.includes('Filter plugin verdict pod="default/web-1" plugin="NodeResourcesFit" node="a" status="Unschedulable: Insufficient cpu"'));
    assert.ok(lines.includes('Filter plugin verdict pod="default/web-1" plugin="TaintToleration" node="b" status="Success"'));
    assert.ok(lines.some((l) => l.startsWith('Plugin scored node for pod pod="default/web-1" plugin="NodeResourcesBalancedAllocation" node="b" score=')));
    assert.ok(lines.some((l) => /^Calculated node's final score for pod pod="default\/web-1" node="c" score=\d+$/.test(l)));
  });
});
