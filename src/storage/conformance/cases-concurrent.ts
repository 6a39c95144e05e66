import assert from "node:assert/strict";
import { DELETE, isStorageError, type KeyValue } from "../store.js";
import { recordWatch, settle, summary, type ConformanceCase } from "./helpers.js";

/**
 * Writes started together in one turn of the event loop, as concurrent
 * requests make them: a backend may commit them together, but each keeps
 * its own revision, its own outcome and its own event.
 */
export const concurrentCases: ConformanceCase[] = [
  {
    name: "Writes started in one turn each land at their own revision, and a watch sees each once in revision order",
    async run({ store, prefix }) {
      await store.create(prefix + "upd", "0");
      await store.create(prefix + "del", "x");
      const w = recordWatch(store, prefix, await store.currentRevision());
      try {
        // Started without awaiting in between: one turn.
        const creates = Array.from({ length: 40 }, (_, i) => store.create(`${prefix}k${String(i).padStart(2, "0")}`, String(i)));
        const update = store.guaranteedUpdate(prefix + "upd", (cur) => `${cur!.value}+1`);
        const del = store.delete(prefix + "del");
        const created = await Promise.all(creates);
        const updated = (await update).kv;
        const deleted = await del;
        const written: KeyValue[] = [...created, updated, deleted];
        const revisions = written.map((kv) => kv.modRevision);
        assert.equal(new Set(revisions).size, written.length, "two writes share a revision");
        for (const kv of created) assert.equal(kv.createRevision, kv.modRevision);
        assert.ok((await store.currentRevision()) >= Math.max(...revisions));

        const events = await w.waitFor(written.length);
        await settle();
        assert.equal(w.events.length, written.length);
        const eventRevisions = events.map((e) => e.modRevision);
        assert.deepEqual(eventRevisions, [...eventRevisions].sort((a, b) => a - b), "events out of revision order");
        const byRevision = new Map(events.map((e) => [e.modRevision, e]));
        for (const kv of created) assert.equal(summary(byRevision.get(kv.modRevision)!), `put ${kv.key}=${kv.value}`);
        assert.equal(summary(byRevision.get(updated.modRevision)!), `put ${prefix}upd=0+1 (was 0)`);
        assert.equal(summary(byRevision.get(deleted.modRevision)!), `delete ${prefix}del=x (was x)`);

        for (const kv of created) assert.deepEqual(await store.get(kv.key), kv);
        assert.deepEqual(await store.get(prefix + "upd"), updated);
        assert.equal(await store.get(prefix + "del"), undefined);
      } finally {
        w.close();
      }
    },
  },
  {
    name: "Updates of one key started in one turn with synchronous tryUpdate never lose an update",
    async run({ store, prefix }) {
      await store.create(prefix + "counter", "0");
      const writers = 30;
      const results = await Promise.all(
        Array.from({ length: writers }, () => store.guaranteedUpdate(prefix + "counter", (cur) => String(Number(cur!.value) + 1))),
      );
      const final = (await store.get(prefix + "counter"))!;
      assert.equal(final.value, String(writers));
      const revisions = results.map((r) => r.kv.modRevision);
      assert.equal(new Set(revisions).size, writers);
      assert.equal(Math.max(...revisions), final.modRevision);
      // Each update saw the one before it: values and revisions rise together.
      const byRevision = results.map((r) => r.kv).sort((a, b) => a.modRevision - b.modRevision);
      assert.deepEqual(byRevision.map((kv) => kv.value), Array.from({ length: writers }, (_, i) => String(i + 1)));
    },
  },
  {
    name: "Creates, updates and deletes of one key started in one turn agree with the key's final state",
    async run({ store, prefix }) {
      const key = prefix + "k";
      const ops = [
        store.create(key, "a").then((kv) => ({ op: "create", kv })),
        store.guaranteedUpdate(key, (cur) => `${cur!.value}b`).then((r) => ({ op: "update", kv: r.kv })),
        store.delete(key).then((kv) => ({ op: "delete", kv })),
        store.guaranteedUpdate(key, (cur) => (cur ? DELETE : "c"), { allowCreate: true }).then((r) => ({ op: r.deleted ? "delete" : "create", kv: r.kv })),
      ];
      const settled = await Promise.allSettled(ops);
      const done: { op: string; kv: KeyValue }[] = [];
      for (const s of settled) {
        if (s.status === "fulfilled") done.push(s.value);
        else assert.ok(isStorageError(s.reason, "NotFound") || isStorageError(s.reason, "KeyExists"), String(s.reason));
      }
      done.sort((a, b) => a.kv.modRevision - b.kv.modRevision);
      assert.equal(new Set(done.map((d) => d.kv.modRevision)).size, done.length);
      // Replaying the successful writes in revision order must give the key's final state.
      let live: KeyValue | undefined;
      for (const { op, kv } of done) {
        if (op === "delete") {
          assert.ok(live, `delete at ${kv.modRevision} of an absent key`);
          assert.equal(kv.value, live.value);
          live = undefined;
        } else {
          assert.equal(op === "create", live === undefined, `${op} at ${kv.modRevision} with the key ${live ? "present" : "absent"}`);
          if (op === "update") assert.equal(kv.value, `${live!.value}b`);
          live = kv;
        }
      }
      assert.deepEqual(await store.get(key), live);
    },
  },
];
