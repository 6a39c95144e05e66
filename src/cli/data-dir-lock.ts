/**
 * One `skiff up` (or `skiff server`) per data directory: DIR/skiff.lock
 * holds the pid of the process using it. A second start fails at once and
 * names the holder; the lock of a process that died without removing it is
 * taken over.
 */
import { readFileSync, unlinkSync, writeFileSync } from "node:fs";
import path from "node:path";

export const LOCK_FILE = "skiff.lock";

export class DataDirInUseError extends Error {
  constructor(readonly dataDir: string, readonly pid: number) {
    super(`data directory ${dataDir} is in use by process ${pid} (lock file ${path.join(dataDir, LOCK_FILE)})`);
  }
}

export interface DataDirLock {
  release(): void;
}

function isAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (err) {
    // EPERM: it exists but belongs to someone else.
    return (err as NodeJS.ErrnoException).code === "EPERM";
  }
}

function holder(file: string): number | undefined {
  try {
    const pid = Number.parseInt(readFileSync(file, "utf8").trim(), 10);
    return Number.isInteger(pid) && pid > 0 ? pid : undefined;
  } catch {
    return undefined;
  }
}

/** Takes the lock of dataDir (which must exist) for this process, or throws DataDirInUseError. */
export function lockDataDir(dataDir: string, pid = process.pid): DataDirLock {
  const file = path.join(dataDir, LOCK_FILE);
  for (let attempt = 0; ; attempt++) {
    try {
      writeFileSync(file, `${pid}\n`, { flag: "wx", mode: 0o600 });
      break;
    } catch (err) {
      if ((err as NodeJS.ErrnoException).code !== "EEXIST") throw err;
      const other = holder(file);
      if (other !== undefined && other !== pid && isAlive(other)) throw new DataDirInUseError(dataDir, other);
      // Stale (its process is gone) or unreadable: take it over, once.
      if (attempt > 0) throw new DataDirInUseError(dataDir, other ?? 0);
      try {
        unlinkSync(file);
      } catch (e) {
        if ((e as NodeJS.ErrnoException).code !== "ENOENT") throw e;
      }
    }
  }
  return {
    release() {
      if (holder(file) === pid) unlinkSync(file);
    },
  };
}
