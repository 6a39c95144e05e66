import { test } from "node:test";
import assert from "node:assert/strict";
import { VirtualClock, realClock, type Clock } from "../../util/clock.js";
import { createMemoryStore } from "../memory/memory-store.js";
import { DELETE, isStorageError, type StorageError, type Store } from "../store.js";
import { createCacher } from "./cacher.js";
import type { CacheEvent, Cacher } from "./types.js";

interface Obj {
  name: string;
  v: number;
  resourceVersion: string;
}

const P = "/registry/things/";
const val = (name: string, v: number) => JSON.stringify({ name, v });

function setup(opts: { capacity?: number; maxBacklog?: number; clock?: Clock; store?: Store } = {}) {
  const store = opts.store ?? createMemoryStore();
  let decodes = 0;
  const cacher = createCacher<Obj>({
    store,
    prefix: P,
    clock: opts.clock ?? realClock,
    capacity: opts.capacity,
    maxBacklog: opts.maxBacklog,
    decode: ({ value, modRevision }) => {
      decodes++;
      return { ...(JSON.parse(value) as { name: string; v: number }), resourceVersion: String(modRevision) };
    },
  });
  return { store, cacher, decodes: () => decodes };
}

/** Collects a cache watch's events and its end. */
function collect(cacher: Cacher<Obj>, from: number, initialEvents = false) {
  const events: CacheEvent<Obj>[] = [];
  const ends: number[] = [];
  const errors: StorageError[] = [];
  const w = cacher.watch(from, { initialEvents, onInitialEventsEnd: (r) => ends.push(r), onError: (e) => errors.push(e) }, (ev) => void events.push(ev));
  return { events, ends, errors, close: () => w.close() };
}

const brief = (evs: CacheEvent<Obj>[]) => evs.map((e) => `${e.type} ${e.object.name}=${e.object.v}@${e.revision}`);
const tick = () => new Promise((r) => setTimeout(r, 10));

async function seed(store: Store, n: number): Promise<number> {
  for (let i = 0; i < n; i++) await store.create(`${P}o${i}`, val(`o${i}`, 0));
  return store.currentRevision();
}

test("ready resolves after the initial list, and list returns objects in key order at the cache's revision", async () => {
  const store = createMemoryStore();
  await store.create(P + "b", val("b", 1));
  await store.create(P + "a", val("a", 1));
  await store.create("/registry/other/x", val("x", 1));
  const { cacher } = setup({ store });
  assert.deepEqual(cacher.list().items, [], "nothing is served before the initial list");
  await cacher.ready;
  const { items, revision } = cacher.list();
  assert.deepEqual(items.map((o) => `${o.key}@${o.revision}`), [`${P}a@2`, `${P}b@1`]);
  assert.equal(items[0]!.object.resourceVersion, "2");
  assert.equal(revision, 3);
  assert.equal(cacher.revision(), 3);
  cacher.close();
});

test("A watch with initial events delivers ADDED for every object, then the end marker, then live events", async () => {
  const { store, cacher } = setup();
  await seed(store, 3);
  await cacher.ready;
  const w = collect(cacher, 0, true);
  await tick();
  assert.deepEqual(brief(w.events), ["ADDED o0=0@1", "ADDED o1=0@2", "ADDED o2=0@3"]);
  assert.deepEqual(w.ends, [3]);
  await store.guaranteedUpdate(P + "o1", () => val("o1", 1));
  await store.delete(P + "o0");
  await tick();
  assert.deepEqual(brief(w.events).slice(3), ["MODIFIED o1=1@4", "DELETED o0=0@5"]);
  w.close();
  cacher.close();
});

test("fromRevision 0 implies initial events even without the option", async () => {
  const { store, cacher } = setup();
  await seed(store, 2);
  await cacher.ready;
  const w = collect(cacher, 0);
  await tick();
  assert.deepEqual(brief(w.events), ["ADDED o0=0@1", "ADDED o1=0@2"]);
  cacher.close();
});

test("A watch resumed from a past revision replays exactly the buffered events after it, then continues live", async () => {
  const { store, cacher } = setup();
  await cacher.ready;
  const from = await seed(store, 2);
  await store.create(P + "x", val("x", 0));
  await store.guaranteedUpdate(P + "o0", () => val("o0", 1));
  await tick();
  const w = collect(cacher, from);
  await tick();
  assert.deepEqual(brief(w.events), ["ADDED x=0@3", "MODIFIED o0=1@4"]);
  await store.guaranteedUpdate(P + "x", () => DELETE);
  await tick();
  assert.deepEqual(brief(w.events), ["ADDED x=0@3", "MODIFIED o0=1@4", "DELETED x=0@5"]);
  assert.deepEqual(w.ends, []);
  cacher.close();
});

test("A resume older than the oldest buffered event fails with Compacted", async () => {
  const { store, cacher } = setup({ capacity: 3 });
  await cacher.ready;
  await seed(store, 6);
  await tick();
  assert.throws(() => cacher.watch(1, { initialEvents: false }, () => {}), (err: unknown) => isStorageError(err, "Compacted") && /too old resource version: 1 \(3\)/.test(err.message));
  const w = collect(cacher, 3);
  await tick();
  assert.deepEqual(brief(w.events), ["ADDED o3=0@4", "ADDED o4=0@5", "ADDED o5=0@6"]);
  cacher.close();
});

