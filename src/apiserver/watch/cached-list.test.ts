import assert from "node:assert/strict";
import { after, before, describe, it } from "node:test";
import { ADMIN, eventually, startTestCluster, type TestCluster } from "../../client/test-fixtures.js";
import { createLoopbackTransport } from "../../client/loopback-transport.js";
import { PODS } from "../../client/resources.js";
import type { KubeObject, ObjectList, WatchEvent } from "../../client/types.js";
import { VirtualClock } from "../../util/clock.js";

const pod = (name: string, nodeName: string): KubeObject =>
  ({ apiVersion: "v1", kind: "Pod", metadata: { name, namespace: "default" }, spec: { nodeName, containers: [{ name: "c", image: "pause" }] } }) as KubeObject;

describe("lists served from the watch cache", () => {
  let c: TestCluster;
  let clock: VirtualClock;
  let loop: ReturnType<typeof createLoopbackTransport>;
  const get = async (query: string, acceptObjects = false) => {
    const r = await loop.request({ method: "GET", path: `/api/v1/namespaces/default/pods?${query}`, acceptObjects });
    return { status: r.status, object: r.object as ObjectList | undefined, list: r.body.length ? (JSON.parse(r.body.toString()) as ObjectList & { message?: string }) : undefined };
  };
  const names = (l: ObjectList | undefined) => (l?.items ?? []).map((o) => o.metadata.name).sort();

  before(async () => {
    clock = new VirtualClock();
    c = await startTestCluster(clock);
    loop = createLoopbackTransport(c.server, ADMIN);
    for (const [name, node] of [["a", "n1"], ["b", "n2"], ["c", "n1"]]) await c.client.create(PODS, "default", pod(name!, node!));
  });
  after(async () => {
    await loop.close();
    await c.close();
  });

  it("answers a per-node list from the index, following deletes", async () => {
    assert.deepEqual(names((await get("resourceVersion=0&fieldSelector=spec.nodeName%3Dn1")).list), ["a", "c"]);
    await c.client.delete(PODS, "default", "a", { gracePeriodSeconds: 0 });
    const after = await get("resourceVersion=0&fieldSelector=spec.nodeName%3Dn1");
    assert.deepEqual(names(after.list), ["c"]);
    assert.deepEqual(names((await get("fieldSelector=spec.nodeName%3Dn2")).list), ["b"], "a consistent read from the cache");
    await c.client.create(PODS, "default", pod("a", "n1"));
  });

  it("ignores limit at resourceVersion 0 but pages reads of the newest state", async () => {
    const cached = await get("resourceVersion=0&limit=1");
    assert.equal(cached.list!.items.length, 3);
    assert.equal(cached.list!.metadata.continue, undefined);
    const paged = await get("limit=1");
    assert.equal(paged.list!.items.length, 1);
    assert.ok(paged.list!.metadata.continue, "a continue token");
  });

  it("pages a consistent list from a snapshot: the same pages as storage's, unchanged by later writes", async () => {
    const walk = async (first: string) => {
      const pages: { names: string[]; rv?: string; remaining?: number; more: boolean }[] = [];
      let r = await get(first);
      for (;;) {
        const l = r.list!;
        pages.push({ names: l.items.map((o) => o.metadata.name!), rv: l.metadata.resourceVersion, remaining: l.metadata.remainingItemCount, more: !!l.metadata.continue });
        if (!l.metadata.continue) return { pages, bodies: r };
        // A write between pages changes nothing in the pages still to come.
        await c.client.create(PODS, "default", pod(`late-${first.length}-${pages.length}`, "n3"));
        const rest = first.split("&").filter((p) => !p.startsWith("resourceVersion"));
        r = await get(`${rest.join("&")}&continue=${encodeURIComponent(l.metadata.continue)}`);
      }
    };
    const fromCache = await walk("limit=2");
    const rv = fromCache.pages[0]!.rv!;
    const atRv = names((await get(`resourceVersion=${rv}&resourceVersionMatch=Exact`)).list);
    assert.ok(fromCache.pages.length >= 2);
    assert.deepEqual(fromCache.pages.flatMap((p) => p.names), atRv, "every page reads the state of the first");
    fromCache.pages.forEach((p, i) => {
      assert.equal(p.rv, rv);
      assert.equal(p.names.length, p.more ? 2 : atRv.length - 2 * i);
      assert.equal(p.remaining, p.more ? atRv.length - 2 * (i + 1) : undefined);
    });
    const fromStore = await walk(`limit=2&resourceVersion=${rv}&resourceVersionMatch=Exact`);
    assert.deepEqual(fromStore.pages, fromCache.pages, "the pages storage gives at that revision");
    const filtered = await walk("limit=1&fieldSelector=spec.nodeName%3Dn1");
    assert.ok(filtered.pages.every((p) => p.remaining === undefined), "no remainingItemCount when filtering, as upstream");
    assert.deepEqual(filtered.pages.flatMap((p) => p.names).sort(), names((await get("fieldSelector=spec.nodeName%3Dn1")).list));
    for (const l of (await get("")).list!.items) if (l.metadata.name!.startsWith("late-")) await c.client.delete(PODS, "default", l.metadata.name!, { gracePeriodSeconds: 0 });
  });

  it("continues a token the cache holds no snapshot of from storage, and refuses bad tokens as storage does", async () => {
    const rv = (await get("resourceVersion=0")).list!.metadata.resourceVersion!;
    const first = await get(`limit=1&resourceVersion=${rv}&resourceVersionMatch=Exact`);
    const next = await get(`limit=5&continue=${encodeURIComponent(first.list!.metadata.continue!)}`);
    assert.equal(next.status, 200);
    assert.equal(next.list!.metadata.resourceVersion, rv);
    assert.equal(next.list!.items[0]!.metadata.name, names((await get("resourceVersion=0")).list)[1]);
    const bad = await get("limit=1&continue=bm90IGpzb24");
    assert.equal(bad.status, 400);
    assert.match(bad.list!.message!, /continue key is not valid/);
    const withRv = await get(`limit=1&resourceVersion=${rv}&continue=${encodeURIComponent(first.list!.metadata.continue!)}`);
    assert.equal(withRv.status, 400);
  });

  it("serves resourceVersion=N when the cache has it, and refuses a future one as upstream", async () => {
    const now = Number((await get("resourceVersion=0")).list!.metadata.resourceVersion);
    assert.deepEqual(names((await get(`resourceVersion=${now}`)).list), ["a", "b", "c"]);
    const future = await get(`resourceVersion=${now + 1000}`);
    assert.equal(future.status, 504);
    assert.match(future.list!.message!, /^Too large resource version: \d+, current: \d+$/);
  });

  it("hands in-process callers that accept objects the cache's own frozen objects", async () => {
    const one = await get("resourceVersion=0", true);
    const two = await get("resourceVersion=0", true);
    assert.ok(one.object && one.list === undefined, "an object, not a body");
    assert.equal(one.object.items[0], two.object!.items[0]);
    assert.ok(Object.isFrozen(one.object.items[0]));
    assert.equal(one.object.kind, "PodList");
  });

  it("ends a timed-out watch that takes bookmarks with a bookmark at the newest revision", async () => {
    const events: WatchEvent[] = [];
    let ended = false;
    const rv = (await get("resourceVersion=0")).list!.metadata.resourceVersion!;
    c.client.watch(PODS, { namespace: "default", fieldSelector: "spec.nodeName=n2", resourceVersion: rv, allowWatchBookmarks: true, timeoutSeconds: 30 }, (ev) => events.push(ev), () => (ended = true));
    await c.client.create(PODS, "default", pod("d", "n2"));
    await eventually(() => events.length === 1, "the ADDED event");
    // A pod on another node moves the revision on without an event for this watch.
    await c.client.create(PODS, "default", pod("e", "n1"));
    await clock.advance(31_000);
    await eventually(() => ended, "the end of the watch");
    const last = events[events.length - 1]!;
    assert.equal(last.type, "BOOKMARK");
    assert.ok(Number(last.object.metadata.resourceVersion) > Number(events[0]!.object.metadata.resourceVersion));
  });
});
