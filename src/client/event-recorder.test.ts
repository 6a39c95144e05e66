import assert from "node:assert/strict";
import { after, before, describe, it } from "node:test";
import { VirtualClock } from "../util/clock.js";
import { COMBINED_PREFIX } from "./event-correlator.js";
import { createEventRecorder } from "./event-recorder.js";
import type { CoreEvent } from "./event-types.js";
import { CONFIGMAPS, EVENTS } from "./resources.js";
import { configMap, startTestCluster, type TestCluster } from "./test-fixtures.js";
import type { KubeObject } from "./types.js";

describe("the event recorder", () => {
  let c: TestCluster;
  let clock: VirtualClock;
  let subject: KubeObject;
  before(async () => {
    clock = new VirtualClock();
    c = await startTestCluster(clock);
    subject = await c.client.create(CONFIGMAPS, "default", configMap("subject"));
  });
  after(() => c.close());

  const eventsFor = async (name: string) =>
    (await c.client.list<CoreEvent>(EVENTS, { namespace: "default", fieldSelector: `involvedObject.name=${name}` })).items;

  it("writes a core/v1 Event as client-go does", async () => {
    const rec = createEventRecorder({ client: c.client, clock, component: "test-controller", host: "node-1" });
    rec.event(subject, "Normal", "Created", "created the thing");
    await rec.flush();
    const [ev, ...rest] = await eventsFor("subject");
    assert.equal(rest.length, 0);
    assert.match(ev!.metadata.name!, /^subject\.[0-9a-f]{16}$/);
    assert.equal(ev!.metadata.name, `subject.${(BigInt(clock.now()) * 1_000_000n).toString(16)}`);
    assert.deepEqual(ev!.involvedObject, { kind: "ConfigMap", namespace: "default", name: "subject", uid: subject.metadata.uid, apiVersion: "v1", resourceVersion: subject.metadata.resourceVersion });
    assert.deepEqual(ev!.source, { component: "test-controller", host: "node-1" });
    assert.equal(ev!.reportingComponent, "test-controller");
    assert.equal(ev!.reportingInstance, "node-1");
    assert.equal(ev!.type, "Normal");
    assert.equal(ev!.reason, "Created");
    assert.equal(ev!.message, "created the thing");
    assert.equal(ev!.count, 1);
    assert.equal(ev!.firstTimestamp, new Date(clock.now()).toISOString().replace(".000Z", "Z"));
    assert.equal(ev!.lastTimestamp, ev!.firstTimestamp);
  });

  it("merges identical events into one with a count and a later lastTimestamp, and keeps different ones apart", async () => {
    const obj = await c.client.create(CONFIGMAPS, "default", configMap("repeat"));
    const rec = createEventRecorder({ client: c.client, clock, component: "test-controller" });
    rec.event(obj, "Warning", "Failed", "boom");
    rec.event(obj, "Warning", "Failed", "boom");
    await clock.advance(5_000);
    rec.event(obj, "Warning", "Failed", "boom");
    rec.event(obj, "Warning", "Failed", "different");
    rec.event(obj, "Normal", "Failed", "boom");
    await rec.flush();
    const evs = await eventsFor("repeat");
    const boom = evs.find((e) => e.type === "Warning" && e.message === "boom")!;
    assert.equal(evs.length, 3);
    assert.equal(boom.count, 3);
    assert.equal(Date.parse(boom.lastTimestamp!) - Date.parse(boom.firstTimestamp!), 5_000);
  });

  it("combines more than ten similar events with different messages", async () => {
    const obj = await c.client.create(CONFIGMAPS, "default", configMap("similar"));
    const rec = createEventRecorder({ client: c.client, clock, component: "test-controller" });
    for (let i = 0; i < 12; i++) rec.event(obj, "Warning", "BackOff", `attempt ${i}`);
    await rec.flush();
    const evs = await eventsFor("similar");
    assert.equal(evs.length, 10);
    const combined = evs.find((e) => e.message?.startsWith(COMBINED_PREFIX))!;
    assert.equal(combined.count, 3);
    assert.equal(combined.message, `${COMBINED_PREFIX}attempt 11`);
  });

  it("drops events about one object beyond a burst of 25", async () => {
    const obj = await c.client.create(CONFIGMAPS, "default", configMap("spam"));
    const rec = createEventRecorder({ client: c.client, clock, component: "test-controller" });
    for (let i = 0; i < 30; i++) rec.event(obj, "Normal", `Reason${i}`, "m");
    await rec.flush();
    assert.equal((await eventsFor("spam")).length, 25);
  });

  it("counts repeats the spam filter dropped, as client-go, when a later one is written", async () => {
    const obj = await c.client.create(CONFIGMAPS, "default", configMap("noisy"));
    const rec = createEventRecorder({ client: c.client, clock, component: "test-controller" });
    for (let i = 0; i < 26; i++) rec.event(obj, "Warning", "Unhealthy", "probe failed");
    await rec.flush();
    assert.equal((await eventsFor("noisy"))[0]!.count, 25);
    // One token back after five minutes: the next repeat is written with every occurrence counted.
    await clock.advance(300_000);
    rec.event(obj, "Warning", "Unhealthy", "probe failed");
    await rec.flush();
    const evs = await eventsFor("noisy");
    assert.equal(evs.length, 1);
    assert.equal(evs[0]!.count, 27);
  });

  it("never throws to the caller when the server rejects an event", async () => {
    const logs: string[] = [];
    const rec = createEventRecorder({ client: c.client, clock, component: "test-controller", log: (m) => logs.push(m) });
    rec.event({ metadata: { name: "ghost", namespace: "no-such-namespace" } }, "Normal", "X", "y");
    await rec.flush();
    assert.ok(logs.some((m) => m.includes("will not retry")));
  });
});
