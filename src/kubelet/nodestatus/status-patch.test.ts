import { test } from "node:test";
import assert from "node:assert/strict";
import type { Node, NodeStatus } from "kubernetes-types/core/v1.js";
import { loadDefinitions } from "../../apiserver/openapi/load.js";
import { schemaFromOpenApiDefinitions } from "../../apiserver/patch/schema.js";
import { applyStrategicMergePatch } from "../../apiserver/patch/strategic-merge.js";
import type { JsonValue } from "../../apiserver/patch/json-value.js";
import { nodeConditions } from "./conditions.js";
import { staticNodeStatus } from "./node-object.js";
import { nodeStatusPatch } from "./status-patch.js";

const schema = schemaFromOpenApiDefinitions(loadDefinitions().file.definitions);
const apply = (node: Node, patch: object) => applyStrategicMergePatch(node as unknown as JsonValue, patch as JsonValue, schema, "io.k8s.api.core.v1.Node") as unknown as Node;

const identity = { nodeName: "node-1", nodeIP: "172.16.0.9", capacity: { cpu: "4", memory: "16Gi", pods: "110" } };
const notReady = { readyErrors: ["network not ready"] };
const healthy = { readyErrors: [] };

function statusAt(previous: NodeStatus | undefined, health: { readyErrors: string[] }, now: number): NodeStatus {
  return { ...staticNodeStatus(identity, "boot"), conditions: nodeConditions(previous?.conditions, health, now) };
}

test("A heartbeat patch carries only the conditions' new times, in upstream's two-way form", () => {
  const first = statusAt(undefined, healthy, 1_000);
  const node: Node = { metadata: { name: "node-1" }, status: first };
  const next = statusAt(first, healthy, 11_000);
  const patch = nodeStatusPatch(first, next);
  const stamp = next.conditions![0]!.lastHeartbeatTime;
  assert.deepEqual(patch, {
    status: {
      "$setElementOrder/conditions": [{ type: "MemoryPressure" }, { type: "DiskPressure" }, { type: "PIDPressure" }, { type: "Ready" }],
      conditions: ["MemoryPressure", "DiskPressure", "PIDPressure", "Ready"].map((type) => ({ lastHeartbeatTime: stamp, type })),
    },
  });
  assert.deepEqual(apply(node, patch).status, next);
});

test("Applied to the Node read, the patch gives what the whole status gave, keeping what others wrote", () => {
  const first = statusAt(undefined, notReady, 1_000);
  // Others' fields: the network's condition first, an extended resource, a cloud address.
  const read: NodeStatus = {
    ...first,
    conditions: [{ type: "NetworkUnavailable", status: "False", reason: "RouteCreated", message: "route created" }, ...first.conditions!],
    capacity: { ...first.capacity, "example.com/dongle": "4" },
    addresses: [...first.addresses!, { type: "ExternalIP", address: "203.0.113.9" }],
  };
  const node: Node = { metadata: { name: "node-1" }, status: read };
  for (const next of [statusAt(read, healthy, 11_000), { ...statusAt(read, healthy, 11_000), capacity: { ...first.capacity, cpu: "8" }, daemonEndpoints: { kubeletEndpoint: { Port: 10251 } } }]) {
    const small = apply(node, nodeStatusPatch(read, next)).status;
    const whole = apply(node, { status: next }).status;
    assert.deepEqual(small, whole);
    assert.equal(small?.conditions?.[0]?.type, "NetworkUnavailable");
    assert.equal(small?.conditions?.find((c) => c.type === "Ready")?.status, "True");
    assert.equal(small?.capacity?.["example.com/dongle"], "4");
    assert.ok(small?.addresses?.some((a) => a.type === "ExternalIP"));
  }
  const moved = { ...statusAt(read, healthy, 11_000), addresses: [{ type: "InternalIP", address: "172.16.0.10" }, { type: "Hostname", address: "node-1" }] };
  const patch = nodeStatusPatch(read, moved);
  assert.deepEqual(patch.status.addresses, moved.addresses);
  assert.deepEqual(apply(node, patch).status, apply(node, { status: moved }).status);
});

test("Without a Node read, the whole status is sent", () => {
  const next = statusAt(undefined, healthy, 1_000);
  assert.deepEqual(nodeStatusPatch(undefined, next), { status: next });
});