test("Every watcher gets the same frozen object, decoded once and serialised once per event", async () => {
  const { store, cacher, decodes } = setup();
  await cacher.ready;
  const watchers = Array.from({ length: 50 }, () => collect(cacher, cacher.revision()));
  const before = decodes();
  await store.create(P + "a", val("a", 1));
  await tick();
  assert.equal(decodes() - before, 1);
  const first = watchers[0]!.events[0]!;
  for (const w of watchers) {
    assert.equal(w.events.length, 1);
    assert.equal(w.events[0], first);
  }
  const json = first.encoded.json();
  assert.equal(watchers[7]!.events[0]!.encoded, first.encoded);
  assert.equal(cacher.list().items[0], first.encoded, "the cached state is the event's encoding: a later list reuses its serialisation");
  assert.deepEqual(JSON.parse(json), { name: "a", v: 1, resourceVersion: "1" });
  assert.ok(Object.isFrozen(first.object));
  assert.throws(() => {
    (first.object as { v: number }).v = 2;
  }, TypeError);
  cacher.close();
});

test("Events carry the previous object, and DELETED carries the last object stamped with the deletion's revision", async () => {
  const { store, cacher } = setup();
  await cacher.ready;
  const w = collect(cacher, cacher.revision());
  await store.create(P + "a", val("a", 1));
  await store.guaranteedUpdate(P + "a", () => val("a", 2));
  await store.delete(P + "a");
  await tick();
  const [added, modified, deleted] = w.events;
  assert.equal(added!.prevObject, undefined);
  assert.equal(modified!.prevObject, added!.object);
  assert.equal(deleted!.prevObject, modified!.object);
  assert.deepEqual(deleted!.object, { name: "a", v: 2, resourceVersion: "3" });
  assert.equal(cacher.list().items.length, 0);
  cacher.close();
});

test("A slow watcher is dropped with an error once its backlog passes the limit, and others keep receiving", async () => {
  const { store, cacher } = setup({ maxBacklog: 5 });
  await cacher.ready;
  const from = cacher.revision();
  const slowErrors: StorageError[] = [];
  let slowSeen = 0;
  cacher.watch(from, { initialEvents: false, onError: (e) => slowErrors.push(e) }, () => {
    slowSeen++;
    return new Promise<void>(() => {});
  });
  const fast = collect(cacher, from);
  await seed(store, 10);
  await tick();
  assert.equal(fast.events.length, 10);
  assert.deepEqual(fast.errors, []);
  assert.equal(slowSeen, 1);
  assert.equal(slowErrors.length, 1);
  assert.match(slowErrors[0]!.message, /fell more than 5 events behind/);
  await store.create(P + "late", val("late", 0));
  await tick();
  assert.equal(fast.events.length, 11);
  assert.equal(slowSeen, 1);
  cacher.close();
});

test("waitForRevision resolves through store progress when no event falls under the prefix", async () => {
  const { store, cacher } = setup();
  await cacher.ready;
  await store.create("/registry/other/a", val("a", 0));
  const target = await store.currentRevision();
  assert.ok(cacher.revision() < target);
  await cacher.waitForRevision(target, 1000);
  assert.equal(cacher.revision(), target);
  cacher.close();
});

test("waitForRevision fails with TooLarge when the revision does not arrive in time", async () => {
  const clock = new VirtualClock();
  const { store, cacher } = setup({ clock });
  await cacher.ready;
  const target = (await store.currentRevision()) + 5;
  const waiting = cacher.waitForRevision(target, 3000);
  const outcome = waiting.then(
    () => "resolved",
    (e: unknown) => (isStorageError(e, "TooLarge") ? "TooLarge" : String(e)),
  );
  await clock.advance(2999);
  await store.create(P + "a", val("a", 0));
  await clock.advance(1);
  assert.equal(await outcome, "TooLarge");
  const soon = cacher.waitForRevision(target, 3000);
  for (let i = 0; i < 4; i++) await store.create(`${P}b${i}`, val("b", i));
  await soon;
  assert.equal(cacher.revision(), target);
  cacher.close();
});

test("Closing a watch stops its delivery and closing the cache ends every watch", async () => {
  const { store, cacher } = setup();
  await cacher.ready;
  const a = collect(cacher, cacher.revision());
  const b = collect(cacher, cacher.revision());
  a.close();
  await store.create(P + "x", val("x", 0));
  await tick();
  assert.equal(a.events.length, 0);
  assert.equal(b.events.length, 1);
  cacher.close();
  await store.create(P + "y", val("y", 0));
  await tick();
  assert.equal(b.events.length, 1);
  assert.throws(() => cacher.watch(0, { initialEvents: true }, () => {}), (e: unknown) => isStorageError(e, "Unavailable"));
});

