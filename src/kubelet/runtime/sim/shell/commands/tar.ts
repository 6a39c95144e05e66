/**
 * busybox tar, as much as `kubectl cp` runs: `tar cf - <path>` (from a
 * pod; with retries `sh -c 'tar cf - <path> | tail -c+<offset>'`) and
 * `tar -xmf - [-C <dir>]` (into a pod); also t (list) and v.
 */
import { errnoText, readAll, resolvePath, type Builtin, type ShellContext } from "../types.js";
import { readTar, TarFormatError, writeTar, type TarEntry } from "../tar-format.js";
import { usage } from "./files.js";

interface TarArgs {
  mode?: "c" | "x" | "t";
  file?: string;
  dir?: string;
  verbose: boolean;
  operands: string[];
  unsupported?: string;
}

function parseArgs(args: string[]): TarArgs {
  const out: TarArgs = { verbose: false, operands: [] };
  const rest = args.slice(1);
  // The first word may be bundled letters without a dash (tar cf -).
  if (rest[0] && !rest[0].startsWith("-")) rest[0] = `-${rest[0]}`;
  for (let i = 0; i < rest.length; i++) {
    const a = rest[i];
    if (a.startsWith("-") && a.length > 1 && !a.startsWith("--")) {
      for (const f of a.slice(1)) {
        if (f === "c" || f === "x" || f === "t") out.mode = f;
        else if (f === "f") out.file = rest[++i];
        else if (f === "C") out.dir = rest[++i];
        else if (f === "v") out.verbose = true;
        else if (f === "m" || f === "o" || f === "p") continue;
        else out.unsupported = f;
      }
    } else out.operands.push(a);
  }
  return out;
}

/** The entries for a path and, for a directory, everything below it (symlinks not followed). */
function collect(sh: ShellContext, full: string, name: string, into: TarEntry[]): void {
  const st = sh.fs.lstat(full);
  if (!st) return;
  if (st.type === "symlink") into.push({ name, type: "symlink", mode: st.mode, mtime: st.mtime, linkname: st.target });
  else if (st.type === "file") into.push({ name, type: "file", mode: st.mode, mtime: st.mtime, data: sh.fs.readFile(full) ?? new Uint8Array() });
  else {
    into.push({ name, type: "dir", mode: st.mode, mtime: st.mtime });
    for (const child of sh.fs.readdir(full) ?? []) collect(sh, `${full}/${child}`.replace(/^\/\//, "/"), `${name}/${child}`, into);
  }
}

const tar: Builtin = async (args, io, sh) => {
  const a = parseArgs(args);
  if (a.unsupported) {
    io.stderr(`tar: invalid option -- '${a.unsupported}'\n`);
    return 1;
  }
  if (!a.mode) return usage(io, "tar", "tar c|x|t [-vmC DIR] [-f TARFILE] [FILE]...");
  const base = resolvePath(sh.cwd, a.dir ?? ".");
  if (a.dir !== undefined && sh.fs.stat(base)?.type !== "dir") {
    io.stderr(`tar: can't change directory to '${a.dir}': No such file or directory\n`);
    return 1;
  }
  if (a.mode === "c") {
    const entries: TarEntry[] = [];
    let status = 0;
    let warned = false;
    for (const p of a.operands) {
      const full = resolvePath(base, p);
      if (!sh.fs.lstat(full)) {
        io.stderr(`tar: ${p}: No such file or directory\n`);
        status = 1;
        continue;
      }
      let name = p.replace(/\/+$/, "") || "/";
      if (name.startsWith("/")) {
        if (!warned) io.stderr("tar: removing leading '/' from member names\n");
        warned = true;
        name = name.replace(/^\/+/, "");
      }
      collect(sh, full, name || ".", entries);
    }
    if (a.verbose) io.stderr(entries.map((e) => `${e.name}${e.type === "dir" ? "/" : ""}\n`).join(""));
    const archive = writeTar(entries);
    if (a.file === undefined || a.file === "-") io.stdout(archive);
    else sh.fs.writeFile(resolvePath(sh.cwd, a.file), archive);
    return status;
  }
  const data = a.file === undefined || a.file === "-" ? await readAll(io.stdin) : sh.fs.readFile(resolvePath(sh.cwd, a.file));
  if (!data) {
    io.stderr(`tar: can't open '${a.file}': No such file or directory\n`);
    return 1;
  }
  let entries: TarEntry[];
  try {
    entries = data.length ? readTar(data) : [];
  } catch (err) {
    if (!(err instanceof TarFormatError)) throw err;
    io.stderr(data.length < 512 ? "tar: short read\n" : "tar: invalid tar magic\n");
    return 1;
  }
  if (a.mode === "t") {
    io.stdout(entries.map((e) => `${e.name}${e.type === "dir" ? "/" : ""}\n`).join(""));
    return 0;
  }
  for (const e of entries) {
    const full = resolvePath(base, e.name.replace(/^\/+/, ""));
    if (a.verbose) io.stdout(`${e.name}\n`);
    try {
      if (e.type === "dir") sh.fs.mkdir(full, true, e.mode || 0o755);
      else {
        sh.fs.mkdir(full.slice(0, full.lastIndexOf("/")) || "/", true);
        if (sh.fs.lstat(full)?.type === "symlink" || e.type === "symlink") sh.fs.remove(full);
        if (e.type === "symlink") sh.fs.symlink(e.linkname ?? "", full);
        else sh.fs.writeFile(full, e.data ?? new Uint8Array(), e.mode || 0o644);
      }
    } catch (err) {
      io.stderr(`tar: can't create '${e.name}': ${errnoText(err)}\n`);
      return 1;
    }
  }
  return 0;
};

export const TAR_BUILTINS: [string, Builtin][] = [["tar", tar]];
