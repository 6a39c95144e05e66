import assert from "node:assert/strict";
import type { ListResult } from "../store.js";
import { rejectsWith, type ConformanceCase } from "./helpers.js";

const pairs = (r: ListResult, prefix: string) => r.items.map((kv) => `${kv.key.slice(prefix.length)}=${kv.value}`);

export const listCases: ConformanceCase[] = [
  {
    name: "list returns live keys under the prefix in key order, with their revisions",
    async run({ store, prefix }) {
      for (const k of ["a/2", "a/10", "ab/1", "a/1", "b/1", "a/3"]) await store.create(prefix + k, k);
      await store.delete(prefix + "a/3");
      const r = await store.list(prefix + "a/");
      assert.deepEqual(pairs(r, prefix), ["a/1=a/1", "a/10=a/10", "a/2=a/2"]);
      assert.equal(r.more, false);
      assert.equal(r.remaining, 0);
      assert.equal(r.revision, await store.currentRevision());
      for (const kv of r.items) assert.deepEqual(await store.get(kv.key), kv);
    },
  },
  {
    name: "list pages with limit and startAfter, reporting more and remaining",
    async run({ store, prefix }) {
      for (let i = 0; i < 7; i++) await store.create(`${prefix}k${i}`, String(i));
      const p1 = await store.list(prefix, { limit: 3 });
      assert.deepEqual(pairs(p1, prefix), ["k0=0", "k1=1", "k2=2"]);
      assert.equal(p1.more, true);
      assert.equal(p1.remaining, 4);
      const p2 = await store.list(prefix, { limit: 3, startAfter: p1.items[2]!.key, revision: p1.revision });
      assert.deepEqual(pairs(p2, prefix), ["k3=3", "k4=4", "k5=5"]);
      assert.equal(p2.remaining, 1);
      const p3 = await store.list(prefix, { limit: 3, startAfter: p2.items[2]!.key, revision: p1.revision });
      assert.deepEqual(pairs(p3, prefix), ["k6=6"]);
      assert.equal(p3.more, false);
      assert.equal(p3.remaining, 0);
      const exact = await store.list(prefix, { limit: 7 });
      assert.equal(exact.more, false);
      assert.equal(exact.items.length, 7);
    },
  },
  {
    name: "Paging at a fixed revision stays consistent while writes happen",
    async run({ store, prefix }) {
      for (let i = 0; i < 9; i++) await store.create(`${prefix}k${i}`, "old");
      const p1 = await store.list(prefix, { limit: 3 });
      await store.guaranteedUpdate(`${prefix}k4`, () => "new");
      await store.delete(`${prefix}k5`);
      await store.create(`${prefix}k55`, "new");
      await store.create(`${prefix}k9`, "new");
      const seen = [...p1.items];
      let last = p1;
      while (last.more) {
        last = await store.list(prefix, { limit: 3, startAfter: seen[seen.length - 1]!.key, revision: p1.revision });
        assert.equal(last.revision, p1.revision);
        seen.push(...last.items);
      }
      assert.deepEqual(
        seen.map((kv) => `${kv.key.slice(prefix.length)}=${kv.value}`),
        Array.from({ length: 9 }, (_, i) => `k${i}=old`),
      );
      const now = await store.list(prefix);
      assert.deepEqual(pairs(now, prefix), ["k0=old", "k1=old", "k2=old", "k3=old", "k4=new", "k55=new", "k6=old", "k7=old", "k8=old", "k9=new"]);
    },
  },
  {
    name: "list at an older revision shows that revision's values, including keys deleted since",
    async run({ store, prefix }) {
      await store.create(prefix + "a", "1");
      const b = await store.create(prefix + "b", "1");
      const at = await store.currentRevision();
      await store.guaranteedUpdate(prefix + "a", () => "2");
      await store.delete(prefix + "b");
      await store.create(prefix + "c", "1");
      const old = await store.list(prefix, { revision: at });
      assert.deepEqual(pairs(old, prefix), ["a=1", "b=1"]);
      assert.equal(old.revision, at);
      assert.deepEqual(old.items[1], b);
      assert.deepEqual(pairs(await store.list(prefix), prefix), ["a=2", "c=1"]);
    },
  },
  {
    name: "list below the compacted revision fails with Compacted, while the compacted revision itself still reads",
    async run({ store, prefix }) {
      await store.create(prefix + "a", "1");
      const early = await store.currentRevision();
      await store.guaranteedUpdate(prefix + "a", () => "2");
      await store.create(prefix + "b", "1");
      const compactAt = await store.currentRevision();
      await store.guaranteedUpdate(prefix + "b", () => "2");
      await store.compact(compactAt);
      await rejectsWith(() => store.list(prefix, { revision: early }), "Compacted");
      assert.deepEqual(pairs(await store.list(prefix, { revision: compactAt }), prefix), ["a=2", "b=1"]);
      assert.deepEqual(pairs(await store.list(prefix), prefix), ["a=2", "b=2"]);
    },
  },
  {
    name: "list at a revision the store has not reached fails with TooLarge",
    async run({ store, prefix }) {
      await store.create(prefix + "a", "1");
      const future = (await store.currentRevision()) + 1000;
      await rejectsWith(() => store.list(prefix, { revision: future }), "TooLarge");
    },
  },
];