test("A triggered watch is offered only the events whose object or previous state has its value", async () => {
  const store = createMemoryStore();
  const cacher = createCacher<{ node: string; n: number }>({
    store,
    prefix: "/registry/pods/",
    clock: realClock,
    decode: (kv) => JSON.parse(kv.value),
    triggers: { node: (o) => o.node },
  });
  await cacher.ready;
  const seen: Record<string, string[]> = { a: [], b: [], all: [] };
  for (const who of ["a", "b"]) cacher.watch(cacher.revision(), { initialEvents: false, trigger: { name: "node", value: who } }, (ev) => void seen[who].push(`${ev.type}:${ev.object.n}`));
  cacher.watch(cacher.revision(), { initialEvents: false }, (ev) => void seen.all.push(`${ev.type}:${ev.object.n}`));
  await store.create("/registry/pods/x", JSON.stringify({ node: "a", n: 1 }));
  await store.create("/registry/pods/y", JSON.stringify({ node: "", n: 2 }));
  // A binding moves y from "" to b: b hears of it.
  await store.guaranteedUpdate("/registry/pods/y", () => JSON.stringify({ node: "b", n: 3 }));
  // Moving x from a to b: both hear of it.
  await store.guaranteedUpdate("/registry/pods/x", () => JSON.stringify({ node: "b", n: 4 }));
  await cacher.waitForRevision(await store.currentRevision(), 1000);
  await new Promise((r) => setImmediate(r));
  assert.deepEqual(seen.a, ["ADDED:1", "MODIFIED:4"]);
  assert.deepEqual(seen.b, ["MODIFIED:3", "MODIFIED:4"]);
  assert.deepEqual(seen.all, ["ADDED:1", "ADDED:2", "MODIFIED:3", "MODIFIED:4"]);
  cacher.close();
});

test("an object's JSON byte length counts UTF-8 bytes, not characters", async () => {
  const store = createMemoryStore();
  await store.create(P + "a", val("é✓😀", 1));
  const { cacher } = setup({ store });
  await cacher.ready;
  const [a] = cacher.list().items;
  assert.equal(a!.jsonByteLength(), Buffer.byteLength(a!.json()));
  assert.ok(a!.jsonByteLength() > a!.json().length);
});

test("a kept snapshot is the state at its revision, unchanged by later writes, until newer kept ones push it out", async () => {
  const store = createMemoryStore();
  await seed(store, 3);
  const cacher = createCacher<Obj>({ store, prefix: P, clock: realClock, snapshots: 2, decode: ({ value, modRevision }) => ({ ...(JSON.parse(value) as { name: string; v: number }), resourceVersion: String(modRevision) }) });
  await cacher.ready;
  const first = cacher.snapshot();
  assert.equal(cacher.snapshotAt(first.revision), undefined, "not kept until asked");
  first.keep();
  await store.create(P + "o3", val("o3", 0));
  await store.delete(P + "o0");
  await cacher.waitForRevision(first.revision + 2, 1000);
  assert.deepEqual(cacher.snapshotAt(first.revision)!.map((c) => c.key), [P + "o0", P + "o1", P + "o2"]);
  const second = cacher.snapshot();
  assert.deepEqual(second.items.map((c) => c.key), [P + "o1", P + "o2", P + "o3"]);
  second.keep();
  cacher.snapshotAt(first.revision); // read last: kept longest
  await store.create(P + "o4", val("o4", 0));
  await cacher.waitForRevision(second.revision + 1, 1000);
  cacher.snapshot().keep();
  assert.ok(cacher.snapshotAt(first.revision), "the most recently read stays");
  assert.equal(cacher.snapshotAt(second.revision), undefined, "the least recently used goes");
  cacher.close();
});

test("An object's JSON is let go once its event leaves the window, and encoded again (then kept) when a list asks", async () => {
  const store = createMemoryStore();
  let encodes = 0;
  class Counted {
    constructor(readonly name: string) {}
    toJSON() {
      encodes++;
      return { name: this.name };
    }
  }
  const cacher = createCacher<Counted>({ store, prefix: P, clock: realClock, capacity: 2, decode: ({ value }) => new Counted((JSON.parse(value) as { name: string }).name) });
  await cacher.ready;
  const sent: string[] = [];
  const w = cacher.watch(cacher.revision(), { initialEvents: false }, (ev) => void sent.push(ev.encoded.json()));
  await store.create(P + "a", val("a", 1));
  await tick();
  assert.deepEqual(sent, ['{"name":"a"}']);
  assert.equal(encodes, 1);
  cacher.get(P + "a")!.json();
  assert.equal(encodes, 1, "kept while its event is in the window");
  await store.create(P + "b", val("b", 1));
  await store.create(P + "c", val("c", 1));
  await tick();
  assert.equal(encodes, 3);
  assert.equal(cacher.get(P + "a")!.json(), '{"name":"a"}');
  assert.equal(encodes, 4, "encoded again after its event was evicted");
  assert.equal(cacher.list().items[0]!.json(), '{"name":"a"}');
  assert.equal(encodes, 4, "and kept for the next list");
  w.close();
  cacher.close();
});
