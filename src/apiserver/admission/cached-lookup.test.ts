import assert from "node:assert/strict";
import { test } from "node:test";
import type { KubeObject } from "../../api/types.js";
import type { Cacher, CachedObject } from "../../storage/cacher/index.js";
import { VirtualClock } from "../../util/clock.js";
import type { ResourceRegistry } from "../registry/registry.js";
import { createCachedLookup, LIVE_TTL_MS } from "./cached-lookup.js";

const PREFIX = "/registry/limitranges/";
const lr = (ns: string, name: string, rv: number): KubeObject => ({ metadata: { name, namespace: ns, resourceVersion: String(rv) } }) as KubeObject;

/** A watch cache and a store over limitranges whose contents and lag the test sets; reads of the store are counted. */
function fixture() {
  const clock = new VirtualClock();
  const cached = new Map<string, KubeObject>();
  const stored = new Map<string, KubeObject>();
  const state = { cacheRevision: 0, storeRevision: 0, storeLists: 0, storeGets: 0 };
  const keyOf = (ns: string | undefined, name: string) => `${PREFIX}${ns}/${name}`;
  const entry = (key: string, object: KubeObject): CachedObject<KubeObject> => ({ key, object, revision: Number(object.metadata.resourceVersion), json: () => JSON.stringify(object), jsonByteLength: () => Buffer.byteLength(JSON.stringify(object)) });
  const cacher = {
    ready: Promise.resolve(),
    revision: () => state.cacheRevision,
    get: (key: string) => (cached.has(key) ? entry(key, cached.get(key)!) : undefined),
    list: () => ({ items: [...cached].sort(([a], [b]) => (a < b ? -1 : 1)).map(([k, o]) => entry(k, o)), revision: state.cacheRevision }),
  } as unknown as Cacher<KubeObject>;
  const reg = {
    def: { group: "", plural: "limitranges" },
    key: keyOf,
    listPrefix: (ns: string | undefined) => (ns ? `${PREFIX}${ns}/` : PREFIX),
    decode: (kv: { value: string }) => JSON.parse(kv.value) as KubeObject,
    tryGet: async (ns: string | undefined, name: string) => {
      state.storeGets++;
      return stored.get(keyOf(ns, name));
    },
    deps: {
      store: {
        list: async (prefix: string) => {
          state.storeLists++;
          const items = [...stored].filter(([k]) => k.startsWith(prefix)).map(([key, o]) => ({ key, value: JSON.stringify(o), modRevision: Number(o.metadata.resourceVersion), createRevision: 1 }));
          return { items, revision: state.storeRevision, more: false, remaining: 0 };
        },
      },
    },
  } as unknown as ResourceRegistry;
  const lookup = createCachedLookup({ registry: (group, resource) => (group === "" && resource === "limitranges" ? reg : undefined), cacher: () => cacher, clock });
  /** Writes to the store; the cache hears of it only with catchUp(). */
  const write = (o: KubeObject) => {
    state.storeRevision = Number(o.metadata.resourceVersion);
    stored.set(keyOf(o.metadata.namespace, o.metadata.name!), o);
  };
  const remove = (ns: string, name: string, rv: number) => {
    state.storeRevision = rv;
    stored.delete(keyOf(ns, name));
  };
  const catchUp = () => {
    cached.clear();
    for (const [k, o] of stored) cached.set(k, o);
    state.cacheRevision = state.storeRevision;
  };
  return { clock, lookup, state, write, remove, catchUp };
}

test("lists and gets come from the cache when it has the objects", async () => {
  const f = fixture();
  f.write(lr("a", "one", 3));
  f.write(lr("b", "two", 4));
  f.catchUp();
  assert.deepEqual((await f.lookup.list("", "limitranges", "a")).map((o) => o.metadata.name), ["one"]);
  assert.equal((await f.lookup.get("", "limitranges", "b", "two"))?.metadata.name, "two");
  assert.deepEqual(f.state, { cacheRevision: 4, storeRevision: 4, storeLists: 0, storeGets: 0 });
  assert.deepEqual(await f.lookup.list("rbac.authorization.k8s.io", "roles", "a"), []);
});

test("a get the cache misses is looked up in storage", async () => {
  const f = fixture();
  f.write(lr("a", "fresh", 5));
  assert.equal((await f.lookup.get("", "limitranges", "a", "fresh"))?.metadata.name, "fresh");
  assert.equal(await f.lookup.get("", "limitranges", "a", "absent"), undefined);
  assert.equal(f.state.storeGets, 2);
});

test("an empty cached namespace is listed live, and the live list serves only while the cache is older", async () => {
  const f = fixture();
  f.write(lr("a", "new", 7));
  // The cache has not heard of it yet: the live list finds it, and is kept.
  assert.deepEqual((await f.lookup.list("", "limitranges", "a")).map((o) => o.metadata.name), ["new"]);
  assert.deepEqual((await f.lookup.list("", "limitranges", "a")).map((o) => o.metadata.name), ["new"]);
  assert.equal(f.state.storeLists, 1);
  // Deleted since, and the cache has caught up: the kept list is not believed over it.
  f.remove("a", "new", 8);
  f.catchUp();
  assert.deepEqual(await f.lookup.list("", "limitranges", "a"), []);
  assert.equal(f.state.storeLists, 1);
  // An empty namespace costs one storage list per interval.
  await f.clock.advance(LIVE_TTL_MS);
  assert.deepEqual(await f.lookup.list("", "limitranges", "a"), []);
  assert.deepEqual(await f.lookup.list("", "limitranges", "a"), []);
  assert.equal(f.state.storeLists, 2);
});

test("listLive and getLive read storage whatever the cache holds", async () => {
  const f = fixture();
  f.write(lr("a", "one", 2));
  f.catchUp();
  f.write(lr("a", "two", 3));
  const live = await f.lookup.listLive("", "limitranges", "a");
  assert.deepEqual({ names: live.items.map((o) => o.metadata.name), revision: live.revision }, { names: ["one", "two"], revision: 3 });
  assert.equal((await f.lookup.getLive("", "limitranges", "a", "two"))?.metadata.name, "two");
});
