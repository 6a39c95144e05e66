/**
 * The UnkillableProcess Fault (S7) on `skiff up --nodes 1`: a pod whose
 * process is stuck in an uninterruptible syscall survives SIGKILL. Deleted
 * together with another pod on the same node, it stays Terminating with
 * its container running while the other goes; deleting the Fault lets the
 * pending kill land and the pod goes too.
 */
import { after, before, describe, test } from "node:test";
import assert from "node:assert/strict";
import { startTestCluster, type TestCluster } from "./cluster.js";
import { isReady, items, until } from "./wait.js";
import { chainText, deleteFault, doctorClean, doctorFinds, faultPhase, skiff } from "./faults-common.js";

const pod = (name: string) => `
apiVersion: v1
kind: Pod
metadata: {name: ${name}}
spec:
  nodeName: node-1
  terminationGracePeriodSeconds: 2
  containers:
  - {name: app, image: "registry.example/app:1"}
`;

describe("Fault UnkillableProcess (S7)", { timeout: 240_000 }, () => {
  let c: TestCluster;
  before(async () => {
    c = await startTestCluster({ args: ["--nodes", "1"] });
    await c.k(["apply", "-f", "-"], `${pod("stuck")}---${pod("other")}`);
    await until("pods ready", async () => {
      const list = (await items(c, ["get", "pods"])).filter((p) => ["stuck", "other"].includes(p.metadata.name!));
      return list.length === 2 && list.every(isReady);
    });
  });
  after(() => c?.stop());

  test("the pod stays Terminating with its container running while another pod on the node goes; deleting the Fault ends it", async () => {
    const made = await skiff(c, ["chaos", "UnkillableProcess", "default/stuck"]);
    assert.equal(made.code, 0, made.stderr);
    assert.equal(made.stdout, "fault.chaos.skiff.dev/default-stuck-unkillableprocess created\n");
    const f = await faultPhase(c, "default-stuck-unkillableprocess", "Active");
    assert.equal((f.spec as { target?: string }).target, "node-1");
    assert.equal(f.status!.message, "the containers of pod default/stuck on node-1 are in uninterruptible sleep and survive SIGKILL; deleting this Fault lets the pending kill land");

    await c.k(["delete", "pod", "stuck", "other", "--wait=false"]);
    await until("other gone", async () => (await c.kubectl(["get", "pod", "other"])).code !== 0, { timeoutMs: 30_000 });
    const stuck = (await items(c, ["get", "pods"])).find((p) => p.metadata.name === "stuck");
    assert.ok(stuck, "the stuck pod is still there");
    assert.ok(stuck.metadata.deletionTimestamp);
    assert.ok((stuck.status as { containerStatuses: { state: { running?: object } }[] }).containerStatuses[0].state.running, JSON.stringify(stuck.status));
    assert.match(await c.k(["get", "pod", "stuck"]), /stuck\s+1\/1\s+Terminating/);
    const events = await c.k(["get", "events", "--field-selector", "involvedObject.name=stuck,reason=Killing", "-o", "jsonpath={.items[*].message}"]);
    assert.match(events, /Stopping container app/);

    // The doctor reports the pod stuck Terminating with its container's state; only that pod.
    const found = await doctorFinds(c, "the stuck pod", (f) => f.check === "pods-stuck-terminating");
    assert.equal(found.run.code, 1);
    assert.equal(found.finding.about.name, "stuck");
    assert.match(chainText(found.finding), /running/i);

    await deleteFault(c, "default-stuck-unkillableprocess");
    await until("stuck gone", async () => (await c.kubectl(["get", "pod", "stuck"])).code !== 0, { timeoutMs: 60_000 });
    await doctorClean(c);
  });
});
