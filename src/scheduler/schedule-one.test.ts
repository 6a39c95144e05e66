import assert from "node:assert/strict";
import { after, before, describe, it } from "node:test";
import { NODES, PODS, type KubeObject } from "../client/index.js";
import type { PermitPlugin } from "./framework/interfaces.js";
import { defaultPlugins } from "./framework/profile.js";
import { Registry } from "./framework/registry.js";
import { SUCCESS, unschedulable } from "./framework/status.js";
import type { Pod } from "./framework/types.js";
import { makeNode, makePod } from "./testing/builders.js";
import { eventually, startCluster, type TestCluster } from "./testing/cluster.js";

const asObj = (x: unknown) => x as KubeObject;

/** Permit rejects pods labelled gate=closed. */
const gatekeeper = (): PermitPlugin => ({
  name: "Gatekeeper",
  permit: (_state, pod) => ({ status: pod.labels?.gate === "closed" ? unschedulable("gate is closed") : SUCCESS }),
});

describe("a scheduling cycle that a Permit plugin rejects", () => {
  let c: TestCluster;
  before(async () => {
    c = await startCluster({
      registry: new Registry({ Gatekeeper: gatekeeper }),
      profiles: [{ schedulerName: "default-scheduler", plugins: [...defaultPlugins(), { name: "Gatekeeper" }] }],
    });
    for (const n of ["node-1", "node-2"]) await c.client.create(NODES, undefined, asObj(makeNode(n)));
  });
  after(async () => {
    await c.close();
  });

  it("reports a fit error on the one chosen node and frees what it assumed", async () => {
    await c.client.create(PODS, "default", asObj(makePod("held", { cpu: "1", labels: { gate: "closed" } })));
    const pod = async () => (await c.client.get(PODS, "default", "held")) as unknown as Pod;
    const cond = await eventually(async () => (await pod()).status?.conditions?.find((x) => x.type === "PodScheduled"), "PodScheduled condition");
    assert.equal(cond.status, "False");
    assert.equal(cond.reason, "Unschedulable");
    assert.equal(cond.message, "0/1 nodes are available: 1 gate is closed.");
    assert.equal((await pod()).spec?.nodeName, undefined);
    assert.equal(c.scheduler.cache.isAssumed("default/held"), false);
    assert.deepEqual(c.scheduler.queue.pending().unschedulable, ["default/held"]);
  });
});
