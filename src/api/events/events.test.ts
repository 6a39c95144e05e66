import { test } from "node:test";
import assert from "node:assert/strict";
import { events as def } from "./events.js";
import { eventFromCore, eventToCore, type EventObject } from "./convert.js";
import { message, testContext, TEST_NOW } from "../testing/hook-context.js";

const ctx = testContext();

const newEvent = (): EventObject => ({
  apiVersion: "events.k8s.io/v1",
  kind: "Event",
  metadata: { name: "web.17a", namespace: "default" },
  eventTime: "2024-05-01T11:59:00.000000Z",
  regarding: { kind: "Pod", namespace: "default", name: "web-1", fieldPath: "spec.containers{app}" },
  note: "Pulled image ",
  reason: "Pulled",
  action: "Pulling",
  type: "Normal",
  reportingController: "kubelet",
  reportingInstance: "node-1",
  series: { count: 3, lastObservedTime: "2024-05-01T11:59:30.000000Z" },
});

test("An events.k8s.io Event converts to the core shape field by field.", () => {
  const core = eventToCore(newEvent());
  assert.deepEqual(core, {
    apiVersion: "v1",
    kind: "Event",
    metadata: { name: "web.17a", namespace: "default" },
    involvedObject: { kind: "Pod", namespace: "default", name: "web-1", fieldPath: "spec.containers{app}" },
    message: "Pulled image ",
    reportingComponent: "kubelet",
    eventTime: "2024-05-01T11:59:00.000000Z",
    series: { count: 3, lastObservedTime: "2024-05-01T11:59:30.000000Z" },
    action: "Pulling",
    reason: "Pulled",
    reportingInstance: "node-1",
    type: "Normal",
  });
});

test("A core Event converts back, deprecated fields included.", () => {
  const core = {
    apiVersion: "v1",
    kind: "Event",
    metadata: { name: "x", namespace: "default" },
    involvedObject: { kind: "Node", name: "n1" },
    message: "Starting kubelet.",
    reason: "Starting",
    source: { component: "kubelet", host: "n1" },
    firstTimestamp: "2024-05-01T11:00:00Z",
    lastTimestamp: "2024-05-01T11:30:00Z",
    count: 4,
    type: "Normal",
  };
  assert.deepEqual(eventFromCore(core), {
    apiVersion: "events.k8s.io/v1",
    kind: "Event",
    metadata: { name: "x", namespace: "default" },
    regarding: { kind: "Node", name: "n1" },
    note: "Starting kubelet.",
    deprecatedSource: { component: "kubelet", host: "n1" },
    deprecatedFirstTimestamp: "2024-05-01T11:00:00Z",
    deprecatedLastTimestamp: "2024-05-01T11:30:00Z",
    deprecatedCount: 4,
    reason: "Starting",
    type: "Normal",
  });
});

test("Converting to core and back returns the same events.k8s.io Event.", () => {
  const ev = newEvent();
  assert.deepEqual(eventFromCore(eventToCore(ev)), { ...ev, deprecatedSource: {} });
});

test("A well-formed event is valid.", async () => assert.deepEqual(await def.validate!(newEvent(), ctx), []));

const invalid: { name: string; change: (e: EventObject) => void; want: string[] }[] = [
  { name: "An event without eventTime is refused.", change: (e) => delete (e as Partial<EventObject>).eventTime, want: ["eventTime: Required value"] },
  { name: "An unknown type is refused.", change: (e) => (e.type = "Bad"), want: ['type: Invalid value: "": has invalid value: Bad'] },
  { name: "A series of one is refused.", change: (e) => (e.series = { count: 1, lastObservedTime: "2024-05-01T11:59:30Z" }), want: ['series.count: Invalid value: "": should be at least 2'] },
  { name: "Deprecated fields must stay unset.", change: (e) => (e.deprecatedCount = 2), want: ['deprecatedCount: Invalid value: "": needs to be unset'] },
  { name: "A missing reporting controller is refused.", change: (e) => delete e.reportingController, want: ["reportingController: Required value", 'reportingController: Invalid value: "": name part must be non-empty', `reportingController: Invalid value: "": name part must consist of alphanumeric characters, '-', '_' or '.', and must start and end with an alphanumeric character (e.g. 'MyName',  or 'my.name',  or '123-abc', regex used for validation is '([A-Za-z0-9][-A-Za-z0-9_.]*)?[A-Za-z0-9]')`] },
];
for (const c of invalid) {
  test(c.name, async () => {
    const ev = newEvent();
    c.change(ev);
    assert.deepEqual((await def.validate!(ev, ctx)).map(message), c.want);
  });
}

test("An update may change the series but not the note.", async () => {
  const old = newEvent();
  const next = newEvent();
  next.series = { count: 4, lastObservedTime: "2024-05-01T11:59:50.000000Z" };
  assert.deepEqual(await def.validateUpdate!(next, old, ctx), []);
  next.note = "changed";
  assert.deepEqual((await def.validateUpdate!(next, old, ctx)).map(message), ['message: Invalid value: "changed": field is immutable']);
});

test("The table shows last seen from the series, the target and the trimmed note.", () => {
  const cells = def.columns!.map((c) => c.cell(newEvent(), { now: TEST_NOW }));
  assert.deepEqual(cells, ["30s", "Normal", "Pulled", "pod/web-1", "spec.containers{app}", "kubelet, node-1", "Pulled image", "60s", 3, "web.17a"]);
});

test("A singleton core-style event counts once and falls back to first seen.", () => {
  const ev = eventFromCore({ metadata: { name: "e" }, involvedObject: { kind: "Node" }, firstTimestamp: "2024-05-01T11:00:00Z", type: "Warning" });
  const byName = Object.fromEntries(def.columns!.map((c) => [c.name, c.cell(ev, { now: TEST_NOW })]));
  assert.equal(byName["Last Seen"], "60m");
  assert.equal(byName["Object"], "node");
  assert.equal(byName["Count"], 1);
});

test("Field selectors work with both the new and the core field names.", () => {
  const f = def.selectableFields!(newEvent());
  assert.equal(f["regarding.name"], "web-1");
  assert.equal(f["involvedObject.name"], "web-1");
  assert.equal(f["reportingComponent"], "kubelet");
});
