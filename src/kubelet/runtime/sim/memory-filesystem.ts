/**
 * A HostFilesystem in memory, for simulated nodes.
 *
 * Thousands of sim nodes share one process, so a node's filesystem is a
 * plain tree of Maps; a file keeps the chunks it was appended in and joins
 * them once, on the next read (a log appended line by line is not copied on
 * every write). Symlinks anywhere in a path are followed (the kubelet's
 * atomic volume writer swaps a `..data` symlink); relative targets resolve
 * from the link's directory.
 *
 * Errors are node:fs-shaped (`code` ENOENT, ENOTDIR, EISDIR, EEXIST, ELOOP)
 * so callers can treat this and a disk the same way.
 *
 * Example:
 *   const fs = createMemoryFilesystem({ clock });
 *   fs.writeFile("/var/lib/kubelet/pods/u1/volumes/cm/..2026/key", "v");
 *   fs.symlink("..2026", "/var/lib/kubelet/pods/u1/volumes/cm/..data");
 *   fs.readFile("/var/lib/kubelet/pods/u1/volumes/cm/..data/key"); // "v" as bytes
 */
import { realClock, type Clock } from "../../../util/clock.js";
import type { HostFileInfo, HostFilesystem } from "../host-filesystem.js";

export interface MemoryFilesystemOptions {
  /** Stamps modification times; the wall clock when absent. */
  clock?: Clock;
  /** A snapshot() to start from. */
  from?: MemoryFilesystemSnapshot;
}

/** The tree as JSON: one entry per path, parents before children; file data in base64. */
export interface MemoryFilesystemSnapshot {
  entries: { path: string; type: HostFileInfo["type"]; mode: number; mtime: number; data?: string; target?: string }[];
}

export interface MemoryFilesystem extends HostFilesystem {
  snapshot(): MemoryFilesystemSnapshot;
  /** Bytes held by file contents (not counting the tree itself). */
  bytes(): number;
}

interface FileNode {
  type: "file";
  mode: number;
  mtime: number;
  size: number;
  /** Invariant: the sum of chunk lengths is size; one chunk after a read. */
  chunks: Uint8Array[];
}
interface DirNode {
  type: "dir";
  mode: number;
  mtime: number;
  children: Map<string, Node>;
}
interface LinkNode {
  type: "symlink";
  mode: number;
  mtime: number;
  target: string;
}
type Node = FileNode | DirNode | LinkNode;

const MAX_LINKS = 40;
const encoder = new TextEncoder();

function fsError(code: string, text: string, op: string, path: string): Error {
  return Object.assign(new Error(`${code}: ${text}, ${op} '${path}'`), { code, path, syscall: op });
}

/** Splits an absolute POSIX path into its names, resolving "." and "..". */
export function pathParts(path: string): string[] {
  const names = path.split("/");
  // Most paths are already clean ("/a/b"): their names are the split, less the leading "".
  let clean = names[0] === "";
  for (let i = 1; clean && i < names.length; i++) {
    const p = names[i];
    if (p === "" || p === "." || p === "..") clean = false;
  }
  if (clean) return names.slice(1);
  const parts: string[] = [];
  for (const p of names) {
    if (p === "" || p === ".") continue;
    if (p === "..") parts.pop();
    else parts.push(p);
  }
  return parts;
}

function joinParts(parts: string[]): string {
  return "/" + parts.join("/");
}

function toBytes(data: string | Uint8Array): Uint8Array {
  return typeof data === "string" ? encoder.encode(data) : data;
}

function contents(f: FileNode): Uint8Array {
  if (f.chunks.length === 1) return f.chunks[0];
  const all = new Uint8Array(f.size);
  let at = 0;
  for (const c of f.chunks) {
    all.set(c, at);
    at += c.length;
  }
  f.chunks = [all];
  return all;
}

