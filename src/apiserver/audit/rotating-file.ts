/**
 * An append-only log file rotated by size, as upstream's audit log does
 * through lumberjack: past maxSize megabytes (100 when 0) the file is
 * renamed to <name>-<UTC time>.<ext> (e.g. audit-2026-12-03T10-10-47.123.log)
 * and a new one started; backups beyond maxBackups (0: keep all) or older
 * than maxAge days (0: keep all) are removed.
 */
import { mkdir, open, readdir, rename, unlink, type FileHandle } from "node:fs/promises";
import path from "node:path";
import type { Clock } from "../../util/clock.js";

export interface RotatingFileOptions {
  file: string;
  /** Megabytes; 0 means lumberjack's default of 100. */
  maxSize: number;
  maxBackups: number;
  /** Days. */
  maxAge: number;
  clock: Clock;
}

const MEGABYTE = 1024 * 1024;
const DAY_MS = 24 * 3600 * 1000;

export interface RotatingFile {
  /** Appends; writes must not overlap (the caller awaits each). */
  write(data: string): Promise<void>;
  close(): Promise<void>;
}

/** Opens (creating with mode 0600, and its directory with 0700) or fails at once: a bad path is a start-up error. */
export async function openRotatingFile(opts: RotatingFileOptions): Promise<RotatingFile> {
  const max = (opts.maxSize > 0 ? opts.maxSize : 100) * MEGABYTE;
  const dir = path.dirname(opts.file);
  const ext = path.extname(opts.file);
  const base = path.basename(opts.file, ext);
  await mkdir(dir, { recursive: true, mode: 0o700 });
  let handle: FileHandle = await open(opts.file, "a", 0o600);
  let size = (await handle.stat()).size;

  const backupName = (ms: number) => path.join(dir, `${base}-${new Date(ms).toISOString().replace(/:/g, "-").replace(/Z$/, "")}${ext}`);
  const backupTime = (name: string): number | undefined => {
    if (!name.startsWith(`${base}-`) || !name.endsWith(ext)) return undefined;
    const stamp = name.slice(base.length + 1, name.length - ext.length);
    const m = /^(\d{4}-\d\d-\d\d)T(\d\d)-(\d\d)-(\d\d\.\d{3})$/.exec(stamp);
    return m ? Date.parse(`${m[1]}T${m[2]}:${m[3]}:${m[4]}Z`) : undefined;
  };

  async function removeOldBackups(): Promise<void> {
    if (opts.maxBackups <= 0 && opts.maxAge <= 0) return;
    const backups = (await readdir(dir))
      .map((name) => ({ name, time: backupTime(name) }))
      .filter((b): b is { name: string; time: number } => b.time !== undefined)
      .sort((a, b) => b.time - a.time);
    const cutoff = opts.clock.now() - opts.maxAge * DAY_MS;
    const doomed = backups.filter((b, i) => (opts.maxBackups > 0 && i >= opts.maxBackups) || (opts.maxAge > 0 && b.time < cutoff));
    for (const b of doomed) await unlink(path.join(dir, b.name)).catch(() => undefined);
  }

  async function rotate(): Promise<void> {
    await handle.close();
    await rename(opts.file, backupName(opts.clock.now()));
    handle = await open(opts.file, "a", 0o600);
    size = 0;
    await removeOldBackups();
  }

  return {
    async write(data) {
      const bytes = Buffer.byteLength(data);
      if (size > 0 && size + bytes > max) await rotate();
      await handle.write(data);
      size += bytes;
    },
    close: () => handle.close(),
  };
}
