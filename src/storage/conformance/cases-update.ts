import assert from "node:assert/strict";
import { DELETE, type KeyValue } from "../store.js";
import { rejectsWith, type ConformanceCase } from "./helpers.js";

export const updateCases: ConformanceCase[] = [
  {
    name: "guaranteedUpdate passes the current value and writes the result at a new revision, keeping createRevision",
    async run({ store, prefix }) {
      const created = await store.create(prefix + "k", "1");
      let seen: KeyValue | undefined;
      const { kv, deleted } = await store.guaranteedUpdate(prefix + "k", (cur) => {
        seen = cur;
        return `${cur!.value}+1`;
      });
      assert.deepEqual(seen, created);
      assert.equal(deleted, false);
      assert.equal(kv.value, "1+1");
      assert.equal(kv.createRevision, created.createRevision);
      assert.ok(kv.modRevision > created.modRevision);
      assert.deepEqual(await store.get(prefix + "k"), kv);
    },
  },
  {
    name: "guaranteedUpdate retries on the new value when the key changes between its read and its write",
    async run({ store, prefix }) {
      await store.create(prefix + "k", "a");
      const seen: string[] = [];
      const { kv } = await store.guaranteedUpdate(prefix + "k", async (cur) => {
        seen.push(cur!.value);
        if (seen.length === 1) await store.guaranteedUpdate(prefix + "k", () => "b");
        return cur!.value + "!";
      });
      assert.deepEqual(seen, ["a", "b"]);
      assert.equal(kv.value, "b!");
    },
  },
  {
    name: "guaranteedUpdate fails with Conflict when the modRevision precondition does not match",
    async run({ store, prefix }) {
      const v1 = await store.create(prefix + "k", "1");
      await store.guaranteedUpdate(prefix + "k", () => "2");
      await rejectsWith(() => store.guaranteedUpdate(prefix + "k", () => "3", { preconditions: { modRevision: v1.modRevision } }), "Conflict");
      assert.equal((await store.get(prefix + "k"))?.value, "2");
      const cur = (await store.get(prefix + "k"))!;
      const { kv } = await store.guaranteedUpdate(prefix + "k", () => "3", { preconditions: { modRevision: cur.modRevision } });
      assert.equal(kv.value, "3");
    },
  },
  {
    name: "guaranteedUpdate fails with NotFound on an absent key unless allowCreate is set",
    async run({ store, prefix }) {
      await rejectsWith(() => store.guaranteedUpdate(prefix + "k", () => "v"), "NotFound");
      assert.equal(await store.get(prefix + "k"), undefined);
      let seen: KeyValue | undefined | "unset" = "unset";
      const { kv } = await store.guaranteedUpdate(
        prefix + "k",
        (cur) => {
          seen = cur;
          return "v";
        },
        { allowCreate: true },
      );
      assert.equal(seen, undefined);
      assert.equal(kv.value, "v");
      assert.equal(kv.createRevision, kv.modRevision);
      await rejectsWith(() => store.guaranteedUpdate(prefix + "other", () => DELETE, { allowCreate: true }), "NotFound");
    },
  },
  {
    name: "guaranteedUpdate returning DELETE deletes the key and reports the deletion",
    async run({ store, prefix }) {
      const created = await store.create(prefix + "k", "last");
      const { kv, deleted } = await store.guaranteedUpdate(prefix + "k", () => DELETE);
      assert.equal(deleted, true);
      assert.equal(kv.value, "last");
      assert.ok(kv.modRevision > created.modRevision);
      assert.equal(await store.get(prefix + "k"), undefined);
    },
  },
  {
    name: "guaranteedUpdate that leaves the value unchanged writes nothing",
    async run({ store, prefix }) {
      const created = await store.create(prefix + "k", "same");
      const before = await store.currentRevision();
      const { kv } = await store.guaranteedUpdate(prefix + "k", (cur) => cur!.value);
      assert.deepEqual(kv, created);
      assert.equal(await store.currentRevision(), before);
    },
  },
  {
    name: "An error thrown by tryUpdate aborts the update and leaves the key unchanged",
    async run({ store, prefix }) {
      await store.create(prefix + "k", "1");
      await assert.rejects(
        store.guaranteedUpdate(prefix + "k", () => {
          throw new Error("validation failed");
        }),
        /validation failed/,
      );
      assert.equal((await store.get(prefix + "k"))?.value, "1");
    },
  },
  {
    name: "Concurrent writers never lose an update",
    async run({ store, prefix }) {
      await store.create(prefix + "counter", "0");
      const writers = 25;
      await Promise.all(
        Array.from({ length: writers }, async () => {
          await store.guaranteedUpdate(prefix + "counter", async (cur) => {
            const n = Number(cur!.value);
            await new Promise((r) => setImmediate(r));
            return String(n + 1);
          });
        }),
      );
      assert.equal((await store.get(prefix + "counter"))?.value, String(writers));
    },
  },
  {
    name: "Concurrent creates of one key let exactly one win",
    async run({ store, prefix }) {
      const results = await Promise.allSettled(Array.from({ length: 10 }, (_, i) => store.create(prefix + "k", String(i))));
      const won = results.filter((r) => r.status === "fulfilled");
      assert.equal(won.length, 1);
      for (const r of results) if (r.status === "rejected") assert.equal((r.reason as { code?: string }).code, "KeyExists");
    },
  },
];
