import assert from "node:assert/strict";
import { DELETE } from "../store.js";
import { recordWatch, settle, summary, type ConformanceCase } from "./helpers.js";

export const watchCases: ConformanceCase[] = [
  {
    name: "watch from a past revision replays exactly the events after it in order, then continues live",
    async run({ store, prefix }) {
      await store.create(prefix + "a", "1");
      const from = await store.currentRevision();
      const b = await store.create(prefix + "b", "1");
      const a2 = await store.guaranteedUpdate(prefix + "a", () => "2");
      const bDel = await store.delete(prefix + "b");
      const w = recordWatch(store, prefix, from);
      try {
        const replayed = await w.waitFor(3);
        assert.deepEqual(replayed.map(summary), [`put ${prefix}b=1`, `put ${prefix}a=2 (was 1)`, `delete ${prefix}b=1 (was 1)`]);
        assert.deepEqual(replayed.map((e) => e.modRevision), [b.modRevision, a2.kv.modRevision, bDel.modRevision]);
        const c = await store.create(prefix + "c", "1");
        const all = await w.waitFor(4);
        assert.equal(summary(all[3]!), `put ${prefix}c=1`);
        assert.equal(all[3]!.modRevision, c.modRevision);
        assert.equal(all[3]!.createRevision, c.createRevision);
        await settle();
        assert.equal(w.events.length, 4);
      } finally {
        w.close();
      }
    },
  },
  {
    name: "watch from the current revision delivers only new events",
    async run({ store, prefix }) {
      await store.create(prefix + "old", "1");
      const w = recordWatch(store, prefix, await store.currentRevision());
      try {
        await store.create(prefix + "new", "1");
        const evs = await w.waitFor(1);
        assert.deepEqual(evs.map(summary), [`put ${prefix}new=1`]);
      } finally {
        w.close();
      }
    },
  },
  {
    name: "watch delivers only keys under its prefix",
    async run({ store, prefix }) {
      const w = recordWatch(store, prefix + "pods/", await store.currentRevision());
      try {
        await store.create(prefix + "pods/a", "1");
        await store.create(prefix + "podsx/a", "1");
        await store.create(prefix + "services/a", "1");
        await store.create(prefix + "pods/b", "1");
        await w.waitFor(2);
        await settle();
        assert.deepEqual(w.events.map(summary), [`put ${prefix}pods/a=1`, `put ${prefix}pods/b=1`]);
      } finally {
        w.close();
      }
    },
  },
  {
    name: "Update events carry the previous value and delete events carry the last value",
    async run({ store, prefix }) {
      const from = await store.currentRevision();
      const created = await store.create(prefix + "k", "v1");
      const { kv: updated } = await store.guaranteedUpdate(prefix + "k", () => "v2");
      const { kv: gone } = await store.guaranteedUpdate(prefix + "k", () => DELETE);
      const w = recordWatch(store, prefix, from);
      try {
        const [put, upd, del] = await w.waitFor(3);
        assert.equal(put!.prevValue, undefined);
        assert.equal(put!.createRevision, created.modRevision);
        assert.equal(upd!.prevValue, "v1");
        assert.equal(upd!.prevModRevision, created.modRevision);
        assert.equal(upd!.createRevision, created.modRevision);
        assert.equal(del!.type, "delete");
        assert.equal(del!.value, "v2");
        assert.equal(del!.prevValue, "v2");
        assert.equal(del!.modRevision, gone.modRevision);
        assert.equal(del!.prevModRevision, updated.modRevision);
        assert.equal(del!.createRevision, created.modRevision);
      } finally {
        w.close();
      }
    },
  },
  {
    name: "watch from a compacted revision fails with Compacted",
    async run({ store, prefix }) {
      await store.create(prefix + "a", "1");
      const early = await store.currentRevision();
      await store.guaranteedUpdate(prefix + "a", () => "2");
      await store.guaranteedUpdate(prefix + "a", () => "3");
      await store.guaranteedUpdate(prefix + "a", () => "4");
      const compactAt = await store.currentRevision();
      await store.compact(compactAt);
      const w = recordWatch(store, prefix, early);
      try {
        const err = await w.error();
        assert.equal(err.code, "Compacted");
        assert.equal(w.events.length, 0);
      } finally {
        w.close();
      }
      const ok = recordWatch(store, prefix, compactAt);
      try {
        await store.guaranteedUpdate(prefix + "a", () => "5");
        assert.deepEqual((await ok.waitFor(1)).map(summary), [`put ${prefix}a=5 (was 4)`]);
      } finally {
        ok.close();
      }
    },
  },
  {
    name: "Closing a watch stops delivery",
    async run({ store, prefix }) {
      const w = recordWatch(store, prefix, await store.currentRevision());
      await store.create(prefix + "a", "1");
      await w.waitFor(1);
      w.close();
      await store.create(prefix + "b", "1");
      await settle();
      assert.equal(w.events.length, 1);
    },
  },
  {
    name: "Many concurrent writes reach a watcher in revision order without gaps",
    async run({ store, prefix }) {
      const w = recordWatch(store, prefix, await store.currentRevision());
      try {
        const n = 60;
        const written = await Promise.all(Array.from({ length: n }, (_, i) => store.create(`${prefix}k${i}`, String(i))));
        const evs = await w.waitFor(n);
        assert.deepEqual(evs.map((e) => e.modRevision), written.map((kv) => kv.modRevision).sort((a, b) => a - b));
      } finally {
        w.close();
      }
    },
  },
];
