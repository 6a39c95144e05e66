import { test } from "node:test";
import Database from "better-sqlite3";
import assert from "node:assert/strict";
import { spawn } from "node:child_process";
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { createInterface } from "node:readline";
import { runStoreConformance } from "../conformance.js";
import { isStorageError, type Store } from "../store.js";
import { openSqliteStore } from "./sqlite-store.js";
import { SCHEMA } from "./statements.js";

const dirs: string[] = [];
function tempDir(): string {
  const d = mkdtempSync(join(tmpdir(), "skiff-sqlite-"));
  dirs.push(d);
  return d;
}
process.on("exit", () => {
  for (const d of dirs) rmSync(d, { recursive: true, force: true });
});

runStoreConformance({ name: "sqlite", newStore: async () => openSqliteStore({ dataDir: tempDir() }) });

test("Reopening the data directory restores keys, revisions and the compacted revision", async () => {
  const dir = tempDir();
  const first = openSqliteStore({ dataDir: dir });
  await first.create("/registry/a", "1");
  const b = await first.create("/registry/b", "1");
  await first.guaranteedUpdate("/registry/a", () => "2");
  await first.compact(b.modRevision);
  const rev = await first.currentRevision();
  await first.close();
  const second = openSqliteStore({ dataDir: dir });
  try {
    assert.equal(await second.currentRevision(), rev);
    assert.equal(await second.compactedRevision(), b.modRevision);
    assert.deepEqual((await second.list("/registry/")).items.map((kv) => kv.value), ["2", "1"]);
    const c = await second.create("/registry/c", "1");
    assert.equal(c.modRevision, rev + 1);
  } finally {
    await second.close();
  }
});

test("A second process cannot open a data directory that is in use", async () => {
  const dir = tempDir();
  const owner = openSqliteStore({ dataDir: dir });
  await owner.create("/registry/a", "1");
  try {
    const code = await new Promise<number | null>((resolve) => {
      const script = `import("${pathToChildModule("sqlite-store.js")}").then(async (m) => { try { const s = m.openSqliteStore({ dataDir: ${JSON.stringify(dir)} }); await s.create("/registry/b", "1"); process.exit(0); } catch { process.exit(3); } });`;
      spawn(process.execPath, ["--input-type=module", "-e", script], { stdio: "ignore" }).on("exit", resolve);
    });
    assert.equal(code, 3);
  } finally {
    await owner.close();
  }
});

test("Every acknowledged write survives kill -9 of the process that made it", async () => {
  await checkKillNineKeepsAcknowledgedWrites(1, 500);
});

test("Every acknowledged write of concurrent writers, committed in shared transactions, survives kill -9", async () => {
  await checkKillNineKeepsAcknowledgedWrites(16, 3000);
});

test("Writes queued in one turn commit together: a watcher receives them as one batch", async () => {
  const store = openSqliteStore({ dataDir: tempDir() });
  try {
    const batches: number[][] = [];
    store.watch("/registry/", 0, { onEvents: (evs) => batches.push(evs.map((e) => e.modRevision)), onError: (err) => assert.fail(err) });
    // Each tryUpdate awaits a different number of times: the writes are queued in different microtasks of one turn.
    const tryUpdate = (hops: number) => async () => {
      for (let i = 0; i < hops; i++) await Promise.resolve();
      return "v";
    };
    const results = await Promise.all(Array.from({ length: 20 }, (_, i) => store.guaranteedUpdate(`/registry/k${i}`, tryUpdate(i), { allowCreate: true })));
    const written = results.map((r) => r.kv);
    await new Promise((r) => setImmediate(r));
    assert.deepEqual(batches, [written.map((kv) => kv.modRevision)]);
  } finally {
    await store.close();
  }
});

