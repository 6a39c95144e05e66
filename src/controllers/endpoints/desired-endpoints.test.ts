import { test } from "node:test";
import assert from "node:assert/strict";
import type { Pod, Service } from "kubernetes-types/core/v1.js";
import { desiredSubsets } from "./desired-endpoints.js";

const svc = (extra: Partial<NonNullable<Service["spec"]>> = {}): Service => ({ metadata: { name: "web", namespace: "default" }, spec: { selector: { app: "web" }, ports: [{ name: "http", port: 80, targetPort: "http" }], ...extra } });
const pod = (name: string, ip: string, ready: boolean, extra: Partial<Pod["metadata"]> = {}): Pod => ({
  metadata: { name, namespace: "default", uid: `uid-${name}`, labels: { app: "web" }, ...extra },
  spec: { nodeName: "node-1", containers: [{ name: "c", image: "x", ports: [{ name: "http", containerPort: 8080 }] }] },
  status: { phase: "Running", podIP: ip, conditions: [{ type: "Ready", status: ready ? "True" : "False" }] },
});

test("ready and unready pods land in addresses and notReadyAddresses with the named port resolved", () => {
  const subsets = desiredSubsets(svc(), [pod("b", "10.244.0.3", true), pod("a", "10.244.0.2", true), pod("c", "10.244.0.4", false)]);
  assert.deepEqual(subsets, [
    {
      addresses: [
        { ip: "10.244.0.2", nodeName: "node-1", targetRef: { kind: "Pod", namespace: "default", name: "a", uid: "uid-a" } },
        { ip: "10.244.0.3", nodeName: "node-1", targetRef: { kind: "Pod", namespace: "default", name: "b", uid: "uid-b" } },
      ],
      notReadyAddresses: [{ ip: "10.244.0.4", nodeName: "node-1", targetRef: { kind: "Pod", namespace: "default", name: "c", uid: "uid-c" } }],
      ports: [{ name: "http", port: 8080, protocol: "TCP" }],
    },
  ]);
});

test("publishNotReadyAddresses puts unready pods among the ready addresses", () => {
  const [s] = desiredSubsets(svc({ publishNotReadyAddresses: true }), [pod("c", "10.244.0.4", false)]);
  assert.equal(s!.addresses!.length, 1);
  assert.equal(s!.notReadyAddresses, undefined);
});

test("terminating pods, pods without an IP and finished pods are left out", () => {
  const noIP = pod("n", "", true);
  const running = pod("d", "10.244.0.9", false);
  const done: Pod = { ...running, status: { ...running.status, phase: "Succeeded" } };
  assert.deepEqual(desiredSubsets(svc(), [pod("t", "10.244.0.5", true, { deletionTimestamp: "2026-01-01T00:00:00Z" }), noIP, done]), []);
});

test("a pod without the named container port is left out", () => {
  const p: Pod = { ...pod("a", "10.244.0.2", true), spec: { containers: [{ name: "c", image: "x" }] } };
  assert.deepEqual(desiredSubsets(svc(), [p]), []);
});

test("numeric target ports need no container port", () => {
  const [s] = desiredSubsets(svc({ ports: [{ port: 80, targetPort: 9376 }] }), [pod("a", "10.244.0.2", true)]);
  assert.deepEqual(s!.ports, [{ port: 9376, protocol: "TCP" }]);
});
