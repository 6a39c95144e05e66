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

  it("ignores limit at resourceVersion 0 but pages reads of the newest state from storage", async () => {
    const cached = await get("resourceVersion=0&limit=1");
    assert.equal(cached.list!.items.length, 3);
    assert.equal(cached.list!.metadata.continue, undefined);
    const paged = await get("limit=1");
    assert.equal(paged.list!.items.length, 1);
    assert.ok(paged.list!.metadata.continue, "storage pages");
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
