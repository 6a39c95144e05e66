import assert from "node:assert/strict";
import { after, before, describe, it } from "node:test";
import { ApiError, isApiError } from "../api/errors.js";
import { CONFIGMAPS, DEPLOYMENTS, NAMESPACES, NODES } from "./resources.js";
import { createClient, queryString, resourcePath } from "./rest-client.js";
import { configMap, startTestCluster, type TestCluster } from "./test-fixtures.js";
import type { KubeObject, Transport, TransportRequest, WatchEvent } from "./types.js";

describe("resource paths", () => {
  const cases: [string, string, string][] = [
    ["a core namespaced collection", resourcePath(CONFIGMAPS, "default"), "/api/v1/namespaces/default/configmaps"],
    ["a core cluster-scoped object", resourcePath(NODES, undefined, "n1"), "/api/v1/nodes/n1"],
    ["a namespace by name", resourcePath(NAMESPACES, undefined, "kube-system"), "/api/v1/namespaces/kube-system"],
    ["a group object's subresource", resourcePath(DEPLOYMENTS, "web", "d", "scale"), "/apis/apps/v1/namespaces/web/deployments/d/scale"],
    ["a collection across namespaces", resourcePath(DEPLOYMENTS, undefined), "/apis/apps/v1/deployments"],
    ["query strings skip unset values", queryString({ a: undefined, b: "x y", c: 3, d: "" }), "?b=x+y&c=3"],
  ];
  for (const [name, got, want] of cases) it(`builds ${name}`, () => assert.equal(got, want));
});

