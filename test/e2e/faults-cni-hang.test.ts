/**
 * The CNIHang Fault (S2) on `skiff up --nodes 1 --pleg-threshold 20s`: the
 * network plugin holds its lock, so sandbox calls hang. A container that
 * exits on the node gives the PLEG an event; its inspection (PodSandboxStatus)
 * waits on the lock and holds the relist, so the node goes NotReady with
 * the PLEG message and the calls outstanding. `skiff doctor` names it;
 * deleting the Fault releases the lock and the node is Ready again.
 */
import { after, before, describe, test } from "node:test";
import assert from "node:assert/strict";
import { startTestCluster, type TestCluster } from "./cluster.js";
import { condition, getJson, isReady, items, until, type Obj } from "./wait.js";
import { chainText, deleteFault, doctorClean, doctorFinds, faultPhase, skiff } from "./faults-common.js";

describe("Fault CNIHang (S2)", { timeout: 240_000 }, () => {
  let c: TestCluster;
  before(async () => {
    c = await startTestCluster({ args: ["--nodes", "1", "--pleg-threshold", "20s"] });
    // Its container exits by itself 30 s after it starts: an event for the PLEG while the lock is held.
    await c.k(["run", "web", "--image=nginx:1.27", "--annotations=sim.skiff.dev/exit-after=30s"]);
    await until("web ready", async () => (await items(c, ["get", "pods"])).some((p) => p.metadata.name === "web" && isReady(p)));
  });
  after(() => c?.stop());

  test("a container's exit holds the PLEG on the plugin's lock: NotReady with the PLEG message until the Fault is deleted", async () => {
    const made = await skiff(c, ["chaos", "CNIHang", "node-1"]);
    assert.equal(made.code, 0, made.stderr);
    const f = await faultPhase(c, "node-1-cnihang", "Active");
    assert.equal(f.status!.message, "the network plugin on node-1 holds its lock: RunPodSandbox, StopPodSandbox, PodSandboxStatus hang until their deadlines, and the PLEG relist with them; deleting this Fault releases the lock");

    const down = await until("node-1 NotReady", async (seen) => {
      const n = await getJson<Obj>(c, ["get", "node", "node-1"]);
      const r = condition(n, "Ready");
      seen(JSON.stringify(r));
      return r?.status === "False" ? r : undefined;
    }, { timeoutMs: 90_000 });
    assert.match(down.message ?? "", /^container runtime is down PLEG is not healthy: pleg was last seen active \d+(\.\d+)?s ago; threshold is 20s, runtime call /);
    // The PLEG's inspection, and any sandbox being set up meanwhile, wait on the lock.
    assert.match(down.message ?? "", /, runtime call PodSandboxStatus outstanding for \d+/);

    // One incident: reported as node-1 NotReady, or at the end of the chain of what it breaks (metrics-server's pod there).
    const found = await doctorFinds(c, "node-1 NotReady with PLEG", (x) => /node-1/.test(chainText(x) + x.about.name) && /PLEG is not healthy/.test(chainText(x)));
    assert.equal(found.run.code, 1);

    await deleteFault(c, "node-1-cnihang");
    await until("node-1 Ready again", async () => condition(await getJson<Obj>(c, ["get", "node", "node-1"]), "Ready")?.status === "True", { timeoutMs: 60_000 });
    await c.k(["delete", "pod", "web"]);
    await doctorClean(c);
  });
});
