import { test } from "node:test";
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
  const dir = tempDir();
  const child = spawn(process.execPath, [pathToChildModule("durability-child.js"), dir], { stdio: ["ignore", "pipe", "inherit"] });
  const acked = new Map<string, number>();
  await new Promise<void>((resolve, reject) => {
    const lines = createInterface({ input: child.stdout! });
    lines.on("line", (line) => {
      const [, key, rev] = line.split(" ");
      acked.set(key!, Number(rev));
      if (acked.size === 500) child.kill("SIGKILL");
    });
    child.on("exit", (_code, signal) => (signal === "SIGKILL" ? resolve() : reject(new Error(`child exited without SIGKILL (${signal})`))));
  });
  assert.ok(acked.size >= 500);
  let store: Store | undefined;
  try {
    store = openSqliteStore({ dataDir: dir });
    for (const [key, rev] of acked) {
      const kv = await store.get(key);
      assert.equal(kv?.modRevision, rev, `acknowledged ${key} at ${rev} is missing after kill -9`);
    }
    assert.ok((await store.currentRevision()) >= Math.max(...acked.values()));
  } catch (err) {
    assert.ok(!isStorageError(err), String(err));
    throw err;
  } finally {
    await store?.close();
  }
});

function pathToChildModule(name: string): string {
  return fileURLToPath(new URL(`./${name}`, import.meta.url));
}
