/** Builtins over files: ls, cat, mkdir, rm, touch (busybox behaviour and wording). */
import type { HostFileInfo } from "../../../host-filesystem.js";
import { errnoText, readAll, resolvePath, type Builtin, type ShellContext } from "../types.js";

/** Splits "-la" style flags from operands; "--" ends flags. */
export function flagsAndOperands(args: string[]): { flags: Set<string>; operands: string[] } {
  const flags = new Set<string>();
  const operands: string[] = [];
  let ended = false;
  for (const a of args.slice(1)) {
    if (!ended && a === "--") ended = true;
    else if (!ended && a.startsWith("-") && a.length > 1) for (const f of a.slice(1)) flags.add(f);
    else operands.push(a);
  }
  return { flags, operands };
}

const MONTHS = ["Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"];

function modeString(st: HostFileInfo): string {
  const kind = st.type === "dir" ? "d" : st.type === "symlink" ? "l" : "-";
  let s = "";
  for (let shift = 6; shift >= 0; shift -= 3) {
    const bits = (st.mode >> shift) & 7;
    s += (bits & 4 ? "r" : "-") + (bits & 2 ? "w" : "-") + (bits & 1 ? "x" : "-");
  }
  return kind + s;
}

function longLine(name: string, st: HostFileInfo): string {
  const d = new Date(st.mtime);
  const when = `${MONTHS[d.getUTCMonth()]} ${String(d.getUTCDate()).padStart(2)} ${String(d.getUTCHours()).padStart(2, "0")}:${String(d.getUTCMinutes()).padStart(2, "0")}`;
  const links = st.type === "dir" ? 2 : 1;
  const target = st.type === "symlink" ? ` -> ${st.target}` : "";
  return `${modeString(st)} ${String(links).padStart(4)} root     root     ${String(st.size).padStart(12)} ${when} ${name}${target}\n`;
}

const ls: Builtin = (args, io, sh) => {
  const { flags, operands } = flagsAndOperands(args);
  const long = flags.has("l");
  const all = flags.has("a");
  let status = 0;
  const paths = operands.length ? operands : ["."];
  const files: string[] = [];
  const dirs: string[] = [];
  for (const p of paths) {
    const full = resolvePath(sh.cwd, p);
    const st = long ? sh.fs.lstat(full) : sh.fs.stat(full);
    const followed = sh.fs.stat(full);
    if (!st && !followed) {
      io.stderr(`ls: ${p}: No such file or directory\n`);
      status = 1;
    } else if (followed?.type === "dir" && !flags.has("d") && !(long && st?.type === "symlink")) dirs.push(p);
    else files.push(p);
  }
  const show = (names: string[], dir: string) => {
    for (const n of names) {
      const full = resolvePath(sh.cwd, dir ? `${dir}/${n}` : n);
      io.stdout(long ? longLine(n, sh.fs.lstat(full) ?? sh.fs.stat(full)!) : n + "\n");
    }
  };
  show(files.sort(), "");
  for (const d of dirs.sort()) {
    if (paths.length > 1) io.stdout(`${files.length || d !== dirs[0] ? "\n" : ""}${d}:\n`);
    const names = (sh.fs.readdir(resolvePath(sh.cwd, d)) ?? []).filter((n) => all || !n.startsWith("."));
    if (long) io.stdout(`total ${names.length * 4}\n`);
    show(all ? [".", "..", ...names] : names, d);
  }
  return status;
};

const cat: Builtin = async (args, io, sh) => {
  const { operands } = flagsAndOperands(args);
  let status = 0;
  for (const p of operands.length ? operands : ["-"]) {
    if (p === "-") {
      io.stdout(await readAll(io.stdin));
      continue;
    }
    const data = sh.fs.readFile(resolvePath(sh.cwd, p));
    if (data) io.stdout(data);
    else {
      io.stderr(sh.fs.stat(resolvePath(sh.cwd, p))?.type === "dir" ? `cat: read error: Is a directory\n` : `cat: can't open '${p}': No such file or directory\n`);
      status = 1;
    }
  }
  return status;
};

const mkdir: Builtin = (args, io, sh) => {
  const { flags, operands } = flagsAndOperands(args);
  if (!operands.length) return usage(io, "mkdir", "mkdir [-m MODE] [-p] DIRECTORY...");
  let status = 0;
  for (const p of operands) {
    try {
      sh.fs.mkdir(resolvePath(sh.cwd, p), flags.has("p"));
    } catch (err) {
      io.stderr(`mkdir: can't create directory '${p}': ${errnoText(err)}\n`);
      status = 1;
    }
  }
  return status;
};

const rm: Builtin = (args, io, sh) => {
  const { flags, operands } = flagsAndOperands(args);
  const force = flags.has("f");
  const recursive = flags.has("r") || flags.has("R");
  if (!operands.length && !force) return usage(io, "rm", "rm [-irf] FILE...");
  let status = 0;
  for (const p of operands) {
    const full = resolvePath(sh.cwd, p);
    const st = sh.fs.lstat(full);
    if (!st) {
      if (!force) {
        io.stderr(`rm: can't remove '${p}': No such file or directory\n`);
        status = 1;
      }
      continue;
    }
    if (st.type === "dir" && !recursive) {
      io.stderr(`rm: '${p}' is a directory\n`);
      status = 1;
      continue;
    }
    try {
      sh.fs.remove(full);
    } catch (err) {
      io.stderr(`rm: can't remove '${p}': ${errnoText(err)}\n`);
      status = 1;
    }
  }
  return status;
};

const touch: Builtin = (args, io, sh) => {
  const { operands } = flagsAndOperands(args);
  let status = 0;
  for (const p of operands) {
    const full = resolvePath(sh.cwd, p);
    try {
      sh.fs.appendFile(full, "");
    } catch (err) {
      io.stderr(`touch: ${p}: ${errnoText(err)}\n`);
      status = 1;
    }
  }
  return status;
};

export function usage(io: { stderr: (s: string) => void }, name: string, synopsis: string): number {
  io.stderr(`BusyBox v1.36.1 (2023-05-18 22:34:17 UTC) multi-call binary.\n\nUsage: ${synopsis}\n`);
  void name;
  return 1;
}

/** Reads an operand's bytes, or stdin for "-" / none; undefined (with the error written) when absent. */
export async function readOperand(p: string | undefined, tool: string, io: Parameters<Builtin>[1], sh: ShellContext): Promise<Uint8Array | undefined> {
  if (p === undefined || p === "-") return readAll(io.stdin);
  const data = sh.fs.readFile(resolvePath(sh.cwd, p));
  if (!data) io.stderr(`${tool}: can't open '${p}': No such file or directory\n`);
  return data;
}

export const FILE_BUILTINS: [string, Builtin][] = [
  ["ls", ls],
  ["cat", cat],
  ["mkdir", mkdir],
  ["rm", rm],
  ["touch", touch],
];
