import { test } from "node:test";
import assert from "node:assert/strict";
import { fieldErrorMessage, type FieldError } from "../validation/field.js";
import { events, type EventObject } from "./events.js";
import { endpoints, type EndpointsObject } from "./endpoints.js";
import { serviceaccounts, type ServiceAccountObject } from "./serviceaccounts.js";
import { testContext } from "../testing/hook-context.js";

const ctx = testContext({ now: 0 });
const now = Date.parse("2024-01-01T01:00:00Z");
const ev = (extra: Record<string, unknown>): EventObject => ({ metadata: { name: "pod.1", namespace: "default" }, involvedObject: {}, ...extra }) as EventObject;
const msgs = (e: FieldError[] | Promise<FieldError[]>) => (e as FieldError[]).map(fieldErrorMessage);

test("Event validation follows upstream's rules for core/v1.", () => {
  const cases: [EventObject, string[]][] = [
    [ev({ involvedObject: { namespace: "default" } }), []],
    [ev({ involvedObject: { namespace: "other" } }), ['involvedObject.namespace: Invalid value: "other": does not match event.namespace']],
    [ev({ metadata: { name: "n", namespace: "team" }, involvedObject: {} }), ['involvedObject.namespace: Invalid value: "": does not match event.namespace']],
    [ev({ eventTime: "2024-01-01T00:00:00.000000Z", involvedObject: { namespace: "default" } }), [
      "reportingComponent: Required value",
      'reportingComponent: Invalid value: "": name part must be non-empty',
      "reportingComponent: Invalid value: \"\": name part must consist of alphanumeric characters, '-', '_' or '.', and must start and end with an alphanumeric character (e.g. 'MyName',  or 'my.name',  or '123-abc', regex used for validation is '([A-Za-z0-9][-A-Za-z0-9_.]*)?[A-Za-z0-9]')",
      "reportingInstance: Required value",
      "action: Required value",
      "reason: Required value",
    ]],
    [ev({ eventTime: "2024-01-01T00:00:00.000000Z", involvedObject: { namespace: "default" }, reportingComponent: "kubelet", reportingInstance: "n1", action: "Pull", reason: "Pulled" }), []],
  ];
  for (const [e, want] of cases) assert.deepEqual(msgs(events.validate!(e, ctx)), want);
});

test("Event table cells follow upstream's printEvent.", () => {
  const e = ev({
    type: "Warning", reason: "BackOff", message: " Back-off restarting ", count: 5,
    firstTimestamp: "2024-01-01T00:00:00Z", lastTimestamp: "2024-01-01T00:59:00Z",
    involvedObject: { kind: "Pod", name: "web-1", namespace: "default", fieldPath: "spec.containers{web}" },
    source: { component: "kubelet", host: "node-1" },
  });
  const cells = events.columns!.map((c) => c.cell(e, { now }));
  assert.deepEqual(cells, ["60s", "Warning", "BackOff", "pod/web-1", "spec.containers{web}", "kubelet, node-1", "Back-off restarting", "60m", 5, "pod.1"]);
  const modern = ev({ eventTime: "2024-01-01T00:30:00.000000Z", reportingComponent: "sched", involvedObject: { kind: "Node" } });
  const m = Object.fromEntries(events.columns!.map((c) => [c.name, c.cell(modern, { now })]));
  assert.deepEqual([m["Last Seen"], m["First Seen"], m.Count, m.Object, m.Source], ["30m", "30m", 1, "node", "sched"]);
  const series = ev({ series: { count: 7, lastObservedTime: "2024-01-01T00:59:50.000000Z" }, firstTimestamp: "2024-01-01T00:00:00Z" });
  const s = Object.fromEntries(events.columns!.map((c) => [c.name, c.cell(series, { now })]));
  assert.deepEqual([s["Last Seen"], s.Count], ["10s", 7]);
});

test("Events are selectable by the involved object, reason, source and type.", () => {
  const f = events.selectableFields!(ev({ involvedObject: { kind: "Pod", name: "p", namespace: "default", uid: "u1" }, reason: "Started", reportingComponent: "kubelet", type: "Normal" }));
  assert.equal(f["involvedObject.kind"], "Pod");
  assert.equal(f["involvedObject.uid"], "u1");
  assert.equal(f.source, "kubelet");
  assert.equal(f.reportingComponent, "kubelet");
  assert.equal(f.type, "Normal");
  assert.equal(Object.keys(f).length, 11);
});

test("Endpoints print up to three addresses and then a count of the rest.", () => {
  const ep = (subsets: unknown[]): EndpointsObject => ({ metadata: { name: "e" }, subsets }) as EndpointsObject;
  const addrs = (...ips: string[]) => ips.map((ip) => ({ ip }));
  const cell = (e: EndpointsObject) => endpoints.columns![0].cell(e, { now });
  assert.equal(cell(ep([])), "<none>");
  assert.equal(cell(ep([{ addresses: addrs("10.0.0.1"), ports: [{ port: 80 }] }])), "10.0.0.1:80");
  assert.equal(cell(ep([{ addresses: addrs("10.0.0.1", "10.0.0.2"), ports: [{ port: 80 }, { port: 443 }] }])), "10.0.0.1:80,10.0.0.2:80,10.0.0.1:443 + 1 more...");
  assert.equal(cell(ep([{ addresses: addrs("fd00::1"), ports: [{ port: 53 }] }])), "[fd00::1]:53");
  assert.equal(cell(ep([{ addresses: addrs("10.0.0.1", "10.0.0.2") }])), "10.0.0.1,10.0.0.2");
  assert.equal(cell(ep([{ notReadyAddresses: addrs("10.0.0.1"), ports: [{ port: 80 }] }])), "");
});

test("Endpoints validation checks addresses and ports.", () => {
  const e = { metadata: { name: "e" }, subsets: [{ addresses: [{ ip: "nope" }], ports: [{ port: 0, protocol: "TCP" }, { port: 80, protocol: "TCP" }] }] } as EndpointsObject;
  assert.deepEqual(msgs(endpoints.validate!(e, ctx)), [
    'subsets[0].addresses[0].ip: Invalid value: "nope": must be a valid IP address, (e.g. 10.9.8.7 or 2001:db8::ffff)',
    "subsets[0].ports[0].name: Required value",
    "subsets[0].ports[0].port: Invalid value: 0: must be between 1 and 65535, inclusive",
    "subsets[0].ports[1].name: Required value",
  ]);
});

test("ServiceAccounts print their number of secrets.", () => {
  const sa = { metadata: { name: "default" }, secrets: [{ name: "a" }] } as ServiceAccountObject;
  assert.equal(serviceaccounts.columns![0].cell(sa, { now }), 1);
});
