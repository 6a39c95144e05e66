import assert from "node:assert/strict";
import { describe, it } from "node:test";
import type { Node, PodSpec, Taint } from "kubernetes-types/core/v1.js";
import type { DaemonSetObject } from "../../api/apps/daemonsets.js";
import { nodeShouldRunDaemonPod, pinToNode, targetNode } from "./node-fit.js";

const nodeWith = (labels: Record<string, string> = {}, taints: Taint[] = []): Node => ({ metadata: { name: "n1", labels }, spec: { taints } });
const dsWith = (spec: Partial<PodSpec> = {}): DaemonSetObject => ({
  metadata: { name: "ds", namespace: "default" },
  spec: { selector: {}, template: { spec: { containers: [], ...spec } } },
});

describe("nodeShouldRunDaemonPod", () => {
  const cases: { name: string; node: Node; ds: DaemonSetObject; run: boolean; keep: boolean }[] = [
    { name: "an untainted node runs the daemon", node: nodeWith(), ds: dsWith(), run: true, keep: true },
    { name: "a NoSchedule taint keeps new daemons off but lets existing ones stay", node: nodeWith({}, [{ key: "dedicated", value: "db", effect: "NoSchedule" }]), ds: dsWith(), run: false, keep: true },
    { name: "a NoExecute taint evicts daemons that do not tolerate it", node: nodeWith({}, [{ key: "dedicated", effect: "NoExecute" }]), ds: dsWith(), run: false, keep: false },
    { name: "a matching toleration lets the daemon run", node: nodeWith({}, [{ key: "dedicated", value: "db", effect: "NoSchedule" }]), ds: dsWith({ tolerations: [{ key: "dedicated", operator: "Equal", value: "db", effect: "NoSchedule" }] }), run: true, keep: true },
    { name: "daemons tolerate an unschedulable node by default", node: nodeWith({}, [{ key: "node.kubernetes.io/unschedulable", effect: "NoSchedule" }]), ds: dsWith(), run: true, keep: true },
    { name: "daemons tolerate a not-ready node by default", node: nodeWith({}, [{ key: "node.kubernetes.io/not-ready", effect: "NoExecute" }]), ds: dsWith(), run: true, keep: true },
    { name: "only host-network daemons tolerate an unavailable network", node: nodeWith({}, [{ key: "node.kubernetes.io/network-unavailable", effect: "NoSchedule" }]), ds: dsWith(), run: false, keep: true },
    { name: "a host-network daemon runs on a node whose network is unavailable", node: nodeWith({}, [{ key: "node.kubernetes.io/network-unavailable", effect: "NoSchedule" }]), ds: dsWith({ hostNetwork: true }), run: true, keep: true },
    { name: "a node selector that does not match keeps the daemon off", node: nodeWith({ disk: "hdd" }), ds: dsWith({ nodeSelector: { disk: "ssd" } }), run: false, keep: false },
    {
      name: "required node affinity is honoured",
      node: nodeWith({ zone: "a" }),
      ds: dsWith({ affinity: { nodeAffinity: { requiredDuringSchedulingIgnoredDuringExecution: { nodeSelectorTerms: [{ matchExpressions: [{ key: "zone", operator: "In", values: ["b"] }] }] } } } }),
      run: false,
      keep: false,
    },
  ];
  for (const c of cases) {
    it(c.name, () => assert.deepEqual(nodeShouldRunDaemonPod(c.node, c.ds), { shouldRun: c.run, shouldContinueRunning: c.keep }));
  }
});

describe("pinToNode", () => {
  it("replaces required node affinity with a metadata.name match and adds the daemon tolerations", () => {
    const spec = pinToNode({ containers: [], affinity: { nodeAffinity: { requiredDuringSchedulingIgnoredDuringExecution: { nodeSelectorTerms: [{ matchExpressions: [{ key: "zone", operator: "In", values: ["a"] }] }] } } } }, "n7");
    assert.deepEqual(spec.affinity?.nodeAffinity?.requiredDuringSchedulingIgnoredDuringExecution?.nodeSelectorTerms, [{ matchFields: [{ key: "metadata.name", operator: "In", values: ["n7"] }] }]);
    assert.equal(targetNode(spec), "n7");
    assert.ok(spec.tolerations?.some((t) => t.key === "node.kubernetes.io/not-ready" && t.effect === "NoExecute"));
  });
});
