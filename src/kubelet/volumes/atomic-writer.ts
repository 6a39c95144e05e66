/**
 * Upstream's AtomicWriter over the node's HostFilesystem: a volume's files
 * change all at once, never half-written. Layout under the volume's dir:
 *
 *   ..2026_12_02_14_22_11.3378120562/   the current payload (a timestamped dir)
 *   ..data -> ..2026_12_02_14_22_11.3378120562
 *   key    -> ..data/key                (one symlink per top-level path)
 *
 * An update writes a new timestamped dir, swaps `..data` to it by renaming
 * a fresh `..data_tmp` symlink over it, adds symlinks for new top-level
 * paths, then removes the old dir and the symlinks of paths that left.
 * An unchanged payload writes nothing.
 */
import { randomInt } from "node:crypto";
import type { HostFilesystem } from "../runtime/host-filesystem.js";

export interface FileProjection {
  data: Uint8Array;
  /** Permission bits, e.g. 0o644. */
  mode: number;
}

/** Relative file path -> content, e.g. "ca.crt", "config/app.yaml". */
export type Payload = Map<string, FileProjection>;

const DATA_DIR = "..data";
const DATA_TMP = "..data_tmp";

function timestampDirName(ms: number): string {
  const d = new Date(ms);
  const p = (n: number) => String(n).padStart(2, "0");
  return `..${d.getUTCFullYear()}_${p(d.getUTCMonth() + 1)}_${p(d.getUTCDate())}_${p(d.getUTCHours())}_${p(d.getUTCMinutes())}_${p(d.getUTCSeconds())}.${randomInt(1_000_000_000, 4_294_967_295)}`;
}

/** Throws for paths upstream refuses: absolute, with a .. element, or starting with "..". */
export function validatePayloadPath(path: string): void {
  if (!path) throw new Error("invalid path: must not be empty");
  if (path.startsWith("/")) throw new Error(`invalid path: must be relative path: ${path}`);
  if (path.split("/").includes("..")) throw new Error(`invalid path: must not contain '..': ${path}`);
  if (path.startsWith("..")) throw new Error(`invalid path: must not start with '..': ${path}`);
}

const bytesEqual = (a: Uint8Array | undefined, b: Uint8Array) => !!a && Buffer.from(a.buffer, a.byteOffset, a.length).equals(b);

function sameAsCurrent(fs: HostFilesystem, dir: string, current: string, payload: Payload): boolean {
  const existing = listFiles(fs, `${dir}/${current}`, "");
  if (existing.length !== payload.size) return false;
  for (const [path, f] of payload) {
    const full = `${dir}/${current}/${path}`;
    if (fs.lstat(full)?.mode !== f.mode || !bytesEqual(fs.readFile(full), f.data)) return false;
  }
  return true;
}

function listFiles(fs: HostFilesystem, root: string, prefix: string): string[] {
  const out: string[] = [];
  for (const name of fs.readdir(root) ?? []) {
    const rel = prefix ? `${prefix}/${name}` : name;
    const info = fs.lstat(`${root}/${name}`);
    if (info?.type === "dir") out.push(...listFiles(fs, `${root}/${name}`, rel));
    else out.push(rel);
  }
  return out;
}

/** Writes payload into dir atomically; true when anything changed. */
export function writeAtomically(fs: HostFilesystem, dir: string, payload: Payload, now: number): boolean {
  for (const path of payload.keys()) validatePayloadPath(path);
  fs.mkdir(dir, 0o777);
  const current = fs.lstat(`${dir}/${DATA_DIR}`)?.target;
  if (current && sameAsCurrent(fs, dir, current, payload)) return false;

  const next = timestampDirName(now);
  fs.mkdir(`${dir}/${next}`, 0o755);
  for (const [path, f] of payload) fs.writeFile(`${dir}/${next}/${path}`, f.data, f.mode);
  if (fs.lstat(`${dir}/${DATA_TMP}`)) fs.remove(`${dir}/${DATA_TMP}`);
  fs.symlink(next, `${dir}/${DATA_TMP}`);
  fs.rename(`${dir}/${DATA_TMP}`, `${dir}/${DATA_DIR}`);

  const visible = new Set([...payload.keys()].map((p) => p.split("/")[0]));
  for (const name of visible) if (!fs.lstat(`${dir}/${name}`)) fs.symlink(`${DATA_DIR}/${name}`, `${dir}/${name}`);
  for (const name of fs.readdir(dir) ?? []) {
    if (name.startsWith("..")) {
      if (name !== DATA_DIR && name !== next) fs.remove(`${dir}/${name}`);
    } else if (!visible.has(name)) fs.remove(`${dir}/${name}`);
  }
  return true;
}