export function createMemoryFilesystem(opts: MemoryFilesystemOptions = {}): MemoryFilesystem {
  const clock = opts.clock ?? realClock;
  const root: DirNode = { type: "dir", mode: 0o755, mtime: clock.now(), children: new Map() };
  const watchers = new Map<string, Set<() => void>>();

  type Located = { dir: DirNode; dirParts: string[]; name: string; node?: Node };
  type WalkError = { code: "ELOOP" | "ENOENT" | "ENOTDIR"; text: string };
  /**
   * Walks to the directory holding the last name of `parts`, following
   * symlinks on the way; with follow, a final symlink too. Returns the
   * directory's real path, the name, and the node (undefined when absent).
   * A failure is returned, not thrown: find (a stat of a missing path) then
   * costs no exception; locate throws it.
   */
  const walk = (path: string, follow: boolean, depth = 0): Located | WalkError => {
    const parts = pathParts(path);
    if (parts.length === 0) return { dir: root, dirParts: [], name: "", node: root };
    let dir = root;
    const real: string[] = [];
    for (let i = 0; i < parts.length; i++) {
      const name = parts[i];
      const node = dir.children.get(name);
      const last = i === parts.length - 1;
      if (node?.type === "symlink" && (!last || follow)) {
        if (depth >= MAX_LINKS) return { code: "ELOOP", text: "too many symbolic links encountered" };
        const base = node.target.startsWith("/") ? node.target : joinParts([...real, node.target]);
        return walk(joinParts([...pathParts(base), ...parts.slice(i + 1)]), follow, depth + 1);
      }
      if (last) return { dir, dirParts: real, name, node };
      if (!node) return { code: "ENOENT", text: "no such file or directory" };
      if (node.type !== "dir") return { code: "ENOTDIR", text: "not a directory" };
      dir = node;
      real.push(name);
    }
    return { code: "ENOENT", text: "no such file or directory" };
  };
  const locate = (path: string, op: string, follow: boolean): Located => {
    const found = walk(path, follow);
    if ("code" in found) throw fsError(found.code, found.text, op, path);
    return found;
  };
  const find = (path: string, follow: boolean): Node | undefined => {
    const found = walk(path, follow);
    return "code" in found ? undefined : found.node;
  };
  /**
   * Creates the directory and its parents (following symlinks) in one walk
   * down the tree; the directory and its real path. A symlink on the way is
   * resolved from its directory's real path, as locate would from the root.
   */
  const mkdirpAt = (path: string, mode: number, op: string, asParent: boolean): { dir: DirNode; real: string[] } => {
    const parts = pathParts(path);
    let dir = root;
    let real: string[] = [];
    for (let i = 0; i < parts.length; i++) {
      const name = parts[i];
      let node = dir.children.get(name);
      let parent = dir;
      let at = name;
      if (node?.type === "symlink") {
        const loc = locate(joinParts([...real, name]), op, true);
        node = loc.node;
        parent = loc.dir;
        at = loc.name;
        real = loc.dirParts.slice();
      }
      if (node?.type === "dir") dir = node;
      else if (!node) dir = addDir(parent, at, mode);
      else if (i === parts.length - 1 && !asParent) throw fsError("EEXIST", "file already exists", op, path);
      else throw fsError("ENOTDIR", "not a directory", op, path);
      real.push(at);
    }
    return { dir, real };
  };
  const mkdirp = (path: string, mode: number, op: string, asParent = false): DirNode => mkdirpAt(path, mode, op, asParent).dir;
  const addDir = (parent: DirNode, name: string, mode: number): DirNode => {
    const d: DirNode = { type: "dir", mode, mtime: clock.now(), children: new Map() };
    parent.children.set(name, d);
    parent.mtime = d.mtime;
    return d;
  };
  /** The directory that holds path (created as needed; a final symlink followed) and the final name. */
  const parentOf = (path: string, op: string): { dir: DirNode; name: string; real: string } => {
    const parts = pathParts(path);
    if (parts.length === 0) throw fsError("EISDIR", "illegal operation on a directory", op, path);
    const name = parts[parts.length - 1];
    const { dir, real } = mkdirpAt(joinParts(parts.slice(0, -1)), 0o755, op, true);
    if (dir.children.get(name)?.type !== "symlink") return { dir, name, real: joinParts([...real, name]) };
    const loc = locate(path, op, true);
    return { dir: loc.dir, name: loc.name, real: joinParts([...loc.dirParts, loc.name]) };
  };
  const notify = (...paths: string[]) => {
    if (watchers.size === 0) return;
    const seen = new Set<() => void>();
    for (const p of paths) {
      for (const fn of watchers.get(joinParts(pathParts(p))) ?? []) {
        if (seen.has(fn)) continue;
        seen.add(fn);
        fn();
      }
    }
  };
  const putFile = (path: string, chunks: Uint8Array[], mode: number, op: string) => {
    const { dir, name, real } = parentOf(path, op);
    const existing = dir.children.get(name);
    if (existing?.type === "dir") throw fsError("EISDIR", "illegal operation on a directory", op, path);
    const size = chunks.reduce((n, c) => n + c.length, 0);
    dir.children.set(name, { type: "file", mode, mtime: clock.now(), size, chunks });
    notify(path, real);
  };

  const fs: MemoryFilesystem = {
    mkdir(path, mode = 0o755) {
      mkdirp(path, mode, "mkdir");
    },
    writeFile(path, data, mode = 0o644) {
      // A copy: the caller may reuse its buffer.
      putFile(path, [toBytes(data).slice()], mode, "open");
    },
    appendFile(path, data) {
      const { dir, name, real } = parentOf(path, "open");
      const f = dir.children.get(name);
      const bytes = toBytes(data).slice();
      if (!f) return putFile(path, [bytes], 0o644, "open");
      if (f.type !== "file") throw fsError("EISDIR", "illegal operation on a directory", "open", path);
      f.chunks.push(bytes);
      f.size += bytes.length;
      f.mtime = clock.now();
      notify(path, real);
    },
    symlink(target, path) {
      const parts = pathParts(path);
      const dir = mkdirp(joinParts(parts.slice(0, -1)), 0o755, "symlink", true);
      const name = parts[parts.length - 1];
      if (name === undefined || dir.children.has(name)) throw fsError("EEXIST", "file already exists", "symlink", path);
      dir.children.set(name, { type: "symlink", mode: 0o777, mtime: clock.now(), target });
    },
    rename(from, to) {
      const src = locate(from, "rename", false);
      if (!src.node || src.name === "") throw fsError("ENOENT", "no such file or directory", "rename", from);
      const dst = locate(to, "rename", false);
      if (dst.name === "") throw fsError("EBUSY", "resource busy or locked", "rename", to);
      if (dst.node?.type === "dir" && src.node.type !== "dir") throw fsError("EISDIR", "illegal operation on a directory", "rename", to);
      src.dir.children.delete(src.name);
      dst.dir.children.set(dst.name, src.node);
      src.dir.mtime = dst.dir.mtime = clock.now();
      notify(from, to);
    },
    readFile(path) {
      const n = find(path, true);
      return n?.type === "file" ? contents(n) : undefined;
    },
    readdir(path) {
      const n = find(path, true);
      return n?.type === "dir" ? [...n.children.keys()].sort() : undefined;
    },
    lstat(path) {
      const n = find(path, false);
      if (!n) return undefined;
      if (n.type === "file") return { type: "file", size: n.size, mode: n.mode, mtime: n.mtime };
      if (n.type === "dir") return { type: "dir", size: 4096, mode: n.mode, mtime: n.mtime };
      return { type: "symlink", size: n.target.length, mode: n.mode, mtime: n.mtime, target: n.target };
    },
    remove(path) {
      let loc;
      try {
        loc = locate(path, "rm", false);
      } catch {
        return;
      }
      if (!loc.node || loc.name === "") return;
      loc.dir.children.delete(loc.name);
      loc.dir.mtime = clock.now();
      notify(path);
    },
    watch(path, listener) {
      const key = joinParts(pathParts(path));
      let set = watchers.get(key);
      if (!set) watchers.set(key, (set = new Set()));
      const fn = () => listener();
      set.add(fn);
      return () => {
        set!.delete(fn);
        if (set!.size === 0 && watchers.get(key) === set) watchers.delete(key);
      };
    },
    snapshot() {
      const entries: MemoryFilesystemSnapshot["entries"] = [];
      const walk = (dir: DirNode, parts: string[]) => {
        for (const [name, n] of dir.children) {
          const path = joinParts([...parts, name]);
          if (n.type === "file") entries.push({ path, type: "file", mode: n.mode, mtime: n.mtime, data: Buffer.from(contents(n)).toString("base64") });
          else if (n.type === "symlink") entries.push({ path, type: "symlink", mode: n.mode, mtime: n.mtime, target: n.target });
          else {
            entries.push({ path, type: "dir", mode: n.mode, mtime: n.mtime });
            walk(n, [...parts, name]);
          }
        }
      };
      walk(root, []);
      return { entries };
    },
    bytes() {
      let total = 0;
      const walk = (dir: DirNode) => {
        for (const n of dir.children.values()) {
          if (n.type === "file") total += n.size;
          else if (n.type === "dir") walk(n);
        }
      };
      walk(root);
      return total;
    },
  };

  for (const e of opts.from?.entries ?? []) {
    const parts = pathParts(e.path);
    const parent = mkdirp(joinParts(parts.slice(0, -1)), 0o755, "restore");
    const name = parts[parts.length - 1];
    if (name === undefined) continue;
    if (e.type === "dir") parent.children.set(name, { type: "dir", mode: e.mode, mtime: e.mtime, children: new Map() });
    else if (e.type === "symlink") parent.children.set(name, { type: "symlink", mode: e.mode, mtime: e.mtime, target: e.target ?? "" });
    else {
      const data = new Uint8Array(Buffer.from(e.data ?? "", "base64"));
      parent.children.set(name, { type: "file", mode: e.mode, mtime: e.mtime, size: data.length, chunks: [data] });
    }
  }
  return fs;
}
