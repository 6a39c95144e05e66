import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { EVENTS, NODES, PODS } from "../../client/resources.js";
import { fixtureView } from "../fixture-source.js";
import { at, event, node, pod, T0 } from "../test-fixtures.js";
import { podsStuckTerminating } from "./pods-stuck-terminating.js";

function deleted(name: string, nodeName: string, dueAgoMs: number) {
  const p = pod("default", name, nodeName, "10.244.1.9");
  p.metadata.deletionTimestamp = at(-dueAgoMs);
  p.metadata.deletionGracePeriodSeconds = 30;
  return p;
}

describe("pods-stuck-terminating", () => {
  it("reports a pod past its grace period with its running container and the runtime's complaint (S7)", async () => {
    const view = fixtureView({
      objects: [
        [NODES, [node("node-1"), node("node-2", { status: "Unknown", reason: "NodeStatusUnknown", message: "Kubelet stopped posting node status." })]],
        [PODS, [deleted("stuck", "node-1", 300_000), deleted("just-deleted", "node-1", 5_000), deleted("on-lost-node", "node-2", 300_000)]],
        [EVENTS, [event({ kind: "Pod", namespace: "default", name: "stuck" }, "FailedKillPod", "error killing pod: failed to exit within 10 seconds of kill - trying direct SIGKILL", -100_000)]],
      ],
    });
    const [f, ...rest] = await podsStuckTerminating.run({ view, now: T0 });
    assert.equal(rest.length, 0, "a pod within its deadline, and one on a NotReady node (that node's incident), are not reported");
    assert.equal(f.summary, "pod stuck Terminating: container main still running");
    assert.deepEqual(f.chain.map((s) => s.text), [
      "Pod default/stuck Terminating: deletion was due 5m ago (grace period 30s), finalizers: none",
      "container main: running for 60m",
      "Node node-1 Ready=True",
      "kubelet: FailedKillPod: error killing pod: failed to exit within 10 seconds of kill - trying direct SIGKILL",
    ]);
    assert.match(f.fix, /survives SIGKILL/);
  });
});
