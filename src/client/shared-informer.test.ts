import assert from "node:assert/strict";
import { after, afterEach, before, describe, it } from "node:test";
import { createInProcessApiServer } from "../apiserver/index.js";
import { VirtualClock } from "../util/clock.js";
import { createInformerFactory } from "./informer-factory.js";
import { createLoopbackTransport } from "./loopback-transport.js";
import { CONFIGMAPS } from "./resources.js";
import { createClient } from "./rest-client.js";
import { ADMIN, configMap, eventually, startTestCluster, type TestCluster } from "./test-fixtures.js";
import type { Client, EventHandler, KubeObject, Transport } from "./types.js";

/** Records handler calls as "add:name", "update:name@rv", "delete:name". */
function recorder(log: string[], prefix = ""): EventHandler {
  return {
    onAdd: (o) => log.push(`${prefix}add:${o.metadata.name}`),
    onUpdate: (_old, o) => log.push(`${prefix}update:${o.metadata.name}`),
    onDelete: (o) => log.push(`${prefix}delete:${o.metadata.name}`),
  };
}

/** A transport whose target server can be cut off and swapped, counting list requests. */
function switchableTransport(initial: Transport) {
  let target = initial;
  let connected = true;
  const open = new Set<(err: Error) => void>();
  const counts = { lists: 0, listPaths: [] as string[] };
  const transport: Transport = {
    request: (req) => {
      if (!connected) return Promise.reject(new Error("connect ECONNREFUSED"));
      if (req.method === "GET" && !req.path.includes("watch=")) {
        counts.lists++;
        counts.listPaths.push(req.path);
      }
      return target.request(req);
    },
    stream: (req, onChunk, onEnd) => {
      if (!connected) {
        queueMicrotask(() => onEnd(new Error("connect ECONNREFUSED")));
        return { close: () => undefined };
      }
      const cut = (err: Error) => {
        h.close();
        onEnd(err);
      };
      open.add(cut);
      const h = target.stream(req, onChunk, (err) => (open.delete(cut), onEnd(err)));
      return { close: () => (open.delete(cut), h.close()) };
    },
    close: async () => undefined,
  };
  return {
    transport,
    counts,
    disconnect() {
      connected = false;
      for (const cut of [...open]) cut(new Error("connection reset by peer"));
      open.clear();
    },
    reconnect(next: Transport) {
      target = next;
      connected = true;
    },
  };
}

