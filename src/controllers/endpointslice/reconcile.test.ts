import { test } from "node:test";
import assert from "node:assert/strict";
import type { Pod, Service } from "kubernetes-types/core/v1.js";
import type { EndpointSlice } from "kubernetes-types/discovery/v1.js";
import { desiredEndpointGroups } from "./desired-endpoints.js";
import { reconcileSlices } from "./reconcile.js";

const svc: Service = { metadata: { name: "web", namespace: "default" }, spec: { selector: { app: "web" }, ports: [{ name: "http", port: 80, targetPort: 8080 }] } };
const pod = (i: number, ready = true, terminating = false): Pod => ({
  metadata: { name: `web-${i}`, namespace: "default", uid: `u${i}`, ...(terminating ? { deletionTimestamp: "2026-01-01T00:00:00Z" } : {}) },
  spec: { nodeName: "node-1", containers: [] },
  status: { phase: "Running", podIP: `10.244.${Math.floor(i / 250)}.${(i % 250) + 1}`, conditions: [{ type: "Ready", status: ready ? "True" : "False" }] },
});
const zoned = () => ({ metadata: { name: "node-1", labels: { "topology.kubernetes.io/zone": "zone-a" } } });
const meta = (s?: EndpointSlice) => (s ? { name: s.metadata!.name } : { generateName: "web-" });

test("endpoints carry ready, serving and terminating conditions, node, zone and target", () => {
  const [g] = desiredEndpointGroups(svc, [pod(0), pod(1, false), pod(2, true, true)], zoned);
  assert.deepEqual(g!.endpoints.map((e) => e.conditions), [
    { ready: true, serving: true, terminating: false },
    { ready: false, serving: false, terminating: false },
    { ready: false, serving: true, terminating: true },
  ]);
  assert.deepEqual([g!.endpoints[0]!.nodeName, g!.endpoints[0]!.zone, g!.endpoints[0]!.targetRef?.name], ["node-1", "zone-a", "web-0"]);
  assert.deepEqual(g!.ports, [{ name: "http", port: 8080, protocol: "TCP" }]);
});

test("250 endpoints fill three new slices of at most 100", () => {
  const groups = desiredEndpointGroups(svc, Array.from({ length: 250 }, (_, i) => pod(i)), () => undefined);
  const c = reconcileSlices({ groups, existing: [], metadata: meta });
  assert.deepEqual(c.create.map((s) => s.endpoints.length), [100, 100, 50]);
});

test("an unchanged slice is not rewritten and a removed pod updates only its slice", () => {
  const groups = desiredEndpointGroups(svc, [pod(0), pod(1)], () => undefined);
  const existing: EndpointSlice = { metadata: { name: "web-abc" }, addressType: "IPv4", ports: groups[0]!.ports, endpoints: groups[0]!.endpoints };
  assert.deepEqual(reconcileSlices({ groups, existing: [existing], metadata: meta }), { create: [], update: [], delete: [] });
  const fewer = desiredEndpointGroups(svc, [pod(0)], () => undefined);
  const c = reconcileSlices({ groups: fewer, existing: [existing], metadata: meta });
  assert.deepEqual([c.create.length, c.update.length, c.delete.length], [0, 1, 0]);
  assert.equal(c.update[0]!.endpoints.length, 1);
});

test("a Service with no endpoints keeps one empty placeholder slice", () => {
  const c = reconcileSlices({ groups: [], existing: [], metadata: meta });
  assert.equal(c.create.length, 1);
  assert.deepEqual([c.create[0]!.endpoints, c.create[0]!.ports], [[], []]);
});
