import assert from "node:assert/strict";
import { once } from "node:events";
import { describe, test } from "node:test";
import { MessageChannel } from "node:worker_threads";
import type { ApiRequest, ApiResponse, StreamSink } from "../apiserver/http/types.js";
import { isApiError } from "../api/errors.js";
import { connectPort } from "./port-transport.js";
import { servePort, STREAM_HIGH_WATER_BYTES } from "./port-server.js";
import { createClient } from "./rest-client.js";
import { ADMIN, startTestCluster } from "./test-fixtures.js";
import { TransportStatusError } from "./transport-error.js";
import { CONFIGMAPS } from "./resources.js";
import type { KubeObject, WatchEvent } from "./types.js";

const ALICE = { username: "alice", groups: ["system:authenticated"] };

/** A port transport into handle(), over a MessageChannel in this thread. */
function connect(handle: (req: ApiRequest) => Promise<ApiResponse>) {
  const { port1, port2 } = new MessageChannel();
  const server = servePort(port1, { handle });
  const connection = connectPort(port2);
  return { server, connection };
}

/** Resolves on the next turn of the event loop after a message could have crossed. */
const turn = () => new Promise<void>((r) => setTimeout(r, 10));

describe("port transport", () => {
  test("a request crosses as method, path, query, headers, body and the connection's user; the answer as status, headers and bytes", async () => {
    let seen: ApiRequest | undefined;
    const { connection, server } = connect(async (req) => {
      seen = req;
      return { status: 201, headers: { "content-type": "application/json", "x-one": ["a", "b"] }, body: '{"ok":true}' };
    });
    const res = await connection.transport(ALICE).request({ method: "post", path: "/api/v1/namespaces/x/configmaps?dryRun=All", headers: { "User-Agent": "t/1" }, body: '{"a":1}' });
    assert.equal(res.status, 201);
    assert.deepEqual(res.headers["x-one"], ["a", "b"]);
    assert.equal(res.body.toString(), '{"ok":true}');
    assert.ok(seen);
    assert.equal(seen.method, "POST");
    assert.equal(seen.path, "/api/v1/namespaces/x/configmaps");
    assert.equal(seen.query.get("dryRun"), "All");
    assert.equal(seen.headers["user-agent"], "t/1");
    assert.equal(seen.headers["content-type"], "application/json");
    assert.equal(seen.body?.toString(), '{"a":1}');
    assert.deepEqual(seen.user, ALICE);
    connection.close();
    server.close();
  });

  test("each transport of a connection runs as its own user", async () => {
    const users: (string | undefined)[] = [];
    const { connection, server } = connect(async (req) => {
      users.push(req.user?.username);
      return { status: 200, headers: {}, body: "" };
    });
    await connection.transport(ALICE).request({ method: "GET", path: "/a" });
    await connection.transport(ADMIN).request({ method: "GET", path: "/b" });
    await connection.transport(ALICE).request({ method: "GET", path: "/c" });
    assert.deepEqual(users, ["alice", "admin", "alice"]);
    connection.close();
    server.close();
  });

  test("a handler that throws fails the request with its message", async () => {
    const { connection, server } = connect(async () => {
      throw new Error("store is down");
    });
    await assert.rejects(connection.transport(ALICE).request({ method: "GET", path: "/x" }), /store is down/);
    connection.close();
    server.close();
  });

  test("a stream delivers the server's chunks in order, then ends", async () => {
    const { connection, server } = connect(async () => ({
      status: 200,
      headers: {},
      stream: async (sink: StreamSink) => {
        for (let i = 0; i < 5; i++) sink.write(`{"n":${i}}\n`);
        sink.end();
      },
    }));
    const chunks: string[] = [];
    const ended = new Promise<Error | undefined>((resolve) => connection.transport(ALICE).stream({ method: "GET", path: "/w" }, (c) => chunks.push(c.toString()), resolve));
    assert.equal(await ended, undefined);
    assert.equal(chunks.join(""), [0, 1, 2, 3, 4].map((i) => `{"n":${i}}\n`).join(""));
    connection.close();
    server.close();
  });

  test("a stream answered with an error status ends with a TransportStatusError carrying status and body", async () => {
    const { connection, server } = connect(async () => ({ status: 410, headers: {}, body: '{"kind":"Status","code":410}' }));
    const err = await new Promise<Error | undefined>((resolve) => connection.transport(ALICE).stream({ method: "GET", path: "/w" }, () => undefined, resolve));
    assert.ok(err instanceof TransportStatusError);
    assert.equal(err.status, 410);
    assert.equal(err.body.toString(), '{"kind":"Status","code":410}');
    connection.close();
    server.close();
  });

  test("close() of a stream aborts the server's request and nothing more is heard", async () => {
    let sinkOf: StreamSink | undefined;
    let aborted: Promise<unknown> | undefined;
    const { connection, server } = connect(async (req) => {
      aborted = once(req.signal, "abort");
      return {
        status: 200,
        headers: {},
        stream: (sink: StreamSink, signal: AbortSignal) => {
          sinkOf = sink;
          return new Promise<void>((resolve) => signal.addEventListener("abort", () => resolve()));
        },
      };
    });
    const chunks: string[] = [];
    let endCalls = 0;
    const handle = connection.transport(ALICE).stream({ method: "GET", path: "/w" }, (c) => chunks.push(c.toString()), () => endCalls++);
    while (!sinkOf) await turn();
    sinkOf.write("one\n");
    while (chunks.length === 0) await turn();
    handle.close();
    await aborted;
    sinkOf.write("two\n");
    await turn();
    assert.deepEqual(chunks, ["one\n"]);
    assert.equal(endCalls, 0);
    connection.close();
    server.close();
  });

  test("closing the connection fails pending requests and aborts them on the server", async () => {
    let aborted: Promise<unknown> | undefined;
    const { connection, server } = connect((req) => {
      aborted = once(req.signal, "abort");
      return new Promise<ApiResponse>(() => undefined);
    });
    const pending = connection.transport(ALICE).request({ method: "GET", path: "/slow" });
    while (!aborted) await turn();
    connection.close();
    await assert.rejects(pending, /closed/);
    await aborted;
    server.close();
  });

  test("a watch waits once its unacknowledged bytes reach the high-water mark, and goes on as the consumer acknowledges them", async () => {
    const chunk = Buffer.alloc(1024 * 1024, 0x61);
    const writes: boolean[] = [];
    let drains = 0;
    const { connection, server } = connect(async () => ({
      status: 200,
      headers: {},
      stream: async (sink: StreamSink) => {
        for (let i = 0; i < (STREAM_HIGH_WATER_BYTES / chunk.length) * 3; i++) {
          const ok = sink.write(chunk);
          writes.push(ok);
          if (!ok) {
            drains++;
            await sink.drained();
          }
        }
        sink.end();
      },
    }));
    let received = 0;
    const ended = new Promise<Error | undefined>((resolve) => connection.transport(ALICE).stream({ method: "GET", path: "/w" }, (c) => (received += c.length), resolve));
    assert.equal(await ended, undefined);
    assert.equal(received, chunk.length * writes.length);
    assert.ok(drains > 0, "the writer was held back at least once");
    connection.close();
    server.close();
  });

  test("through a REST client against a real API server: create, conflict, get, and watch as the loopback transport gives them", async () => {
    const c = await startTestCluster();
    const { port1, port2 } = new MessageChannel();
    const server = servePort(port1, c.server);
    const connection = connectPort(port2);
    try {
      const client = createClient({ transport: connection.transport(ADMIN), identity: "port" });
      const events: WatchEvent[] = [];
      let watchEnded = false;
      const w = client.watch(CONFIGMAPS, { namespace: "default", resourceVersion: "0" }, (ev) => events.push(ev), () => (watchEnded = true));
      const cm = await client.create<KubeObject & { data?: Record<string, string> }>(CONFIGMAPS, "default", { apiVersion: "v1", kind: "ConfigMap", metadata: { name: "a" }, data: { k: "v" } });
      assert.equal(cm.metadata.name, "a");
      assert.ok(cm.metadata.uid);
      await assert.rejects(
        client.create(CONFIGMAPS, "default", { apiVersion: "v1", kind: "ConfigMap", metadata: { name: "a" } }),
        (err: unknown) => isApiError(err, "AlreadyExists") && (err as { code: number }).code === 409,
      );
      const got = await client.get<KubeObject & { data?: Record<string, string> }>(CONFIGMAPS, "default", "a");
      assert.deepEqual(got.data, { k: "v" });
      while (!events.some((e) => e.type === "ADDED" && e.object.metadata.name === "a")) await turn();
      assert.equal(events.find((e) => e.object.metadata.name === "a")?.object.metadata.resourceVersion, cm.metadata.resourceVersion);
      w.close();
      assert.equal(watchEnded, false);
      // A user RBAC does not allow is refused with upstream's 403, as over HTTPS.
      const stranger = createClient({ transport: connection.transport(ALICE), identity: "alice" });
      await assert.rejects(stranger.get(CONFIGMAPS, "default", "a"), (err: unknown) => isApiError(err, "Forbidden") && /User "alice" cannot get resource "configmaps"/.test((err as Error).message));
    } finally {
      connection.close();
      server.close();
      await c.close();
    }
  });
});
