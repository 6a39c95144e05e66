/** Which resources answer a Table Accept header: those with a table convertor, as upstream. */
import assert from "node:assert/strict";
import { after, before, describe, it } from "node:test";
import { ADMIN, startTestCluster, type TestCluster } from "../../client/test-fixtures.js";

const TABLE = "application/json;as=Table;v=v1;g=meta.k8s.io";
let c: TestCluster;

async function post(path: string, body: unknown, accept: string) {
  const res = await c.server.handle({
    method: "POST",
    path,
    query: new URLSearchParams(),
    headers: { "content-type": "application/json", accept },
    body: Buffer.from(JSON.stringify(body)),
    user: ADMIN,
    signal: new AbortController().signal,
  });
  return { status: res.status, value: JSON.parse(res.body!.toString()) as { kind?: string; reason?: string; message?: string; code?: number } };
}

const review = { apiVersion: "authorization.k8s.io/v1", kind: "SelfSubjectAccessReview", spec: { nonResourceAttributes: { path: "/", verb: "get" } } };

describe("Table negotiation on create", { concurrency: false }, () => {
  before(async () => {
    c = await startTestCluster();
  });
  after(async () => {
    await c?.close();
  });

  it("a review kind has no table convertor: 406 NotAcceptable", async () => {
    const res = await post("/apis/authorization.k8s.io/v1/selfsubjectaccessreviews", review, TABLE);
    assert.equal(res.status, 406);
    assert.equal(res.value.reason, "NotAcceptable");
    assert.equal(res.value.code, 406);
    assert.equal(res.value.message, "only the following media types are accepted: application/json, application/yaml, application/vnd.kubernetes.protobuf");
  });

  it("the same review as JSON is answered", async () => {
    const res = await post("/apis/authorization.k8s.io/v1/selfsubjectaccessreviews", review, "application/json");
    assert.equal(res.status, 201);
    assert.equal(res.value.kind, "SelfSubjectAccessReview");
  });

  it("a stored resource still answers a create with a Table", async () => {
    const res = await post("/api/v1/namespaces/default/configmaps", { apiVersion: "v1", kind: "ConfigMap", metadata: { name: "t" } }, TABLE);
    assert.equal(res.status, 201);
    assert.equal(res.value.kind, "Table");
  });
});
