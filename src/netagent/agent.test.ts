import { after, before, describe, it } from "node:test";
import assert from "node:assert/strict";
import type { Node } from "kubernetes-types/core/v1.js";
import { startTestCluster, type TestCluster } from "../client/test-fixtures.js";
import { NODES, type KubeObject } from "../client/index.js";
import { createMemoryFilesystem } from "../kubelet/index.js";
import { createNetAgent, FLANNEL_MESSAGE } from "./agent.js";
import { CNI_CONFLIST_PATH, firstHostOf, SUBNET_ENV_PATH, VXLAN, subnetEnv } from "./files.js";
import { realClock } from "../util/clock.js";

async function until<T>(what: string, fn: () => Promise<T | undefined> | T | undefined): Promise<T> {
  for (let i = 0; i < 500; i++) {
    const v = await fn();
    if (v !== undefined) return v;
    await new Promise((r) => setTimeout(r, 10));
  }
  throw new Error(`gave up waiting for ${what}`);
}

describe("node network agent", () => {
  let cluster: TestCluster;
  before(async () => (cluster = await startTestCluster(realClock)));
  after(async () => cluster.close());

  it("writes subnet.env and the flannel conflist from the podCIDR, then sets NetworkUnavailable=False", async () => {
    await cluster.client.create(NODES, undefined, { apiVersion: "v1", kind: "Node", metadata: { name: "node-a" } } as KubeObject);
    const fs = createMemoryFilesystem({ clock: realClock });
    const agent = createNetAgent({ client: cluster.client, clock: realClock, nodeName: "node-a", fs, clusterCIDR: "10.244.0.0/16" });
    const abort = new AbortController();
    const running = agent.start(abort.signal);
    await agent.ready;
    // No podCIDR yet: nothing is written, the condition is left alone.
    assert.equal(fs.readFile(SUBNET_ENV_PATH), undefined);
    await cluster.client.patch(NODES, undefined, "node-a", "merge", { spec: { podCIDR: "10.244.3.0/24", podCIDRs: ["10.244.3.0/24"] } });
    const node = await until("the condition", async () => {
      const n = await cluster.client.get<Node & KubeObject>(NODES, undefined, "node-a");
      return n.status?.conditions?.some((c) => c.type === "NetworkUnavailable") ? n : undefined;
    });
    const cond = node.status!.conditions!.find((c) => c.type === "NetworkUnavailable")!;
    assert.deepEqual([cond.status, cond.reason, cond.message], ["False", "FlannelIsUp", FLANNEL_MESSAGE]);
    assert.equal(new TextDecoder().decode(fs.readFile(SUBNET_ENV_PATH)), "FLANNEL_NETWORK=10.244.0.0/16\nFLANNEL_SUBNET=10.244.3.1/24\nFLANNEL_MTU=1500\nFLANNEL_IPMASQ=true\n");
    const conflist = JSON.parse(new TextDecoder().decode(fs.readFile(CNI_CONFLIST_PATH)));
    assert.equal(conflist.name, "cbr0");
    assert.deepEqual(conflist.plugins.map((p: { type: string }) => p.type), ["flannel", "portmap"]);
    assert.deepEqual(conflist.plugins[0].delegate, { hairpinMode: true, isDefaultGateway: true });
    abort.abort();
    await running;
  });

  it("FLANNEL_SUBNET is the podCIDR's first host address; vxlan's MTU is 1450", () => {
    assert.equal(firstHostOf("10.244.0.0/24"), "10.244.0.1/24");
    assert.equal(firstHostOf("10.244.255.0/24"), "10.244.255.1/24");
    assert.match(subnetEnv({ clusterCIDR: "10.244.0.0/16", podCIDR: "10.244.0.0/24", backend: VXLAN, ipMasq: false }), /FLANNEL_MTU=1450\nFLANNEL_IPMASQ=false\n$/);
  });
});
