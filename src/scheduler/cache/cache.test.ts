import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { VirtualClock } from "../../util/clock.js";
import { newPodInfo, withNodeName } from "../framework/pod-info.js";
import { makeNode, makePod } from "../testing/builders.js";
import { SchedulerCache } from "./cache.js";

function setup(ttl = 0) {
  const clock = new VirtualClock();
  const cache = new SchedulerCache({ clock, assumedPodTTLMs: ttl });
  cache.addNode(makeNode("n1", { cpu: "2" }));
  cache.addNode(makeNode("n2", { cpu: "2" }));
  return { clock, cache };
}

const assumed = (name: string, node: string, cpu = "500m") => withNodeName(newPodInfo(makePod(name, { cpu })), node);

describe("SchedulerCache", () => {
  it("counts an assumed pod's requests on its node at once", () => {
    const { cache } = setup();
    cache.assumePod(assumed("p", "n1"));
    assert.equal(cache.nodeInfo("n1")!.requested.milliCPU, 500);
    assert.equal(cache.nodeInfo("n1")!.pods.length, 1);
    assert.ok(cache.isAssumed("default/p"));
  });

  it("confirms an assumed pod when the informer adds it, without counting it twice", () => {
    const { cache } = setup();
    cache.assumePod(assumed("p", "n1"));
    cache.addPod(makePod("p", { cpu: "500m", nodeName: "n1" }));
    assert.equal(cache.isAssumed("default/p"), false);
    assert.equal(cache.nodeInfo("n1")!.requested.milliCPU, 500);
  });

  it("forgets an assumed pod whose binding failed", () => {
    const { cache } = setup();
    cache.assumePod(assumed("p", "n1"));
    cache.forgetPod("default/p");
    assert.equal(cache.nodeInfo("n1")!.requested.milliCPU, 0);
    assert.equal(cache.podCount(), 0);
  });

  it("refuses to assume a pod it already holds", () => {
    const { cache } = setup();
    cache.assumePod(assumed("p", "n1"));
    assert.throws(() => cache.assumePod(assumed("p", "n2")), /can't be assumed/);
  });

  it("expires an assumed pod whose binding finished but never showed up, after the TTL", async () => {
    const { clock, cache } = setup(30_000);
    cache.assumePod(assumed("p", "n1"));
    cache.finishBinding("default/p");
    await clock.advance(29_000);
    cache.cleanupAssumedPods();
    assert.equal(cache.podCount(), 1);
    await clock.advance(2_000);
    cache.cleanupAssumedPods();
    assert.equal(cache.podCount(), 0);
    assert.equal(cache.nodeInfo("n1")!.requested.milliCPU, 0);
  });

  it("moves a pod's requests when an update places it elsewhere, and frees them on removal", () => {
    const { cache } = setup();
    cache.addPod(makePod("p", { cpu: "1", nodeName: "n1" }));
    cache.updatePod(makePod("p", { cpu: "1", nodeName: "n2" }));
    assert.equal(cache.nodeInfo("n1")!.requested.milliCPU, 0);
    assert.equal(cache.nodeInfo("n2")!.requested.milliCPU, 1000);
    cache.removePod(makePod("p", { nodeName: "n2" }));
    assert.equal(cache.nodeInfo("n2")!.requested.milliCPU, 0);
  });

  it("drops a removed node from the node list but keeps the others in place", () => {
    const { cache } = setup();
    cache.addNode(makeNode("n3"));
    cache.removeNode(makeNode("n1"));
    assert.deepEqual(cache.nodeList().map((n) => n.name).sort(), ["n2", "n3"]);
    assert.equal(cache.nodeInfo("n1"), undefined);
  });

  it("tracks host ports and non-zero requests per node", () => {
    const { cache } = setup();
    cache.addPod(makePod("p", { hostPort: 8080, nodeName: "n1" }));
    const ni = cache.nodeInfo("n1")!;
    assert.ok(ni.usedPorts.conflicts({ hostIP: "0.0.0.0", protocol: "TCP", hostPort: 8080 }));
    assert.ok(!ni.usedPorts.conflicts({ hostIP: "0.0.0.0", protocol: "UDP", hostPort: 8080 }));
    assert.equal(ni.nonZeroCPU, 100);
    assert.equal(ni.nonZeroMemory, 200 * 1024 * 1024);
    assert.equal(ni.requested.milliCPU, 0);
  });

  it("indexes pods by namespace and label, following updates and removals", () => {
    const { cache } = setup();
    cache.addPod(makePod("a", { labels: { app: "web" }, nodeName: "n1" }));
    cache.assumePod(withNodeName(newPodInfo(makePod("b", { labels: { app: "web" } })), "n2"));
    cache.addPod(makePod("c", { namespace: "other", labels: { app: "web" }, nodeName: "n1" }));
    const names = () => [...cache.podsWithLabel("default", "app", "web")].map((p) => p.key).sort();
    assert.deepEqual(names(), ["default/a", "default/b"]);
    cache.updatePod(makePod("a", { labels: { app: "db" }, nodeName: "n1" }));
    cache.forgetPod("default/b");
    assert.deepEqual(names(), []);
    assert.deepEqual([...cache.podsWithLabel("default", "app", "db")].map((p) => p.key), ["default/a"]);
  });
});
