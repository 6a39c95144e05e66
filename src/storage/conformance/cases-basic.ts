import assert from "node:assert/strict";
import { DELETE } from "../store.js";
import { rejectsWith, type ConformanceCase } from "./helpers.js";

export const basicCases: ConformanceCase[] = [
  {
    name: "Every write gets a new revision, increasing across all keys",
    async run({ store, prefix }) {
      const start = await store.currentRevision();
      const a = await store.create(prefix + "a", "1");
      const b = await store.create(prefix + "b", "1");
      const a2 = await store.guaranteedUpdate(a.key, () => "2");
      const bDel = await store.delete(b.key);
      const revs = [a.modRevision, b.modRevision, a2.kv.modRevision, bDel.modRevision];
      assert.ok(revs[0]! > start, `first write ${revs[0]} must be after ${start}`);
      for (let i = 1; i < revs.length; i++) assert.ok(revs[i]! > revs[i - 1]!, `revisions must increase: ${revs.join(", ")}`);
      assert.equal(await store.currentRevision(), bDel.modRevision);
    },
  },
  {
    name: "create writes a new key with equal create and mod revisions",
    async run({ store, prefix }) {
      const kv = await store.create(prefix + "k", "v");
      assert.deepEqual(kv, { key: prefix + "k", value: "v", createRevision: kv.modRevision, modRevision: kv.modRevision });
    },
  },
  {
    name: "create fails with KeyExists for an existing key and works again after delete",
    async run({ store, prefix }) {
      const first = await store.create(prefix + "k", "1");
      await rejectsWith(() => store.create(prefix + "k", "2"), "KeyExists");
      assert.equal((await store.get(prefix + "k"))?.value, "1");
      await store.delete(prefix + "k");
      const again = await store.create(prefix + "k", "3");
      assert.ok(again.createRevision > first.createRevision);
      assert.equal(again.createRevision, again.modRevision);
    },
  },
  {
    name: "get returns the latest value with its revisions, and undefined for absent or deleted keys",
    async run({ store, prefix }) {
      const created = await store.create(prefix + "k", "1");
      const { kv: updated } = await store.guaranteedUpdate(prefix + "k", () => "2");
      assert.deepEqual(await store.get(prefix + "k"), { key: prefix + "k", value: "2", createRevision: created.modRevision, modRevision: updated.modRevision });
      assert.equal(await store.get(prefix + "absent"), undefined);
      await store.delete(prefix + "k");
      assert.equal(await store.get(prefix + "k"), undefined);
    },
  },
  {
    name: "delete returns the last value at the deletion's revision and fails with NotFound for absent keys",
    async run({ store, prefix }) {
      const created = await store.create(prefix + "k", "last");
      const before = await store.currentRevision();
      const deleted = await store.delete(prefix + "k");
      assert.equal(deleted.value, "last");
      assert.equal(deleted.createRevision, created.createRevision);
      assert.ok(deleted.modRevision > before);
      assert.equal(await store.currentRevision(), deleted.modRevision);
      await rejectsWith(() => store.delete(prefix + "k"), "NotFound");
      await rejectsWith(() => store.delete(prefix + "never"), "NotFound");
    },
  },
  {
    name: "delete honours a modRevision precondition",
    async run({ store, prefix }) {
      const v1 = await store.create(prefix + "k", "1");
      const { kv: v2 } = await store.guaranteedUpdate(prefix + "k", () => "2");
      await rejectsWith(() => store.delete(prefix + "k", { modRevision: v1.modRevision }), "Conflict");
      assert.equal((await store.get(prefix + "k"))?.value, "2");
      const deleted = await store.delete(prefix + "k", { modRevision: v2.modRevision });
      assert.equal(deleted.value, "2");
    },
  },
  {
    name: "count counts live keys under the prefix only",
    async run({ store, prefix }) {
      for (const k of ["a/1", "a/2", "a/3", "ab/1", "b/1"]) await store.create(prefix + k, "x");
      await store.delete(prefix + "a/2");
      assert.equal(await store.count(prefix + "a/"), 2);
      assert.equal(await store.count(prefix + "a"), 3);
      assert.equal(await store.count(prefix), 4);
      assert.equal(await store.count(prefix + "none/"), 0);
    },
  },
  {
    name: "compact keeps the latest values readable and records the compacted revision",
    async run({ store, prefix }) {
      await store.create(prefix + "a", "1");
      await store.guaranteedUpdate(prefix + "a", () => "2");
      await store.create(prefix + "b", "1");
      await store.guaranteedUpdate(prefix + "b", () => DELETE);
      const rev = await store.currentRevision();
      await store.compact(rev);
      assert.equal(await store.compactedRevision(), rev);
      assert.equal((await store.get(prefix + "a"))?.value, "2");
      assert.equal(await store.get(prefix + "b"), undefined);
      const list = await store.list(prefix, { revision: rev });
      assert.deepEqual(list.items.map((kv) => `${kv.key}=${kv.value}`), [`${prefix}a=2`]);
      const again = await store.create(prefix + "b", "new");
      assert.ok(again.modRevision > rev);
    },
  },
];
