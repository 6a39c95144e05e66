import { test } from "node:test";
import assert from "node:assert/strict";
import { ADMIN, startTestCluster } from "../../client/test-fixtures.js";
import type { ApiResponse } from "../http/types.js";

async function withCluster(fn: (call: (method: string, path: string, body?: unknown) => Promise<{ status: number; json: any }>) => Promise<void>): Promise<void> {
  const cluster = await startTestCluster();
  try {
    const call = async (method: string, path: string, body?: unknown) => {
      const res: ApiResponse = await cluster.server.handle({
        method,
        path,
        query: new URLSearchParams(),
        headers: { "content-type": "application/json", accept: "application/json" },
        body: body === undefined ? undefined : Buffer.from(JSON.stringify(body)),
        user: ADMIN,
        signal: new AbortController().signal,
      });
      const text = res.body === undefined ? JSON.stringify(res.object ?? null) : res.body.toString();
      return { status: res.status, json: JSON.parse(text) };
    };
    await fn(call);
  } finally {
    await cluster.close();
  }
}

const pod = { apiVersion: "v1", kind: "Pod", metadata: { name: "web" }, spec: { containers: [{ name: "app", image: "nginx" }] } };

test("POST bindings binds the pod named by the Binding, as pods/binding does.", async () => {
  await withCluster(async (call) => {
    assert.equal((await call("POST", "/api/v1/namespaces/default/pods", pod)).status, 201);
    const res = await call("POST", "/api/v1/namespaces/default/bindings", { apiVersion: "v1", kind: "Binding", metadata: { name: "web" }, target: { kind: "Node", name: "n1" } });
    assert.equal(res.status, 201);
    assert.equal(res.json.status, "Success");
    const got = await call("GET", "/api/v1/namespaces/default/pods/web");
    assert.equal(got.json.spec.nodeName, "n1");
    const again = await call("POST", "/api/v1/namespaces/default/bindings", { metadata: { name: "web" }, target: { name: "n2" } });
    assert.equal(again.status, 409);
    assert.equal(again.json.message, 'Operation cannot be fulfilled on pods/binding "web": pod web is already assigned to node "n1"');
  });
});

test("bindings serves create only, and a Binding without a name or pod is refused.", async () => {
  await withCluster(async (call) => {
    assert.equal((await call("GET", "/api/v1/namespaces/default/bindings")).status, 405);
    const unnamed = await call("POST", "/api/v1/namespaces/default/bindings", { target: { name: "n1" } });
    assert.equal(unnamed.status, 422);
    assert.equal(unnamed.json.message, 'Binding "" is invalid: metadata.name: Required value: name or generateName is required');
    const missing = await call("POST", "/api/v1/namespaces/default/bindings", { metadata: { name: "nope" }, target: { name: "n1" } });
    assert.equal(missing.status, 404);
    assert.equal(missing.json.message, 'pods "nope" not found');
    const elsewhere = await call("POST", "/api/v1/namespaces/default/bindings", { metadata: { name: "web", namespace: "kube-system" }, target: { name: "n1" } });
    assert.equal(elsewhere.status, 400);
    assert.equal(elsewhere.json.message, "the namespace of the provided object does not match the namespace sent on the request");
  });
});