describe("shared informers against an in-process API server", () => {
  let c: TestCluster;
  let clock: VirtualClock;
  let stop: AbortController;
  before(async () => {
    clock = new VirtualClock();
    c = await startTestCluster(clock);
  });
  after(() => c.close());
  afterEach(() => stop?.abort());

  const ns = async (name: string, client: Client = c.client) => {
    await client.create({ group: "", version: "v1", resource: "namespaces" }, undefined, { apiVersion: "v1", kind: "Namespace", metadata: { name } });
  };

  it("lists, then delivers adds, updates and deletes in order to every handler in registration order", async () => {
    await ns("order");
    await c.client.create(CONFIGMAPS, "order", configMap("pre", {}, undefined, "order"));
    stop = new AbortController();
    const factory = createInformerFactory({ client: c.client, clock });
    const inf = factory.forResource(CONFIGMAPS, { namespace: "order" });
    assert.equal(factory.forResource(CONFIGMAPS, { namespace: "order" }), inf, "one informer per resource and options");
    const log: string[] = [];
    inf.addEventHandler(recorder(log, "1:"));
    inf.addEventHandler(recorder(log, "2:"));
    factory.start(stop.signal);
    assert.equal(await factory.waitForCacheSync(stop.signal), true);
    assert.equal(inf.lister.get("order", "pre")?.metadata.name, "pre");
    assert.ok(Object.isFrozen(inf.lister.get("order", "pre")!.metadata), "cached objects are frozen");

    const made = await c.client.create(CONFIGMAPS, "order", configMap("x", {}, undefined, "order"));
    await c.client.update(CONFIGMAPS, "order", { ...made, data: { v: "1" } });
    await c.client.delete(CONFIGMAPS, "order", "x");
    await eventually(() => log.length === 8, "eight handler calls");
    assert.deepEqual(log, ["1:add:pre", "2:add:pre", "1:add:x", "2:add:x", "1:update:x", "2:update:x", "1:delete:x", "2:delete:x"]);
    assert.equal(inf.lister.get("order", "x"), undefined);
  });

  it("shares the server's frozen objects between in-process informers; byte transports still get JSON lines", async () => {
    await ns("shared");
    stop = new AbortController();
    const other = createClient({ transport: createLoopbackTransport(c.server, ADMIN), identity: "other" });
    const factories = [createInformerFactory({ client: c.client, clock }), createInformerFactory({ client: other, clock })];
    const [infA, infB] = factories.map((f) => f.forResource(CONFIGMAPS, { namespace: "shared" }));
    for (const f of factories) f.start(stop.signal);
    for (const f of factories) assert.equal(await f.waitForCacheSync(stop.signal), true);
    // A transport that only moves bytes (as HTTPS does) gets the encoded stream.
    const loop = createLoopbackTransport(c.server, ADMIN);
    const bytesOnly: Transport = { request: (r) => loop.request(r), stream: (r, onChunk, onEnd) => loop.stream(r, onChunk, onEnd), close: () => loop.close() };
    const lines: string[] = [];
    const w = createClient({ transport: bytesOnly, identity: "bytes" }).watch(CONFIGMAPS, { namespace: "shared", resourceVersion: infA.lastSyncResourceVersion() }, (ev) => lines.push(`${ev.type}:${ev.object.metadata.name}:${Object.isFrozen(ev.object)}`), () => undefined);
    await c.client.create(CONFIGMAPS, "shared", configMap("s", { k: "v" }, undefined, "shared"));
    await eventually(() => !!infA.lister.get("shared", "s") && !!infB.lister.get("shared", "s") && lines.length === 1, "both informers and the byte watch");
    assert.equal(infA.lister.get("shared", "s"), infB.lister.get("shared", "s"), "one object, not one copy per informer");
    assert.deepEqual(lines, ["ADDED:s:false"]);
    w.close();
    await other.raw("GET", "/version");
  });

  it("keeps objects listed over a byte transport frozen, their equal parts shared", async () => {
    await ns("listed");
    for (const n of ["a", "b", "c", "d"]) await c.client.create(CONFIGMAPS, "listed", configMap(n, { same: "value" }, undefined, "listed"));
    stop = new AbortController();
    const loop = createLoopbackTransport(c.server, ADMIN);
    const bytesOnly: Transport = { request: (r) => loop.request(r), stream: (r, onChunk, onEnd) => loop.stream(r, onChunk, onEnd), close: () => loop.close() };
    const f = createInformerFactory({ client: createClient({ transport: bytesOnly, identity: "bytes" }), clock });
    const inf = f.forResource(CONFIGMAPS, { namespace: "listed" });
    f.start(stop.signal);
    assert.equal(await f.waitForCacheSync(stop.signal), true);
    const listed = ["a", "b", "c", "d"].map((n) => inf.lister.get("listed", n)! as KubeObject & { data: Record<string, string> });
    for (const o of listed) assert.ok(Object.isFrozen(o) && Object.isFrozen(o.data), "frozen as watch events are");
    assert.deepEqual(listed[3]!.data, { same: "value" });
    assert.equal(listed[3]!.data, listed[2]!.data, "equal parts kept once");
  });

  it("gives a late handler synthetic adds for the cache, and stops calling a removed one", async () => {
    await ns("late");
    await c.client.create(CONFIGMAPS, "late", configMap("a", {}, undefined, "late"));
    stop = new AbortController();
    const factory = createInformerFactory({ client: c.client, clock });
    const inf = factory.forResource(CONFIGMAPS, { namespace: "late" });
    factory.start(stop.signal);
    await factory.waitForCacheSync(stop.signal);
    const log: string[] = [];
    const remove = inf.addEventHandler(recorder(log));
    assert.deepEqual(log, ["add:a"]);
    remove();
    await c.client.create(CONFIGMAPS, "late", configMap("b", {}, undefined, "late"));
    await eventually(() => inf.lister.get("late", "b") !== undefined, "b cached");
    assert.deepEqual(log, ["add:a"]);
  });

  it("resyncs a handler with onUpdate(obj, obj) every resync period", async () => {
    await ns("resync");
    await c.client.create(CONFIGMAPS, "resync", configMap("r", {}, undefined, "resync"));
    stop = new AbortController();
    const factory = createInformerFactory({ client: c.client, clock });
    const inf = factory.forResource(CONFIGMAPS, { namespace: "resync" });
    const same: boolean[] = [];
    inf.addEventHandler({ onUpdate: (o, n) => same.push(o === n) }, 30_000);
    factory.start(stop.signal);
    await factory.waitForCacheSync(stop.signal);
    await clock.advance(65_000);
    assert.deepEqual(same, [true, true]);
  });

  it("maintains custom indexes and answers label-selected lists", async () => {
    await ns("idx");
    for (const [name, tier] of [["a", "web"], ["b", "db"], ["c", "web"]]) await c.client.create(CONFIGMAPS, "idx", configMap(name!, {}, { tier: tier! }, "idx"));
    stop = new AbortController();
    const factory = createInformerFactory({ client: c.client, clock });
    const inf = factory.forResource(CONFIGMAPS);
    inf.addIndexer("tier", (o) => (o.metadata.labels?.tier ? [o.metadata.labels.tier] : []));
    factory.start(stop.signal);
    await factory.waitForCacheSync(stop.signal);
    const names = (xs: KubeObject[]) => xs.map((o) => o.metadata.name).sort();
    assert.deepEqual(names(inf.lister.byIndex("tier", "web")), ["a", "c"]);
    assert.deepEqual(names(inf.lister.list("idx", "tier!=web")), ["b"]);
    assert.deepEqual(names(inf.lister.byIndex("namespace", "idx")), ["a", "b", "c"]);
    const a = inf.lister.get("idx", "a")!;
    await c.client.update(CONFIGMAPS, "idx", { ...a, metadata: { ...a.metadata, labels: { tier: "db" } } });
    await eventually(() => inf.lister.byIndex("tier", "db").length === 2, "a moved to db");
    assert.deepEqual(names(inf.lister.byIndex("tier", "web")), ["c"]);
  });
});