test("A failed commit fails every write queued with it, publishes nothing and hands its revisions out again", async () => {
  const dir = tempDir();
  // A trigger the store does not know about makes one insert, and so its whole transaction, fail.
  const db = new Database(join(dir, "state.db"));
  db.exec(SCHEMA);
  db.exec(`CREATE TRIGGER refuse BEFORE INSERT ON kv WHEN NEW.value = 'refused' BEGIN SELECT RAISE(ABORT, 'refused by test'); END;`);
  db.close();
  const store = openSqliteStore({ dataDir: dir });
  try {
    await store.create("/registry/before", "1");
    const before = await store.create("/registry/other", "1");
    const events: string[] = [];
    store.watch("/registry/", before.modRevision, { onEvents: (evs) => events.push(...evs.map((e) => `${e.key}@${e.modRevision}`)), onError: (err) => assert.fail(err) });
    const batch = await Promise.allSettled([
      store.create("/registry/a", "1"),
      store.guaranteedUpdate("/registry/before", () => "2"),
      store.create("/registry/b", "refused"),
      store.delete("/registry/other"),
    ]);
    assert.deepEqual(batch.map((r) => r.status), ["rejected", "rejected", "rejected", "rejected"]);
    for (const r of batch) assert.ok(r.status === "rejected" && isStorageError(r.reason, "Unavailable"), String(r.status === "rejected" && r.reason));
    assert.equal(await store.currentRevision(), before.modRevision);
    assert.equal(await store.get("/registry/a"), undefined);
    assert.equal((await store.get("/registry/before"))?.value, "1");
    assert.deepEqual(await store.get("/registry/other"), before);
    const after = await store.create("/registry/c", "1");
    assert.equal(after.modRevision, before.modRevision + 1);
    await new Promise((r) => setImmediate(r));
    assert.deepEqual(events, [`/registry/c@${after.modRevision}`]);
  } finally {
    await store.close();
  }
  const reopened = openSqliteStore({ dataDir: dir });
  try {
    assert.deepEqual((await reopened.list("/registry/")).items.map((kv) => `${kv.key}=${kv.value}`), ["/registry/before=1", "/registry/c=1", "/registry/other=1"]);
  } finally {
    await reopened.close();
  }
});

/** Runs durability-child.js with this many writers, kills it with SIGKILL after `acks` acknowledgements, and checks every one of them. */
async function checkKillNineKeepsAcknowledgedWrites(writers: number, acks: number): Promise<void> {
  const dir = tempDir();
  const child = spawn(process.execPath, [pathToChildModule("durability-child.js"), dir, String(writers)], { stdio: ["ignore", "pipe", "inherit"] });
  // The newest acknowledged revision of each key.
  const acked = new Map<string, number>();
  let count = 0;
  await new Promise<void>((resolve, reject) => {
    const lines = createInterface({ input: child.stdout! });
    lines.on("line", (line) => {
      const [, key, rev] = line.split(" ");
      acked.set(key!, Math.max(acked.get(key!) ?? 0, Number(rev)));
      if (++count === acks) child.kill("SIGKILL");
    });
    child.on("exit", (_code, signal) => (signal === "SIGKILL" ? resolve() : reject(new Error(`child exited without SIGKILL (${signal})`))));
  });
  assert.ok(count >= acks);
  let store: Store | undefined;
  try {
    store = openSqliteStore({ dataDir: dir });
    for (const [key, rev] of acked) {
      const kv = await store.get(key);
      assert.ok(kv, `acknowledged ${key} at ${rev} is missing after kill -9`);
      // A counter may have moved on with a write that landed but was not acknowledged before the kill.
      if (key.includes("/counter-")) assert.ok(kv.modRevision >= rev, `${key}: acknowledged at ${rev}, found at ${kv.modRevision}`);
      else assert.equal(kv.modRevision, rev, `acknowledged ${key} at ${rev} is missing after kill -9`);
    }
    assert.ok((await store.currentRevision()) >= Math.max(...acked.values()));
  } catch (err) {
    assert.ok(!isStorageError(err), String(err));
    throw err;
  } finally {
    await store?.close();
  }
}

function pathToChildModule(name: string): string {
  return fileURLToPath(new URL(`./${name}`, import.meta.url));
}
