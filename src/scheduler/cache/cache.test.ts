import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { VirtualClock } from "../../util/clock.js";
import { newPodInfo, withNodeName } from "../framework/pod-info.js";
import { makeNode, makePod } from "../testing/builders.js";
import { compileSelector } from "../framework/labels.js";
import { MAX_SELECTOR_COUNTS, SchedulerCache } from "./cache.js";

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

  it("counts matching pods per node for a selector, from its first use on", () => {
    const { cache } = setup();
    cache.addPod(makePod("a", { labels: { app: "web" }, nodeName: "n1" }));
    cache.addPod(makePod("b", { labels: { app: "db" }, nodeName: "n1" }));
    const web = cache.selectorCountsFor("default", "app=web", compileSelector({ matchLabels: { app: "web" } }));
    const n1 = cache.nodeInfo("n1")!;
    const n2 = cache.nodeInfo("n2")!;
    assert.deepEqual([web.count(n1), web.count(n2)], [1, 0]);
    cache.assumePod(withNodeName(newPodInfo(makePod("c", { labels: { app: "web" } })), "n2"));
    cache.addPod(makePod("d", { namespace: "other", labels: { app: "web" }, nodeName: "n2" }));
    cache.updatePod({ ...makePod("a", { labels: { app: "web" }, nodeName: "n1" }), metadata: { name: "a", namespace: "default", labels: { app: "web" }, deletionTimestamp: "2024-01-01T00:00:00Z" } });
    assert.deepEqual([web.count(n1), web.count(n2)], [0, 1]);
    assert.equal(cache.selectorCountsFor("default", "app=web", compileSelector({ matchLabels: { app: "web" } })), web);
  });

  it("gives a new node the slot of a dropped one, its counts starting at zero", () => {
    const { cache } = setup();
    const web = cache.selectorCountsFor("default", "app=web", compileSelector({ matchLabels: { app: "web" } }));
    cache.addPod(makePod("a", { labels: { app: "web" }, nodeName: "n1" }));
    const slot = cache.nodeInfo("n1")!.slot;
    cache.removeNode(makeNode("n1"));
    cache.removePod(makePod("a", { nodeName: "n1" }));
    cache.addNode(makeNode("n3"));
    const n3 = cache.nodeInfo("n3")!;
    assert.equal(n3.slot, slot);
    assert.notEqual(n3.slot, cache.nodeInfo("n2")!.slot);
    assert.equal(web.count(n3), 0);
  });

  it("keeps counts for the selectors used most recently only", () => {
    const { cache } = setup();
    const first = cache.selectorCountsFor("default", "k0", compileSelector({ matchLabels: { app: "web" } }));
    for (let i = 1; i <= MAX_SELECTOR_COUNTS; i++) cache.selectorCountsFor("default", `k${i}`, compileSelector({ matchLabels: { app: `a${i}` } }));
    cache.addPod(makePod("a", { labels: { app: "web" }, nodeName: "n1" }));
    // Dropped: no longer kept up to date, and a new one is counted afresh.
    assert.equal(first.count(cache.nodeInfo("n1")!), 0);
    const again = cache.selectorCountsFor("default", "k0", compileSelector({ matchLabels: { app: "web" } }));
    assert.notEqual(again, first);
    assert.equal(again.count(cache.nodeInfo("n1")!), 1);
  });
});
