/** Builtins that move and change files: mv, cp, ln, chmod, dd (busybox behaviour and wording). */
import { errnoText, readAll, resolvePath, type Builtin, type ShellFs } from "../types.js";
import { flagsAndOperands, usage } from "./files.js";

const base = (p: string) => p.replace(/\/+$/, "").slice(p.replace(/\/+$/, "").lastIndexOf("/") + 1);

/** Copies src to dst as it is (directories recursively, links as links). */
function copyTree(fs: ShellFs, src: string, dst: string): void {
  const st = fs.lstat(src);
  if (!st) throw Object.assign(new Error("no such file"), { code: "ENOENT" });
  if (st.type === "symlink") return fs.symlink(st.target!, dst);
  if (st.type === "dir") {
    if (fs.stat(dst)?.type !== "dir") fs.mkdir(dst, false, st.mode);
    for (const name of fs.readdir(src) ?? []) copyTree(fs, `${src}/${name}`, `${dst}/${name}`);
    return;
  }
  fs.writeFile(dst, fs.readFile(src) ?? new Uint8Array(), st.mode);
}

/** Where SRC lands for `mv/cp SRC... DEST`: inside DEST when it is a directory. */
function target(fs: ShellFs, cwd: string, src: string, dest: string): string {
  const d = resolvePath(cwd, dest);
  return fs.stat(d)?.type === "dir" ? resolvePath(d, base(src)) : d;
}

const mv: Builtin = (args, io, sh) => {
  const { flags, operands } = flagsAndOperands(args);
  if (operands.length < 2) return usage(io, "mv", "mv [-finT] SOURCE DEST\nor: mv [-fin] SOURCE... { -t DIRECTORY | DIRECTORY }");
  const dest = operands[operands.length - 1];
  if (operands.length > 2 && sh.fs.stat(resolvePath(sh.cwd, dest))?.type !== "dir") {
    io.stderr(`mv: '${dest}' is not a directory\n`);
    return 1;
  }
  let status = 0;
  for (const src of operands.slice(0, -1)) {
    const from = resolvePath(sh.cwd, src);
    const to = target(sh.fs, sh.cwd, src, dest);
    try {
      if (!sh.fs.lstat(from)) throw Object.assign(new Error("no such file"), { code: "ENOENT" });
      if (from === to) continue;
      if (to.startsWith(`${from}/`)) throw Object.assign(new Error("invalid argument"), { code: "EINVAL" });
      if (sh.fs.lstat(to) && sh.fs.lstat(to)?.type !== "dir") sh.fs.remove(to);
      copyTree(sh.fs, from, to);
      sh.fs.remove(from);
      if (flags.has("v")) io.stdout(`'${src}' -> '${to === resolvePath(sh.cwd, dest) ? dest : `${dest.replace(/\/+$/, "")}/${base(src)}`}'\n`);
    } catch (err) {
      io.stderr(`mv: can't rename '${src}': ${(err as { code?: string }).code === "EINVAL" ? "Invalid argument" : errnoText(err)}\n`);
      status = 1;
    }
  }
  return status;
};

const cp: Builtin = (args, io, sh) => {
  const { flags, operands } = flagsAndOperands(args);
  if (operands.length < 2) return usage(io, "cp", "cp [-arPLHpfinlsTu] SOURCE DEST\nor: cp [-arPLHpfinlsu] SOURCE... { -t DIRECTORY | DIRECTORY }");
  const recursive = flags.has("r") || flags.has("R") || flags.has("a");
  const dest = operands[operands.length - 1];
  if (operands.length > 2 && sh.fs.stat(resolvePath(sh.cwd, dest))?.type !== "dir") {
    io.stderr(`cp: '${dest}' is not a directory\n`);
    return 1;
  }
  let status = 0;
  for (const src of operands.slice(0, -1)) {
    const from = resolvePath(sh.cwd, src);
    const st = sh.fs.stat(from);
    if (!st) {
      io.stderr(`cp: can't stat '${src}': No such file or directory\n`);
      status = 1;
      continue;
    }
    if (st.type === "dir" && !recursive) {
      io.stderr(`cp: omitting directory '${src}'\n`);
      status = 1;
      continue;
    }
    const to = target(sh.fs, sh.cwd, src, dest);
    try {
      // Without -a/-P a link on the command line is followed, as busybox does.
      if (st.type === "dir") copyTree(sh.fs, from, to);
      else sh.fs.writeFile(to, sh.fs.readFile(from) ?? new Uint8Array(), st.mode);
      if (flags.has("v")) io.stdout(`'${src}' -> '${to}'\n`);
    } catch (err) {
      io.stderr(`cp: can't create '${to}': ${errnoText(err)}\n`);
      status = 1;
    }
  }
  return status;
};

const ln: Builtin = (args, io, sh) => {
  const { flags, operands } = flagsAndOperands(args);
  if (!operands.length || operands.length > 2) return usage(io, "ln", "ln [-sfnbtv] [-S SUF] TARGET... LINK|DIR");
  if (!flags.has("s")) {
    // The sim's filesystems have no inodes to share; only symbolic links exist.
    io.stderr(`ln: ${operands[1] ?? base(operands[0])}: Operation not permitted\n`);
    return 1;
  }
  const [linkTarget, name = base(linkTarget)] = operands;
  let path = resolvePath(sh.cwd, name);
  if (!flags.has("n") && sh.fs.stat(path)?.type === "dir") path = resolvePath(path, base(linkTarget));
  try {
    if (flags.has("f") && sh.fs.lstat(path) && sh.fs.lstat(path)?.type !== "dir") sh.fs.remove(path);
    sh.fs.symlink(linkTarget, path);
    if (flags.has("v")) io.stdout(`'${name}' -> '${linkTarget}'\n`);
    return 0;
  } catch (err) {
    io.stderr(`ln: ${name}: ${errnoText(err)}\n`);
    return 1;
  }
};

