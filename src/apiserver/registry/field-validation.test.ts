/**
 * fieldValidation through the whole request path: unknown and duplicate
 * fields of typed objects in JSON, YAML and apply bodies, with upstream's
 * words and order.
 */
import assert from "node:assert/strict";
import { after, before, describe, it } from "node:test";
import { ADMIN, startTestCluster, type TestCluster } from "../../client/test-fixtures.js";

let c: TestCluster;

async function call(method: string, url: string, body: string, contentType = "application/json") {
  const [path, query = ""] = url.split("?");
  const res = await c.server.handle({
    method,
    path,
    query: new URLSearchParams(query),
    headers: { "content-type": contentType, accept: "application/json" },
    body: Buffer.from(body),
    user: ADMIN,
    signal: new AbortController().signal,
  });
  const text = res.body === undefined ? "" : res.body.toString();
  const warnings = ([] as string[]).concat(res.headers?.warning ?? []).map((w) => JSON.parse(w.replace(/^299 - /, "")) as string);
  return { status: res.status, message: (JSON.parse(text) as { message?: string }).message ?? "", warnings };
}

const deployment = (name: string, spec: string) => `{
  "apiVersion": "apps/v1",
  "kind": "Deployment",
  "metadata": {"name": "${name}", "labels": {"app": "nginx"}},
  "spec": {${spec}
    "selector": {"matchLabels": {"app": "nginx"}},
    "template": {"metadata": {"labels": {"app": "nginx"}}, "spec": {"containers": [{"name": "nginx", "image": "nginx:latest", "imagePullPolicy": "Never", "imagePullPolicy": "Always"}]}}
  }
}`;

const DEPLOYMENTS = "/apis/apps/v1/namespaces/default/deployments";

describe("field validation of typed objects", { concurrency: false }, () => {
  before(async () => {
    c = await startTestCluster();
  });
  after(async () => {
    await c?.close();
  });

  it("Strict refuses unknown and duplicate JSON fields in document order", async () => {
    const res = await call("POST", `${DEPLOYMENTS}?fieldValidation=Strict`, deployment("strict", `"unknownField": "foo", "replicas": 2, "replicas": 3,`));
    assert.equal(res.status, 400);
    assert.equal(res.message, 'Deployment in version "v1" cannot be handled as a Deployment: strict decoding error: unknown field "spec.unknownField", duplicate field "spec.replicas", duplicate field "spec.template.spec.containers[0].imagePullPolicy"');
  });

  it("Warn creates the object, the last repeat winning, with a warning per finding", async () => {
    const res = await call("POST", `${DEPLOYMENTS}?fieldValidation=Warn`, deployment("warn", `"paused": false, "paused": true,`));
    assert.equal(res.status, 201);
    assert.deepEqual(res.warnings, ['duplicate field "spec.paused"', 'duplicate field "spec.template.spec.containers[0].imagePullPolicy"']);
  });

  it("Ignore says nothing", async () => {
    const res = await call("POST", `${DEPLOYMENTS}?fieldValidation=Ignore`, deployment("ignore", `"paused": false, "paused": true,`));
    assert.equal(res.status, 201);
    assert.deepEqual(res.warnings, []);
  });

  it("a YAML body's repeats come first, as go-yaml's unmarshal errors", async () => {
    const yaml = "apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: cm\n  name: cm\n  unknownMeta: x\ndata:\n  a: '1'\n  a: '2'\n";
    const res = await call("POST", "/api/v1/namespaces/default/configmaps?fieldValidation=Strict", yaml, "application/yaml");
    assert.equal(res.status, 400);
    assert.equal(res.message, 'ConfigMap in version "v1" cannot be handled as a ConfigMap: strict decoding error: yaml: unmarshal errors:\n  line 5: key "name" already set in map\n  line 9: key "a" already set in map, unknown field "metadata.unknownMeta"');
    const warned = await call("POST", "/api/v1/namespaces/default/configmaps?fieldValidation=Warn", yaml, "application/yaml");
    assert.equal(warned.status, 201);
    assert.deepEqual(warned.warnings, ['line 5: key "name" already set in map', 'line 9: key "a" already set in map', 'unknown field "metadata.unknownMeta"']);
  });

  it("an apply body's repeats are refused under Strict and warned about under Warn", async () => {
    const body = deployment("applied", `"paused": false, "paused": true,`);
    const url = `${DEPLOYMENTS}/applied?fieldManager=mgr`;
    const strict = await call("PATCH", `${url}&fieldValidation=Strict`, body, "application/apply-patch+yaml");
    assert.equal(strict.status, 400);
    assert.equal(strict.message, 'error strict decoding YAML: error converting YAML to JSON: yaml: unmarshal errors:\n  line 5: key "paused" already set in map\n  line 7: key "imagePullPolicy" already set in map');
    const warned = await call("PATCH", url, body, "application/apply-patch+yaml");
    assert.equal(warned.status, 201);
    assert.deepEqual(warned.warnings, ['line 5: key "paused" already set in map', 'line 7: key "imagePullPolicy" already set in map']);
  });

  it("a merge patch's repeats are reported before the result's unknown fields", async () => {
    await call("POST", DEPLOYMENTS, deployment("patched", ""));
    const res = await call("PATCH", `${DEPLOYMENTS}/patched?fieldValidation=Strict`, '{"spec":{"paused":true,"paused":false,"unknown1":1}}', "application/merge-patch+json");
    assert.equal(res.status, 400);
    assert.equal(res.message, 'Deployment in version "v1" cannot be handled as a Deployment: strict decoding error: duplicate field "spec.paused", unknown field "spec.unknown1"');
  });
});