describe("the REST client against an in-process API server", () => {
  let c: TestCluster;
  before(async () => (c = await startTestCluster()));
  after(() => c.close());

  it("creates, gets, updates, patches, lists and deletes an object", async () => {
    const created = await c.client.create(CONFIGMAPS, "default", configMap("crud", { a: "1" }));
    assert.ok(created.metadata.uid);
    const got = await c.client.get(CONFIGMAPS, "default", "crud");
    assert.deepEqual(got.data, { a: "1" });
    const updated = await c.client.update(CONFIGMAPS, "default", { ...got, data: { a: "2" } });
    assert.notEqual(updated.metadata.resourceVersion, got.metadata.resourceVersion);
    const merged = await c.client.patch(CONFIGMAPS, "default", "crud", "merge", { data: { b: "3" } });
    assert.deepEqual(merged.data, { a: "2", b: "3" });
    const jsonPatched = await c.client.patch(CONFIGMAPS, "default", "crud", "json", [{ op: "remove", path: "/data/a" }]);
    assert.deepEqual(jsonPatched.data, { b: "3" });
    const strategic = await c.client.patch(CONFIGMAPS, "default", "crud", "strategic", { metadata: { labels: { x: "y" } } });
    assert.deepEqual(strategic.metadata.labels, { x: "y" });
    const list = await c.client.list(CONFIGMAPS, { namespace: "default", labelSelector: "x=y" });
    assert.deepEqual(list.items.map((o) => o.metadata.name), ["crud"]);
    await c.client.delete(CONFIGMAPS, "default", "crud");
    await assert.rejects(c.client.get(CONFIGMAPS, "default", "crud"), (e) => isApiError(e, "NotFound") && e.code === 404);
  });

  it("server-side applies with a field manager and force", async () => {
    const applied = await c.client.patch(CONFIGMAPS, "default", "applied", "apply", configMap("applied", { k: "v" }), { fieldManager: "test", force: true });
    assert.deepEqual(applied.data, { k: "v" });
    assert.ok(applied.metadata.managedFields?.some((m) => m.manager === "test" && m.operation === "Apply"));
  });

  it("does not persist a dry-run create", async () => {
    await c.client.create(CONFIGMAPS, "default", configMap("dry"), { dryRun: true });
    await assert.rejects(c.client.get(CONFIGMAPS, "default", "dry"), (e) => isApiError(e, "NotFound"));
  });

  it("reports a duplicate create as AlreadyExists and a stale update as Conflict", async () => {
    const first = await c.client.create(CONFIGMAPS, "default", configMap("dup"));
    await assert.rejects(c.client.create(CONFIGMAPS, "default", configMap("dup")), (e) => isApiError(e, "AlreadyExists") && e.code === 409);
    await c.client.update(CONFIGMAPS, "default", { ...first, data: { n: "1" } });
    await assert.rejects(c.client.update(CONFIGMAPS, "default", { ...first, data: { n: "2" } }), (e) => isApiError(e, "Conflict") && /the object has been modified/.test(e.message));
  });

  it("honours delete preconditions", async () => {
    await c.client.create(CONFIGMAPS, "default", configMap("pre"));
    await assert.rejects(c.client.delete(CONFIGMAPS, "default", "pre", { preconditions: { uid: "not-the-uid" } }), (e) => isApiError(e, "Conflict"));
  });

  it("pages a list with limit and continue", async () => {
    await c.client.create(NAMESPACES, undefined, { apiVersion: "v1", kind: "Namespace", metadata: { name: "paged" } });
    for (const n of ["p1", "p2", "p3"]) await c.client.create(CONFIGMAPS, "paged", configMap(n, {}, undefined, "paged"));
    const first = await c.client.list(CONFIGMAPS, { namespace: "paged", limit: 2 });
    assert.equal(first.items.length, 2);
    assert.ok(first.metadata.continue);
    const second = await c.client.list(CONFIGMAPS, { namespace: "paged", limit: 2, continue: first.metadata.continue });
    assert.deepEqual(second.items.map((o) => o.metadata.name), ["p3"]);
  });

  it("streams watch events and ends with an ERROR event for a compacted resourceVersion", async () => {
    const events: WatchEvent[] = [];
    const start = (await c.client.list(CONFIGMAPS, { namespace: "default" })).metadata.resourceVersion!;
    const w = c.client.watch(CONFIGMAPS, { namespace: "default", resourceVersion: start }, (ev) => events.push(ev), () => undefined);
    await c.client.create(CONFIGMAPS, "default", configMap("watched"));
    await c.client.delete(CONFIGMAPS, "default", "watched");
    while (events.length < 2) await new Promise((r) => setImmediate(r));
    assert.deepEqual(events.map((e) => [e.type, e.object.metadata.name]), [["ADDED", "watched"], ["DELETED", "watched"]]);
    w.close();

    await c.store.compact(await c.store.currentRevision());
    const errors: WatchEvent[] = [];
    const err = await new Promise<Error | undefined>((resolve) => c.client.watch(CONFIGMAPS, { resourceVersion: "1" }, (ev) => errors.push(ev), resolve));
    assert.equal(errors.at(-1)?.type, "ERROR");
    assert.ok(err instanceof ApiError && err.code === 410, `got ${err}`);
  });

  it("turns a non-Status failure body into a generic error for its code", async () => {
    const transport = fakeTransport({ status: 503, body: "upstream down" });
    const client = createClient({ transport, identity: "t" });
    await assert.rejects(client.get(NODES, undefined, "n"), (e) => isApiError(e, "ServiceUnavailable") && e.message === "the server is currently unable to handle the request");
  });

  it("reassembles watch lines split across chunks", async () => {
    const line = (name: string) => JSON.stringify({ type: "ADDED", object: { metadata: { name, annotations: { s: "héllo" } } } }) + "\n";
    const bytes = Buffer.from(line("a") + line("b"));
    const chunks = [bytes.subarray(0, 7), bytes.subarray(7, 61), bytes.subarray(61)];
    const transport: Transport = {
      request: async () => ({ status: 200, headers: {}, body: Buffer.alloc(0) }),
      stream: (_req, onChunk, onEnd) => {
        queueMicrotask(() => {
          for (const ch of chunks) onChunk(ch);
          onEnd();
        });
        return { close: () => undefined };
      },
      close: async () => undefined,
    };
    const seen: KubeObject[] = [];
    await new Promise<void>((resolve) => createClient({ transport, identity: "t" }).watch(NODES, {}, (ev) => seen.push(ev.object), () => resolve()));
    assert.deepEqual(seen.map((o) => [o.metadata.name, o.metadata.annotations?.s]), [["a", "héllo"], ["b", "héllo"]]);
  });

  it("sends query options and patch content types on the wire", async () => {
    const sent: TransportRequest[] = [];
    const transport = fakeTransport({ status: 200, body: "{}" }, sent);
    const client = createClient({ transport, identity: "t" });
    await client.patch(DEPLOYMENTS, "ns", "d", "apply", { a: 1 }, { fieldManager: "m", force: true, dryRun: true });
    await client.update(DEPLOYMENTS, "ns", { metadata: { name: "d" } }, { subresource: "status", fieldManager: "m" });
    await client.list(DEPLOYMENTS, { labelSelector: "a=b", resourceVersion: "0", limit: 500 });
    assert.deepEqual(sent.map((r) => [r.method, r.path, r.headers?.["content-type"]]), [
      ["PATCH", "/apis/apps/v1/namespaces/ns/deployments/d?dryRun=All&fieldManager=m&force=true", "application/apply-patch+yaml"],
      ["PUT", "/apis/apps/v1/namespaces/ns/deployments/d/status?fieldManager=m", "application/json"],
      ["GET", "/apis/apps/v1/deployments?labelSelector=a%3Db&limit=500&resourceVersion=0", undefined],
    ]);
  });
});

function fakeTransport(res: { status: number; body: string }, sent: TransportRequest[] = []): Transport {
  return {
    request: async (req) => (sent.push(req), { status: res.status, headers: {}, body: Buffer.from(res.body) }),
    stream: () => ({ close: () => undefined }),
    close: async () => undefined,
  };
}
