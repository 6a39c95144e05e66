import assert from "node:assert/strict";
import { after, before, describe, it } from "node:test";
import { VirtualClock } from "../util/clock.js";
import { formatMicroTime } from "../util/time.js";
import { createEventsV1Recorder } from "./events-v1-recorder.js";
import { CONFIGMAPS, EVENTS, EVENTS_V1 } from "./resources.js";
import { configMap, startTestCluster, type TestCluster } from "./test-fixtures.js";
import type { KubeObject } from "./types.js";

interface V1Event extends KubeObject {
  eventTime?: string;
  series?: { count: number; lastObservedTime: string };
  reportingController?: string;
  reportingInstance?: string;
  action?: string;
  reason?: string;
  note?: string;
  type?: string;
  regarding?: Record<string, unknown>;
  related?: Record<string, unknown>;
  deprecatedSource?: Record<string, unknown>;
}

describe("the events.k8s.io/v1 recorder", () => {
  let c: TestCluster;
  let clock: VirtualClock;
  before(async () => {
    clock = new VirtualClock();
    c = await startTestCluster(clock);
  });
  after(() => c.close());

  const eventsFor = async (name: string) => (await c.client.list<V1Event>(EVENTS_V1, { namespace: "default", fieldSelector: `regarding.name=${name}` })).items;

  it("writes an events.k8s.io/v1 Event as client-go's tools/events does", async () => {
    const obj = await c.client.create(CONFIGMAPS, "default", configMap("v1-subject"));
    const peer = await c.client.create(CONFIGMAPS, "default", configMap("v1-peer"));
    const rec = createEventsV1Recorder({ client: c.client, clock, reportingController: "default-scheduler", reportingInstance: "default-scheduler-host" });
    rec.event(obj, "Normal", "Scheduled", "Successfully assigned it", "Binding", peer);
    await rec.flush();
    const [ev, ...rest] = await eventsFor("v1-subject");
    assert.equal(rest.length, 0);
    assert.equal(ev!.metadata.name, `v1-subject.${(BigInt(clock.now()) * 1_000_000n).toString(16)}`);
    assert.equal(ev!.eventTime, formatMicroTime(clock.now()));
    assert.equal(ev!.reportingController, "default-scheduler");
    assert.equal(ev!.reportingInstance, "default-scheduler-host");
    assert.equal(ev!.action, "Binding");
    assert.equal(ev!.reason, "Scheduled");
    assert.equal(ev!.note, "Successfully assigned it");
    assert.equal(ev!.series, undefined);
    assert.deepEqual(ev!.regarding, { kind: "ConfigMap", namespace: "default", name: "v1-subject", uid: obj.metadata.uid, apiVersion: "v1", resourceVersion: obj.metadata.resourceVersion });
    assert.equal(ev!.related?.name, "v1-peer");
    assert.deepEqual(ev!.deprecatedSource, {});
    // The core/v1 view: no source, no first/last timestamps, the controller as reportingComponent.
    const core = await c.client.get<KubeObject & Record<string, unknown>>(EVENTS, "default", ev!.metadata.name!);
    assert.equal(core.message, "Successfully assigned it");
    assert.equal(core.reportingComponent, "default-scheduler");
    assert.equal(core.firstTimestamp, undefined);
  });

  it("turns repeats into a series: the second is patched at once, later ones every 30 minutes or when the series ends", async () => {
    const obj = await c.client.create(CONFIGMAPS, "default", configMap("v1-repeat"));
    const rec = createEventsV1Recorder({ client: c.client, clock, reportingController: "default-scheduler" });
    rec.event(obj, "Warning", "FailedScheduling", "0/3 nodes are available", "Scheduling");
    await rec.flush();
    await clock.advance(1_000);
    rec.event(obj, "Warning", "FailedScheduling", "0/3 nodes are available: other words", "Scheduling");
    await rec.flush();
    let [ev, ...rest] = await eventsFor("v1-repeat");
    assert.equal(rest.length, 0, "one Event for isomorphic repeats, whatever their notes");
    assert.deepEqual(ev!.series, { count: 2, lastObservedTime: formatMicroTime(clock.now()) });
    assert.equal(ev!.note, "0/3 nodes are available", "the note stays the first one's");
    await clock.advance(1_000);
    rec.event(obj, "Warning", "FailedScheduling", "again", "Scheduling");
    rec.event(obj, "Warning", "FailedScheduling", "again", "Scheduling");
    await rec.flush();
    [ev] = await eventsFor("v1-repeat");
    assert.equal(ev!.series?.count, 2, "counted in memory only until the next refresh");
    const lastSeen = clock.now();
    // The end-of-series check runs every 6 minutes and ends series idle for 6: the second check after the last repeat.
    await clock.advance(12 * 60_000);
    await rec.flush();
    [ev] = await eventsFor("v1-repeat");
    assert.deepEqual(ev!.series, { count: 4, lastObservedTime: formatMicroTime(lastSeen) }, "an ended series is written a last time");
    // A different action or reason is another event.
    rec.event(obj, "Warning", "FailedScheduling", "x", "Binding");
    await rec.flush();
    assert.equal((await eventsFor("v1-repeat")).length, 2);
  });

  it("recreates a series whose Event is gone", async () => {
    const obj = await c.client.create(CONFIGMAPS, "default", configMap("v1-gone"));
    const rec = createEventsV1Recorder({ client: c.client, clock, reportingController: "default-scheduler" });
    rec.event(obj, "Normal", "Pulled", "done", "Pulling");
    await rec.flush();
    const [first] = await eventsFor("v1-gone");
    await c.client.delete(EVENTS_V1, "default", first!.metadata.name!);
    rec.event(obj, "Normal", "Pulled", "done", "Pulling");
    await rec.flush();
    const [again, ...rest] = await eventsFor("v1-gone");
    assert.equal(rest.length, 0);
    assert.equal(again!.metadata.name, first!.metadata.name);
    assert.equal(again!.series?.count, 2);
  });
});
