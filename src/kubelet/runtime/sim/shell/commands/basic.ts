/** Builtins about the shell itself: echo, exit, sleep, env, cd, test ... (busybox behaviour and wording). */
import { ExitSignal, resolvePath, type Builtin } from "../types.js";

const echo: Builtin = (args, io) => {
  let i = 1;
  let newline = true;
  let escapes = false;
  for (; i < args.length && /^-[neE]+$/.test(args[i]); i++) {
    for (const f of args[i].slice(1)) {
      if (f === "n") newline = false;
      else if (f === "e") escapes = true;
      else escapes = false;
    }
  }
  let out = args.slice(i).join(" ");
  if (escapes) {
    const cut = out.indexOf("\\c");
    if (cut >= 0) {
      out = out.slice(0, cut);
      newline = false;
    }
    out = out.replace(/\\(0[0-7]{0,3}|x[0-9a-fA-F]{1,2}|[abefnrtv\\])/g, (_m, e: string) => {
      if (e[0] === "0") return String.fromCharCode(parseInt(e.slice(1) || "0", 8));
      if (e[0] === "x") return String.fromCharCode(parseInt(e.slice(1), 16));
      return ({ a: "\x07", b: "\b", e: "\x1b", f: "\f", n: "\n", r: "\r", t: "\t", v: "\v", "\\": "\\" } as Record<string, string>)[e];
    });
  }
  io.stdout(newline ? out + "\n" : out);
  return 0;
};

const exit: Builtin = (args, io, sh) => {
  const code = args[1] === undefined ? sh.status : Number(args[1]);
  if (!Number.isInteger(code)) {
    io.stderr(`sh: exit: Illegal number: ${args[1]}\n`);
    throw new ExitSignal(2);
  }
  throw new ExitSignal(((code % 256) + 256) % 256);
};

/** busybox sleep: seconds, with optional s/m/h/d suffixes, summed; "infinity" never ends. */
const sleep: Builtin = async (args, io, sh) => {
  if (args.length < 2) {
    io.stderr("BusyBox v1.36.1 (2023-05-18 22:34:17 UTC) multi-call binary.\n\nUsage: sleep [N]...\n");
    return 1;
  }
  let ms = 0;
  for (const a of args.slice(1)) {
    if (a === "inf" || a === "infinity") ms = Infinity;
    else {
      const m = /^(\d+(?:\.\d+)?)([smhd]?)$/.exec(a);
      if (!m) {
        io.stderr(`sleep: invalid number '${a}'\n`);
        return 1;
      }
      ms += Number(m[1]) * { "": 1000, s: 1000, m: 60_000, h: 3_600_000, d: 86_400_000 }[m[2] as "" | "s"];
    }
  }
  await sh.sleep(ms);
  return 0;
};

const env: Builtin = (args, io, sh) => {
  if (args.length > 1) {
    io.stderr("env: running commands is not supported by the sim shell\n");
    return 125;
  }
  io.stdout([...sh.env].map(([k, v]) => `${k}=${v}\n`).join(""));
  return 0;
};

const printenv: Builtin = (args, io, sh) => {
  if (args.length === 1) return env(args, io, sh);
  let status = 0;
  for (const name of args.slice(1)) {
    const v = sh.env.get(name);
    if (v === undefined) status = 1;
    else io.stdout(v + "\n");
  }
  return status;
};

const cd: Builtin = (args, io, sh) => {
  const target = resolvePath(sh.cwd, args[1] ?? sh.env.get("HOME") ?? "/");
  const st = sh.fs.stat(target);
  if (!st) {
    io.stderr(`sh: cd: can't cd to ${args[1]}: No such file or directory\n`);
    return 2;
  }
  if (st.type !== "dir") {
    io.stderr(`sh: cd: can't cd to ${args[1]}: Not a directory\n`);
    return 2;
  }
  sh.cwd = target;
  sh.env.set("PWD", target);
  return 0;
};

