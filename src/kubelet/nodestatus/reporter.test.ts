import { test } from "node:test";
import assert from "node:assert/strict";
import type { Node } from "kubernetes-types/core/v1.js";
import type { Client, KubeObject } from "../../client/index.js";
import type { EventRecorder } from "../../client/events.js";
import { nodeConditions } from "./conditions.js";
import { NodeStatusReporter } from "./reporter.js";
import { loadDefinitions } from "../../apiserver/openapi/load.js";
import { schemaFromOpenApiDefinitions } from "../../apiserver/patch/schema.js";
import { applyStrategicMergePatch } from "../../apiserver/patch/strategic-merge.js";
import type { JsonValue } from "../../apiserver/patch/json-value.js";

const schema = schemaFromOpenApiDefinitions(loadDefinitions().file.definitions);

type NodeObject = Node & KubeObject;

/** A client that records GETs and applies patches as the API server does, answering with the next resourceVersion. */
function fakeClient(server: { node: NodeObject }) {
  const calls = { get: 0, patch: 0 };
  let rv = Number(server.node.metadata.resourceVersion);
  const client = {
    async create(_gvr: unknown, _ns: unknown, obj: NodeObject) {
      return (server.node = { ...obj, metadata: { ...obj.metadata, resourceVersion: String(rv) } });
    },
    async get() {
      calls.get++;
      return server.node;
    },
    async patch(_gvr: unknown, _ns: unknown, _name: string, _type: string, body: { status: Node["status"] }) {
      calls.patch++;
      rv++;
      const patched = applyStrategicMergePatch(server.node as unknown as JsonValue, body as unknown as JsonValue, schema, "io.k8s.api.core.v1.Node") as unknown as NodeObject;
      return (server.node = { ...patched, metadata: { ...patched.metadata, resourceVersion: String(rv) } });
    },
  } as unknown as Client;
  return { client, calls };
}

const identity = { nodeName: "node-1", nodeIP: "172.16.0.9", capacity: { cpu: "4", memory: "16Gi", pods: "110" } };
const healthy = { readyErrors: [] };

test("node status compares with the informer's Node when it is no older than the last write, and reads the server otherwise", async () => {
  const server = { node: { metadata: { name: "node-1", resourceVersion: "10" } } as NodeObject };
  const { client, calls } = fakeClient(server);
  let cached: NodeObject | undefined;
  const reporter = new NodeStatusReporter({ client, identity, bootId: "b", reportFrequencyMs: 300_000, log: () => undefined, cached: () => cached });
  await reporter.register();

  // Nothing cached yet: a GET, then the first post.
  await reporter.update(healthy, 1_000);
  assert.deepEqual(calls, { get: 1, patch: 1 });

  // The watch has not delivered our write: the cache is older, so the server is read.
  cached = { ...server.node, metadata: { ...server.node.metadata, resourceVersion: "10" }, status: {} };
  await reporter.update(healthy, 11_000);
  assert.deepEqual(calls, { get: 2, patch: 1 });

  // The cache caught up: no GET, and nothing changed, so no write.
  cached = server.node;
  await reporter.update(healthy, 21_000);
  assert.deepEqual(calls, { get: 2, patch: 1 });

  // Someone marked the node Unknown (seen through the cache): the kubelet posts Ready again.
  const unknown = nodeConditions(server.node.status?.conditions, healthy, 25_000).map((c) => (c.type === "Ready" ? { ...c, status: "Unknown" as const, reason: "NodeStatusUnknown" } : c));
  cached = { ...server.node, metadata: { ...server.node.metadata, resourceVersion: "20" }, status: { ...server.node.status, conditions: unknown } };
  await reporter.update(healthy, 31_000);
  assert.deepEqual(calls, { get: 2, patch: 2 });
  assert.equal(server.node.status?.conditions?.find((c) => c.type === "Ready")?.status, "True");
});

test("Ready events follow upstream's setter: none when the condition first appears, NodeReady when it turns True", async () => {
  const server = { node: { metadata: { name: "node-1", resourceVersion: "10" } } as NodeObject };
  const { client } = fakeClient(server);
  const reasons: string[] = [];
  const recorder = { event: (_o: unknown, _t: string, reason: string) => void reasons.push(reason) } as unknown as EventRecorder;
  const reporter = new NodeStatusReporter({ client, identity, bootId: "b", reportFrequencyMs: 300_000, log: () => undefined, recorder });
  await reporter.register();
  await reporter.update({ readyErrors: ["network not ready"] }, 1_000);
  assert.deepEqual(reasons, []);
  await reporter.update(healthy, 2_000);
  assert.deepEqual(reasons, ["NodeReady"]);
  await reporter.update({ readyErrors: ["PLEG is not healthy"] }, 3_000);
  assert.deepEqual(reasons, ["NodeReady", "NodeNotReady"]);
});