describe("informer recovery", () => {
  it("resumes a watch the server timed out from its last resourceVersion, without relisting", async () => {
    const clock = new VirtualClock();
    const c = await startTestCluster(clock);
    const sw = switchableTransport(createLoopbackTransport(c.server, ADMIN));
    const client = createClient({ transport: sw.transport, identity: "t" });
    const stop = new AbortController();
    try {
      const factory = createInformerFactory({ client, clock });
      const inf = factory.forResource(CONFIGMAPS, { namespace: "default" });
      const log: string[] = [];
      inf.addEventHandler(recorder(log));
      factory.start(stop.signal);
      await factory.waitForCacheSync(stop.signal);
      assert.equal(sw.counts.lists, 1);
      await clock.advance(11 * 60_000); // beyond any watch timeout (5-10 minutes)
      await c.client.create(CONFIGMAPS, "default", configMap("after-timeout"));
      await eventually(() => log.includes("add:after-timeout"), "the add after the timeout");
      assert.equal(sw.counts.lists, 1, "no relist");
    } finally {
      stop.abort();
      await c.close();
    }
  });

  it("relists after the store was compacted past its resourceVersion, reporting missed deletes with the last known state", async () => {
    const clock = new VirtualClock();
    const c = await startTestCluster(clock);
    const sw = switchableTransport(createLoopbackTransport(c.server, ADMIN));
    const client = createClient({ transport: sw.transport, identity: "t" });
    const stop = new AbortController();
    let restarted: Awaited<ReturnType<typeof createInProcessApiServer>> | undefined;
    try {
      await c.client.create(CONFIGMAPS, "default", configMap("stays", { v: "1" }));
      await c.client.create(CONFIGMAPS, "default", configMap("goes", { last: "known" }));
      const factory = createInformerFactory({ client, clock });
      const inf = factory.forResource(CONFIGMAPS, { namespace: "default" });
      const log: string[] = [];
      const deleted: KubeObject[] = [];
      inf.addEventHandler({ ...recorder(log), onDelete: (o) => (log.push(`delete:${o.metadata.name}`), deleted.push(o)) });
      factory.start(stop.signal);
      await factory.waitForCacheSync(stop.signal);
      log.length = 0;

      sw.disconnect();
      await c.client.delete(CONFIGMAPS, "default", "goes");
      await c.client.create(CONFIGMAPS, "default", configMap("new"));
      const stays = await c.client.get(CONFIGMAPS, "default", "stays");
      await c.client.update(CONFIGMAPS, "default", { ...stays, data: { v: "2" } });
      await c.store.compact(await c.store.currentRevision());
      // A fresh API server on the compacted store: its watch cache cannot replay the missed window.
      restarted = await createInProcessApiServer({ store: c.store, clock, serviceCIDR: "10.96.0.0/12", nodePortRange: [30000, 32767], advertiseAddress: "127.0.0.1", port: 6443, compactionIntervalMs: 0 });
      sw.reconnect(createLoopbackTransport(restarted, ADMIN));
      await clock.advance(60_000); // past the reflector's back-off
      await eventually(() => log.length === 3, "three relist events");
      assert.deepEqual(log.sort(), ["add:new", "delete:goes", "update:stays"]);
      assert.deepEqual(deleted[0]!.data, { last: "known" });
      assert.equal(sw.counts.lists, 2);
      // As client-go: the first list takes any recent state, the relist one at least as new as the last synced, unpaged.
      const [first, second] = sw.counts.listPaths.map((p) => new URLSearchParams(p.split("?")[1]));
      assert.equal(first!.get("resourceVersion"), "0");
      assert.equal(first!.get("limit"), "500");
      assert.ok(Number(second!.get("resourceVersion")) > 0);
      assert.equal(second!.get("limit"), null);
      assert.deepEqual(inf.lister.list().map((o) => o.metadata.name).sort(), ["new", "stays"]);
    } finally {
      stop.abort();
      await restarted?.close();
      await c.close();
    }
  });
});
