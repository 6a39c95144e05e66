import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { VirtualClock } from "../../util/clock.js";
import { create as prioritySort } from "../plugins/priority-sort/priority-sort.js";
import { makePod } from "../testing/builders.js";
import { SchedulingQueue } from "./scheduling-queue.js";

function newQueue() {
  const clock = new VirtualClock();
  const sort = prioritySort(undefined, undefined as never);
  const q = new SchedulingQueue({ clock, less: (a, b) => sort.less(a, b) });
  q.run();
  return { clock, q };
}

/** Pops a pod and fails it as unschedulable by NodeResourcesFit. */
async function failOnce(q: SchedulingQueue, plugin = "NodeResourcesFit") {
  const p = (await q.pop())!;
  p.unschedulablePlugins = new Set([plugin]);
  q.addUnschedulableIfNotPresent(p, q.schedulingCycle);
  return p;
}

describe("SchedulingQueue", () => {
  it("pops higher priority first, then the earlier arrival", async () => {
    const { clock, q } = newQueue();
    for (const [name, priority] of [["low", 1], ["high-early", 10], ["mid", 5], ["high-late", 10]] as const) {
      q.add(makePod(name, { priority }));
      await clock.advance(1);
    }
    const order = [];
    for (let i = 0; i < 4; i++) order.push((await q.pop())!.info.key);
    assert.deepEqual(order, ["default/high-early", "default/high-late", "default/mid", "default/low"]);
    q.close();
  });

  it("backs off 1s doubling to at most 10s per attempt, as upstream's defaults", () => {
    const { q } = newQueue();
    assert.deepEqual([1, 2, 3, 4, 5, 6].map((n) => q.backoffDuration(n)), [1000, 2000, 4000, 8000, 10000, 10000]);
    q.close();
  });

  it("keeps an unschedulable pod until an event that may help moves it", async () => {
    const { clock, q } = newQueue();
    q.add(makePod("p"));
    await failOnce(q);
    assert.deepEqual(q.pending().unschedulable, ["default/p"]);
    q.moveAllToActiveOrBackoffQueue("AssignedPodAdd"); // NodeResourcesFit does not care about pod adds
    assert.deepEqual(q.pending().unschedulable, ["default/p"]);
    q.moveAllToActiveOrBackoffQueue("NodeAdd");
    assert.deepEqual(q.pending().backoff, ["default/p"], "still backing off: goes to backoffQ");
    await clock.advance(1000);
    assert.deepEqual(q.pending().active, ["default/p"]);
    q.close();
  });

  it("moves an event-helped pod straight to activeQ once its back-off is over", async () => {
    const { clock, q } = newQueue();
    q.add(makePod("p"));
    await failOnce(q);
    await clock.advance(1500);
    q.moveAllToActiveOrBackoffQueue("AssignedPodDelete");
    assert.deepEqual(q.pending().active, ["default/p"]);
    q.close();
  });

  it("flushes pods left unschedulable for more than 5 minutes", async () => {
    const { clock, q } = newQueue();
    q.add(makePod("p"));
    await failOnce(q);
    await clock.advance(299_000);
    assert.deepEqual(q.pending().unschedulable, ["default/p"]);
    await clock.advance(31_000);
    assert.deepEqual(q.pending().active, ["default/p"]);
    q.close();
  });

  it("sends a pod to backoffQ when a move request came in during its cycle", async () => {
    const { q } = newQueue();
    q.add(makePod("p"));
    const p = (await q.pop())!;
    q.moveAllToActiveOrBackoffQueue("NodeAdd");
    p.unschedulablePlugins = new Set(["NodeResourcesFit"]);
    q.addUnschedulableIfNotPresent(p, q.schedulingCycle);
    assert.deepEqual(q.pending().backoff, ["default/p"]);
    q.close();
  });

  it("leaves an unschedulable pod in place on a status-only update, and moves it on a spec change", async () => {
    const { q } = newQueue();
    const pod = makePod("p");
    q.add(pod);
    await failOnce(q);
    const withStatus = { ...pod, status: { conditions: [{ type: "PodScheduled", status: "False" }] } };
    q.update(pod, withStatus);
    assert.deepEqual(q.pending().unschedulable, ["default/p"]);
    q.update(withStatus, { ...withStatus, metadata: { ...withStatus.metadata, labels: { a: "b" } } });
    assert.deepEqual(q.pending().unschedulable, []);
    q.close();
  });

  it("forgets a pod deleted while in flight", async () => {
    const { q } = newQueue();
    const pod = makePod("p");
    q.add(pod);
    const p = (await q.pop())!;
    q.delete(pod);
    q.addUnschedulableIfNotPresent(p, q.schedulingCycle);
    assert.deepEqual(q.pending(), { active: [], backoff: [], unschedulable: [] });
    q.close();
  });

  it("records nominations from status and drops them on delete", () => {
    const { q } = newQueue();
    const pod = { ...makePod("p"), status: { nominatedNodeName: "node-1" } };
    q.add(pod);
    assert.deepEqual(q.nominator.nominatedPodsForNode("node-1").map((p) => p.key), ["default/p"]);
    q.delete(pod);
    assert.equal(q.nominator.nominatedPodsForNode("node-1").length, 0);
    q.close();
  });

  it("resolves a waiting pop when a pod arrives, and undefined once closed", async () => {
    const { q } = newQueue();
    const waiting = q.pop();
    q.add(makePod("p"));
    assert.equal((await waiting)?.info.key, "default/p");
    const idle = q.pop();
    q.close();
    assert.equal(await idle, undefined);
  });
});