const exportVar: Builtin = (args, _io, sh) => {
  for (const a of args.slice(1)) {
    const eq = a.indexOf("=");
    if (eq > 0) sh.env.set(a.slice(0, eq), a.slice(eq + 1));
    else if (!sh.env.has(a)) sh.env.set(a, "");
  }
  return 0;
};

const unset: Builtin = (args, _io, sh) => {
  for (const a of args.slice(1)) sh.env.delete(a);
  return 0;
};

/** test / [: the file tests, string and integer comparisons, ! and -a/-o left to right. */
const test: Builtin = (args, io, sh) => {
  let a = args.slice(1);
  if (args[0] === "[") {
    if (a[a.length - 1] !== "]") {
      io.stderr("sh: [: missing ]\n");
      return 2;
    }
    a = a.slice(0, -1);
  }
  const unary = (op: string, x: string): boolean | undefined => {
    const st = () => sh.fs.stat(resolvePath(sh.cwd, x));
    switch (op) {
      case "-e":
        return !!st();
      case "-f":
        return st()?.type === "file";
      case "-d":
        return st()?.type === "dir";
      case "-h":
      case "-L":
        return sh.fs.lstat(resolvePath(sh.cwd, x))?.type === "symlink";
      case "-s":
        return (st()?.size ?? 0) > 0;
      case "-r":
      case "-w":
      case "-x":
        return !!st();
      case "-n":
        return x !== "";
      case "-z":
        return x === "";
    }
    return undefined;
  };
  const binary = (x: string, op: string, y: string): boolean | undefined => {
    const ints = ["-eq", "-ne", "-lt", "-le", "-gt", "-ge"];
    if (ints.includes(op)) {
      const [m, n] = [Number(x), Number(y)];
      if (!Number.isInteger(m) || !Number.isInteger(n)) throw new Error(`sh: ${Number.isInteger(m) ? y : x}: bad number`);
      return { "-eq": m === n, "-ne": m !== n, "-lt": m < n, "-le": m <= n, "-gt": m > n, "-ge": m >= n }[op];
    }
    if (op === "=" || op === "==") return x === y;
    if (op === "!=") return x !== y;
    return undefined;
  };
  const one = (xs: string[]): boolean => {
    if (xs[0] === "!") return !one(xs.slice(1));
    if (xs.length === 0) return false;
    if (xs.length === 1) return xs[0] !== "";
    if (xs.length === 2) {
      const r = unary(xs[0], xs[1]);
      if (r === undefined) throw new Error(`sh: ${xs[0]}: unknown operand`);
      return r;
    }
    if (xs.length === 3) {
      const r = binary(xs[0], xs[1], xs[2]);
      if (r !== undefined) return r;
    }
    throw new Error("sh: syntax error: unexpected operator");
  };
  try {
    let result: boolean | undefined;
    let pending: string | undefined;
    let expr: string[] = [];
    const settle = () => {
      const r = one(expr);
      result = pending === "-a" ? result! && r : pending === "-o" ? result! || r : r;
      expr = [];
    };
    for (const t of a) {
      if ((t === "-a" || t === "-o") && expr.length > 0) {
        settle();
        pending = t;
      } else expr.push(t);
    }
    settle();
    return result ? 0 : 1;
  } catch (err) {
    io.stderr(`${(err as Error).message}\n`);
    return 2;
  }
};

export const BASIC_BUILTINS: [string, Builtin][] = [
  ["echo", echo],
  ["exit", exit],
  ["sleep", sleep],
  ["env", env],
  ["printenv", printenv],
  ["hostname", (_a, io, sh) => (io.stdout(sh.hostname + "\n"), 0)],
  ["pwd", (_a, io, sh) => (io.stdout(sh.cwd + "\n"), 0)],
  ["true", () => 0],
  ["false", () => 1],
  [":", () => 0],
  ["cd", cd],
  ["export", exportVar],
  ["unset", unset],
  ["test", test],
  ["[", test],
];
