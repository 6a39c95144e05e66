import assert from "node:assert/strict";
import { after, before, describe, it } from "node:test";
import { NODES, PODS, type KubeObject } from "../client/index.js";
import { defaultPlugins, defaultProfile } from "./framework/profile.js";
import type { Pod } from "./framework/types.js";
import { makeNode, makePod } from "./testing/builders.js";
import { eventually, startCluster, type TestCluster } from "./testing/cluster.js";

const asObj = (x: unknown) => x as KubeObject;

describe("scheduler profiles", () => {
  let c: TestCluster;
  before(async () => {
    c = await startCluster({
      profiles: [defaultProfile(), { schedulerName: "bin-packer", plugins: defaultPlugins().filter((p) => p.name !== "NodeResourcesBalancedAllocation"), pluginConfig: { NodeResourcesFit: { scoringStrategy: { type: "MostAllocated" } } } }],
    });
    await c.client.create(NODES, undefined, asObj(makeNode("busy", { cpu: "4" })));
    await c.client.create(NODES, undefined, asObj(makeNode("idle", { cpu: "4" })));
    await c.client.create(PODS, "default", asObj(makePod("resident", { cpu: "2", nodeName: "busy" })));
  });
  after(async () => {
    await c.close();
  });

  const nodeOf = (name: string) => eventually(async () => ((await c.client.get(PODS, "default", name)) as unknown as Pod).spec?.nodeName, `${name} bound`);

  it("spreads with the default profile and packs with a MostAllocated profile chosen by schedulerName", async () => {
    await c.client.create(PODS, "default", asObj(makePod("spread", { cpu: "500m", memory: "1Gi" })));
    assert.equal(await nodeOf("spread"), "idle");
    await c.client.create(PODS, "default", asObj(makePod("packed", { cpu: "500m", memory: "1Gi", schedulerName: "bin-packer" })));
    assert.equal(await nodeOf("packed"), "busy");
  });

  it("leaves alone pods for a scheduler it does not run", async () => {
    await c.client.create(PODS, "default", asObj(makePod("foreign", { schedulerName: "someone-else" })));
    await c.client.create(PODS, "default", asObj(makePod("mine")));
    await nodeOf("mine");
    await c.scheduler.waitForBindings();
    const foreign = (await c.client.get(PODS, "default", "foreign")) as unknown as Pod;
    assert.equal(foreign.spec?.nodeName, undefined);
    assert.equal(foreign.status?.conditions?.find((x) => x.type === "PodScheduled"), undefined);
  });
});
