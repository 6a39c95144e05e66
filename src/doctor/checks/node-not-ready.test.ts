import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { LEASES, NODES } from "../../client/resources.js";
import { fixtureView } from "../fixture-source.js";
import { at, node, T0 } from "../test-fixtures.js";
import { nodeNotReady, outstandingCalls } from "./node-not-ready.js";

const PLEG_MSG =
  "container runtime is down PLEG is not healthy: pleg was last seen active 3m12s ago; threshold is 3m0s, runtime call ListPodSandbox outstanding for 3m12s, runtime call PodSandboxStatus outstanding for 2m1s";

describe("node-not-ready", () => {
  it("finds nothing when every node is Ready", async () => {
    const view = fixtureView({ objects: [[NODES, [node("node-1"), node("node-2")]]] });
    assert.deepEqual(await nodeNotReady.run({ view, now: T0 }), []);
  });

  it("names PLEG and each runtime call outstanding, with how long", async () => {
    const view = fixtureView({ objects: [[NODES, [node("node-1"), node("node-2", { status: "False", reason: "KubeletNotReady", message: PLEG_MSG, since: -60_000 })]]] });
    const [f, ...rest] = await nodeNotReady.run({ view, now: T0 });
    assert.equal(rest.length, 0);
    assert.equal(f.severity, "critical");
    assert.deepEqual(f.about, { kind: "Node", name: "node-2" });
    assert.equal(f.summary, "node is NotReady: PLEG is not healthy");
    assert.deepEqual(f.chain.map((s) => s.text), [
      "Node node-2 Ready=False (KubeletNotReady) for 60s: container runtime is down PLEG is not healthy: pleg was last seen active 3m12s ago; threshold is 3m0s",
      "PLEG is not healthy: pleg was last seen active 3m12s ago; threshold is 3m0s",
      "runtime call ListPodSandbox outstanding for 3m12s",
      "runtime call PodSandboxStatus outstanding for 2m1s",
    ]);
    assert.match(f.fix, /runtime/);
    assert.equal(f.cause, "Node/node-2");
  });

  it("groups calls of one kind: the oldest, and how many wait behind it", () => {
    const msg = "container runtime is down PLEG is not healthy: x, runtime call ListPodSandbox outstanding for 1m49s, runtime call ListPodSandbox outstanding for 34s, runtime call ListPodSandbox outstanding for 19s";
    assert.deepEqual(outstandingCalls(msg), ["runtime call ListPodSandbox outstanding for 1m49s (3 such calls waiting, the newest for 19s)"]);
  });

  it("tells a lost heartbeat, with the node's lease", async () => {
    const lease = { metadata: { name: "node-3", namespace: "kube-node-lease" }, spec: { renewTime: at(-300_000) } };
    const view = fixtureView({
      objects: [
        [NODES, [node("node-3", { status: "Unknown", reason: "NodeStatusUnknown", message: "Kubelet stopped posting node status." })]],
        [LEASES, [lease]],
      ],
    });
    const [f] = await nodeNotReady.run({ view, now: T0 });
    assert.equal(f.summary, "node is NotReady: heartbeat lost");
    assert.equal(f.chain.at(-1)!.text, "Lease kube-node-lease/node-3 last renewed 5m ago");
  });

  it("tells the network plugin not ready", async () => {
    const message = "container runtime network not ready: NetworkReady=false reason:NetworkPluginNotReady message:Network plugin returns error: cni plugin not initialized";
    const view = fixtureView({ objects: [[NODES, [node("node-4", { status: "False", reason: "KubeletNotReady", message })]]] });
    const [f] = await nodeNotReady.run({ view, now: T0 });
    assert.match(f.chain[1].text, /network is not ready/);
    assert.match(f.fix, /CNI/);
  });
});
