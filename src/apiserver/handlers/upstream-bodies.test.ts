/**
 * Bodies and behaviours a client sees exactly as upstream's: field order
 * and framing, decode errors, boolean query parameters, and the managed
 * fields an Update records.
 */
import assert from "node:assert/strict";
import { after, before, describe, it } from "node:test";
import { ADMIN, startTestCluster, type TestCluster } from "../../client/test-fixtures.js";
import type { ApiResponse } from "../http/types.js";

let c: TestCluster;

async function call(method: string, url: string, body?: unknown, contentType = "application/json"): Promise<ApiResponse & { text: string }> {
  const [path, query = ""] = url.split("?");
  const res = await c.server.handle({
    method,
    path,
    query: new URLSearchParams(query),
    headers: { "content-type": contentType, accept: "application/json", "user-agent": "test/1.0" },
    body: body === undefined ? undefined : Buffer.from(typeof body === "string" ? body : JSON.stringify(body)),
    user: ADMIN,
    signal: new AbortController().signal,
  });
  return { ...res, text: res.body === undefined ? "" : res.body.toString() };
}

const POD_YAML = "apiVersion: v1\nkind: Pod\nmetadata:\n  name: valid-pod\nspec:\n  containers:\n  - name: c\n    image: nginx\n";

describe("upstream's bodies", { concurrency: false }, () => {
  before(async () => {
    c = await startTestCluster();
  });
  after(async () => {
    await c?.close();
  });

  it("serves a created Pod in Go struct order, ending with a newline, the same on get and list", async () => {
    const created = await call("POST", "/api/v1/namespaces/default/pods", {
      spec: { containers: [{ image: "nginx", name: "c" }] },
      metadata: { labels: { z: "1", a: "2" }, name: "ordered" },
      kind: "Pod",
      apiVersion: "v1",
    });
    assert.equal(created.status, 201, created.text);
    assert.ok(created.text.endsWith("}\n"));
    const obj = JSON.parse(created.text);
    assert.deepEqual(Object.keys(obj), ["kind", "apiVersion", "metadata", "spec", "status"]);
    assert.deepEqual(Object.keys(obj.metadata), ["name", "namespace", "uid", "resourceVersion", "generation", "creationTimestamp", "labels", "managedFields"]);
    assert.deepEqual(Object.keys(obj.metadata.labels), ["a", "z"]);
    assert.deepEqual(Object.keys(obj.spec.containers[0]).slice(0, 2), ["name", "image"]);
    const got = await call("GET", "/api/v1/namespaces/default/pods/ordered");
    assert.equal(got.text, created.text);
    const list = await call("GET", "/api/v1/namespaces/default/pods");
    assert.match(list.text, /^\{"kind":"PodList","apiVersion":"v1","metadata":\{"resourceVersion":"\d+"\},"items":\[\{"kind":"Pod","apiVersion":"v1","metadata":\{"name":"ordered","namespace":"default","uid":/);
    assert.ok(list.text.endsWith("]}\n"));
  });

  it("serves discovery documents in Go struct order with a trailing newline", async () => {
    const res = await call("GET", "/apis/apps/v1");
    assert.match(res.text, /^\{"kind":"APIResourceList","apiVersion":"v1","groupVersion":"apps\/v1","resources":\[\{"name":"controllerrevisions","singularName":"controllerrevision","namespaced":true,"kind":"ControllerRevision","verbs":\[/);
    assert.ok(res.text.endsWith("}\n"));
    const groups = await call("GET", "/apis");
    assert.match(groups.text, /^\{"kind":"APIGroupList","apiVersion":"v1","groups":\[\{"name":"[^"]+","versions":\[\{"groupVersion":/);
  });

  it("serves an object an older store wrote in another order in upstream's order", async () => {
    const legacy = { data: { b: "1", a: "2" }, metadata: { uid: "u-1", name: "legacy", namespace: "default", creationTimestamp: "2024-01-01T00:00:00Z" }, apiVersion: "v1", kind: "ConfigMap" };
    await c.store.create("/registry/configmaps/default/legacy", JSON.stringify(legacy));
    const res = await call("GET", "/api/v1/namespaces/default/configmaps/legacy");
    assert.match(res.text, /^\{"kind":"ConfigMap","apiVersion":"v1","metadata":\{"name":"legacy","namespace":"default","uid":"u-1","resourceVersion":"\d+","creationTimestamp":"2024-01-01T00:00:00Z"\},"data":\{"a":"2","b":"1"\}\}\n$/);
  });

  it("writes a Status error in upstream's field order", async () => {
    const res = await call("GET", "/api/v1/namespaces/default/configmaps/nope");
    assert.equal(res.text, '{"kind":"Status","apiVersion":"v1","metadata":{},"status":"Failure","message":"configmaps \\"nope\\" not found","reason":"NotFound","details":{"name":"nope","kind":"configmaps"},"code":404}\n');
  });

  it("rejects a body it cannot read as the endpoint's kind, in upstream's words", async () => {
    const yamlAsJson = await call("POST", "/api/v1/namespaces", POD_YAML);
    assert.equal(yamlAsJson.status, 400);
    assert.equal(
      JSON.parse(yamlAsJson.text).message,
      "the object provided is unrecognized (must be of type Namespace): couldn't get version/kind; json parse error: invalid character 'a' looking for beginning of value (61706956657273696f6e3a2076310a6b696e643a20506f640a6d65746164 ...)",
    );
    const podAsNamespace = await call("POST", "/api/v1/namespaces", { apiVersion: "v1", kind: "Pod", metadata: { name: "x" } });
    assert.equal(podAsNamespace.status, 400);
    assert.equal(JSON.parse(podAsNamespace.text).message, 'Pod in version "v1" cannot be handled as a Namespace: converting (v1.Pod) to (core.Namespace): unknown conversion');
    const deployAsStatefulSet = await call("POST", "/apis/apps/v1/namespaces/default/statefulsets", { apiVersion: "apps/v1", kind: "Deployment", metadata: { name: "x" } });
    assert.equal(JSON.parse(deployAsStatefulSet.text).message, 'Deployment in version "v1" cannot be handled as a StatefulSet: converting (v1.Deployment) to (apps.StatefulSet): unknown conversion');
    const shortJson = await call("PUT", "/api/v1/namespaces/default", "[1");
    assert.equal(JSON.parse(shortJson.text).message, "the object provided is unrecognized (must be of type Namespace): couldn't get version/kind; json parse error: unexpected end of JSON input (5b31)");
  });

  it("reads boolean query parameters as upstream's parameter codec does", async () => {
    for (const off of ["0", "false", "False", "FALSE"]) {
      const res = await call("GET", `/api/v1/namespaces/default/configmaps?watch=${off}`);
      assert.equal(res.stream, undefined, `watch=${off} lists`);
    }
    for (const on of ["1", "true", "True", "TRUE", "t"]) {
      const res = await call("GET", `/api/v1/namespaces/default/configmaps?watch=${on}&timeoutSeconds=1`);
      assert.notEqual(res.stream, undefined, `watch=${on} watches`);
    }
  });

  it("records for a status Update only the status fields that changed", async () => {
    const dep = {
      apiVersion: "apps/v1",
      kind: "Deployment",
      metadata: { name: "web" },
      spec: { selector: { matchLabels: { app: "web" } }, template: { metadata: { labels: { app: "web" } }, spec: { containers: [{ name: "c", image: "nginx" }] } } },
    };
    assert.equal((await call("POST", "/apis/apps/v1/namespaces/default/deployments?fieldManager=creator", dep)).status, 201);
    const live = JSON.parse((await call("GET", "/apis/apps/v1/namespaces/default/deployments/web")).text);
    live.status = { observedGeneration: 1, replicas: 0, unavailableReplicas: 0 };
    const res = await call("PUT", "/apis/apps/v1/namespaces/default/deployments/web/status?fieldManager=kube-controller-manager", live);
    assert.equal(res.status, 200, res.text);
    const out = JSON.parse(res.text);
    assert.deepEqual(out.status, { observedGeneration: 1 });
    const entry = out.metadata.managedFields.find((e: { manager: string }) => e.manager === "kube-controller-manager");
    assert.deepEqual(entry.fieldsV1, { "f:status": { "f:observedGeneration": {} } });
    assert.equal(entry.subresource, "status");
  });

  it("records for a create the fields the client sent and defaulting set, not what admission added", async () => {
    const res = await call("POST", "/api/v1/namespaces/default/pods?fieldManager=kubectl-client-side-apply", { apiVersion: "v1", kind: "Pod", metadata: { name: "owned" }, spec: { containers: [{ name: "c", image: "nginx" }] } });
    const obj = JSON.parse(res.text);
    assert.ok(obj.spec.tolerations?.length, "admission added tolerations");
    const spec = obj.metadata.managedFields[0].fieldsV1["f:spec"];
    assert.ok(spec["f:dnsPolicy"], "defaulted fields are owned");
    assert.equal(spec["f:tolerations"], undefined);
    assert.equal(spec["f:serviceAccountName"], undefined);
    // Compared with the Pod's Go zero value: spec and its containers list were there (null), so no ".".
    assert.equal(spec["."], undefined);
    assert.deepEqual(Object.keys(spec["f:containers"]), ['k:{"name":"c"}']);
  });
});
