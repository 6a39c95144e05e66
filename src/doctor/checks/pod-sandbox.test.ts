import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { EVENTS, NODES, PODS } from "../../client/resources.js";
import { fixtureView } from "../fixture-source.js";
import { event, node, pod, T0 } from "../test-fixtures.js";
import { podSandbox, sandboxFailureKind } from "./pod-sandbox.js";

describe("pod-sandbox", () => {
  it("tells the network plugin from the runtime, and timeouts from failures", () => {
    assert.equal(sandboxFailureKind('failed to setup network for sandbox "abc": plugin type="bridge" failed (add): context deadline exceeded'), "the network plugin (CNI) timed out");
    assert.equal(sandboxFailureKind("rpc error: code = DeadlineExceeded desc = context deadline exceeded"), "the container runtime timed out");
  });

  it("groups a node's pods that cannot get a sandbox, with the CNI calls outstanding there (S2, S9)", async () => {
    const pending = (name: string) => pod("default", name, "node-1", "", { phase: "Pending", ready: false });
    const msg = 'Failed to create pod sandbox: rpc error: code = Unknown desc = failed to setup network for sandbox "x": plugin type="flannel" failed (add): context deadline exceeded';
    const view = fixtureView({
      objects: [
        [NODES, [node("node-1", { status: "True", message: "kubelet is posting ready status" })]],
        [PODS, [pending("a"), pending("b"), pod("default", "running", "node-1", "10.244.1.2")]],
        [EVENTS, [event({ kind: "Pod", namespace: "default", name: "a" }, "FailedCreatePodSandBox", msg, -1000), event({ kind: "Pod", namespace: "default", name: "b" }, "FailedCreatePodSandBox", msg, -1000)]],
      ],
    });
    const [f, ...rest] = await podSandbox.run({ view, now: T0 });
    assert.equal(rest.length, 0);
    assert.equal(f.summary, "2 pods cannot start on node-1: the network plugin (CNI) timed out");
    assert.equal(f.cause, "Node/node-1");
    assert.match(f.fix, /reading stdin on VERSION/);
  });
});
