import { test } from "node:test";
import assert from "node:assert/strict";
import { spawnSync } from "node:child_process";
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { DataDirInUseError, LOCK_FILE, lockDataDir } from "./data-dir-lock.js";

test("the lock names a live holder, is taken over from a dead one, and is released", () => {
  const dir = mkdtempSync(join(tmpdir(), "skiff-lock-"));
  try {
    const mine = lockDataDir(dir);
    assert.equal(readFileSync(join(dir, LOCK_FILE), "utf8"), `${process.pid}\n`);
    // Another live process (our parent stands in for it) holds it.
    writeFileSync(join(dir, LOCK_FILE), `${process.ppid}\n`);
    assert.throws(() => lockDataDir(dir), (e: unknown) => e instanceof DataDirInUseError && e.pid === process.ppid && e.message.includes(`in use by process ${process.ppid}`));
    mine.release();
    assert.ok(existsSync(join(dir, LOCK_FILE)), "release leaves another holder's lock alone");
    const dead = Number(spawnSync(process.execPath, ["-e", "process.stdout.write(String(process.pid))"], { encoding: "utf8" }).stdout);
    writeFileSync(join(dir, LOCK_FILE), `${dead}\n`);
    const taken = lockDataDir(dir);
    assert.equal(readFileSync(join(dir, LOCK_FILE), "utf8"), `${process.pid}\n`);
    taken.release();
    assert.equal(existsSync(join(dir, LOCK_FILE)), false);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});