/** The new mode from an octal or symbolic (u+x, go-w, a=r, +x) mode. */
export function applyMode(spec: string, mode: number): number | undefined {
  if (/^[0-7]{1,4}$/.test(spec)) return parseInt(spec, 8);
  let m = mode;
  for (const clause of spec.split(",")) {
    const c = /^([ugoa]*)([-+=])([rwxX]*)$/.exec(clause);
    if (!c) return undefined;
    const who = c[1] === "" || c[1].includes("a") ? "ugo" : c[1];
    let bits = 0;
    for (const p of c[3]) bits |= p === "r" ? 4 : p === "w" ? 2 : 1;
    let mask = 0;
    let set = 0;
    for (const [w, shift] of [["u", 6], ["g", 3], ["o", 0]] as const) {
      if (!who.includes(w)) continue;
      mask |= 7 << shift;
      set |= bits << shift;
    }
    m = c[2] === "+" ? m | set : c[2] === "-" ? m & ~set : (m & ~mask) | set;
  }
  return m;
}

const chmod: Builtin = (args, io, sh) => {
  // Symbolic modes like "-w" look like flags: take them by position instead.
  const rest = args.slice(1).filter((a) => a !== "-R" && a !== "-v" && a !== "-f" && a !== "-c");
  const [spec, ...files] = rest;
  if (!spec || !files.length) return usage(io, "chmod", "chmod [-Rcvf] MODE[,MODE]... FILE...");
  let status = 0;
  for (const p of files) {
    const full = resolvePath(sh.cwd, p);
    const st = sh.fs.stat(full);
    const mode = st && applyMode(spec, st.mode & 0o7777);
    if (!st) {
      io.stderr(`chmod: ${p}: No such file or directory\n`);
      status = 1;
    } else if (mode === undefined) {
      io.stderr(`chmod: invalid mode '${spec}'\n`);
      return 1;
    } else if (st.type === "dir") {
      // Directories are created with their mode and keep it in the sim's filesystems.
      io.stderr(`chmod: ${p}: Operation not permitted\n`);
      status = 1;
    } else {
      try {
        sh.fs.writeFile(full, sh.fs.readFile(full) ?? new Uint8Array(), mode);
      } catch (err) {
        io.stderr(`chmod: ${p}: ${errnoText(err)}\n`);
        status = 1;
      }
    }
  }
  return status;
};

/** A dd size: 512, 1k, 1M ... */
function ddSize(v: string): number | undefined {
  const m = /^(\d+)([cwbkKMG]?)$/.exec(v);
  if (!m) return undefined;
  const unit = { "": 1, c: 1, w: 2, b: 512, k: 1024, K: 1024, M: 1 << 20, G: 1 << 30 }[m[2]] ?? 1;
  return Number(m[1]) * unit;
}

const dd: Builtin = async (args, io, sh) => {
  const ops = new Map<string, string>();
  for (const a of args.slice(1)) {
    const eq = a.indexOf("=");
    if (eq < 0 || !["if", "of", "bs", "count", "conv", "status", "skip", "seek", "ibs", "obs", "iflag", "oflag"].includes(a.slice(0, eq))) {
      io.stderr(`dd: invalid argument '${a}'\n`);
      return 1;
    }
    ops.set(a.slice(0, eq), a.slice(eq + 1));
  }
  const bs = ddSize(ops.get("bs") ?? "512");
  const count = ops.has("count") ? ddSize(ops.get("count")!) : Infinity;
  if (!bs || count === undefined) {
    io.stderr(`dd: invalid number '${ops.get("bs") ?? ops.get("count")}'\n`);
    return 1;
  }
  let data: Uint8Array;
  const inFile = ops.get("if");
  if (inFile) {
    const d = sh.fs.readFile(resolvePath(sh.cwd, inFile));
    if (!d) {
      io.stderr(`dd: can't open '${inFile}': No such file or directory\n`);
      return 1;
    }
    data = d;
  } else data = await readAll(io.stdin);
  data = data.subarray(0, Math.min(data.length, count * bs));
  const outFile = ops.get("of");
  if (outFile) {
    try {
      sh.fs.writeFile(resolvePath(sh.cwd, outFile), data);
    } catch (err) {
      io.stderr(`dd: can't open '${outFile}': ${errnoText(err)}\n`);
      return 1;
    }
  } else io.stdout(data);
  if (ops.get("status") !== "none") {
    const full = Math.floor(data.length / bs);
    const partial = data.length % bs ? 1 : 0;
    io.stderr(`${full}+${partial} records in\n${full}+${partial} records out\n${data.length} bytes (${humanBytes(data.length)}) copied, 0.000000 seconds, 0B/s\n`);
  }
  return 0;
};

function humanBytes(n: number): string {
  if (n < 1024) return `${n}B`;
  if (n < 1 << 20) return `${(n / 1024).toFixed(1)}KB`;
  return `${(n / (1 << 20)).toFixed(1)}MB`;
}

export const FILE_OP_BUILTINS: [string, Builtin][] = [
  ["mv", mv],
  ["cp", cp],
  ["ln", ln],
  ["chmod", chmod],
  ["dd", dd],
];
