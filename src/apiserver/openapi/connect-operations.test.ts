import { test } from "node:test";
import assert from "node:assert/strict";
import { builtinResources } from "../../api/index.js";
import { createOpenApiService } from "./index.js";

const doc = JSON.parse(createOpenApiService(builtinResources, { version: "v1.35.0" }).v2("application/json").body.toString()) as {
  paths: Record<string, Record<string, { operationId?: string; produces?: string[]; responses?: Record<string, { schema?: unknown }>; "x-kubernetes-group-version-kind"?: unknown } | { name: string }[]>>;
};

test("pods/exec is a connect operation per method with upstream's ids, kind and query parameters.", () => {
  const exec = doc.paths["/api/v1/namespaces/{namespace}/pods/{name}/exec"] as Record<string, { operationId: string; responses: Record<string, { schema?: unknown }>; "x-kubernetes-group-version-kind": unknown }> & { parameters: { name: string }[] };
  assert.equal(exec.get.operationId, "connectCoreV1GetNamespacedPodExec");
  assert.equal(exec.post.operationId, "connectCoreV1PostNamespacedPodExec");
  assert.deepEqual(exec.post["x-kubernetes-group-version-kind"], { group: "", kind: "PodExecOptions", version: "v1" });
  assert.deepEqual(exec.post.responses["200"].schema, { type: "string" });
  assert.deepEqual(exec.parameters.map((p) => p.name), ["command", "container", "name", "namespace", "stderr", "stdin", "stdout", "tty"]);
});

test("pods/log is read as text; nodes/proxy has a path form.", () => {
  const log = doc.paths["/api/v1/namespaces/{namespace}/pods/{name}/log"] as Record<string, { operationId: string; produces: string[] }>;
  assert.equal(log.get.operationId, "readCoreV1NamespacedPodLog");
  assert.equal(log.get.produces[0], "text/plain");
  const proxy = doc.paths["/api/v1/nodes/{name}/proxy/{path}"] as Record<string, { operationId: string }>;
  assert.equal(proxy.get.operationId, "connectCoreV1GetNodeProxyWithPath");
  assert.equal((doc.paths["/api/v1/nodes/{name}/proxy"] as Record<string, { operationId: string }>).post.operationId, "connectCoreV1PostNodeProxy");
});
