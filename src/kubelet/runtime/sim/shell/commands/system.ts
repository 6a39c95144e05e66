/** Builtins about the machine and user: id, date, uname (busybox output; the sim runs as root on linux/amd64). */
import type { Builtin } from "../types.js";
import { flagsAndOperands } from "./files.js";

const id: Builtin = (args, io) => {
  const { flags, operands } = flagsAndOperands(args);
  if (operands.length && operands[0] !== "root" && operands[0] !== "0") {
    io.stderr(`id: unknown user ${operands[0]}\n`);
    return 1;
  }
  const named = flags.has("n");
  if (flags.has("u")) io.stdout(named ? "root\n" : "0\n");
  else if (flags.has("g")) io.stdout(named ? "root\n" : "0\n");
  else if (flags.has("G")) io.stdout(named ? "root wheel\n" : "0 10\n");
  else io.stdout("uid=0(root) gid=0(root) groups=0(root),10(wheel)\n");
  return 0;
};

const DAYS = ["Sun", "Mon", "Tue", "Wed", "Thu", "Fri", "Sat"];
const MONTHS = ["Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"];
const pad = (n: number, w = 2, c = "0") => String(n).padStart(w, c);

/** strftime's common conversions, in UTC (the sim's containers have no zoneinfo). */
export function formatDate(format: string, ms: number): string {
  const d = new Date(ms);
  const conv: Record<string, () => string> = {
    a: () => DAYS[d.getUTCDay()],
    b: () => MONTHS[d.getUTCMonth()],
    h: () => MONTHS[d.getUTCMonth()],
    d: () => pad(d.getUTCDate()),
    e: () => pad(d.getUTCDate(), 2, " "),
    H: () => pad(d.getUTCHours()),
    M: () => pad(d.getUTCMinutes()),
    S: () => pad(d.getUTCSeconds()),
    m: () => pad(d.getUTCMonth() + 1),
    y: () => pad(d.getUTCFullYear() % 100),
    Y: () => String(d.getUTCFullYear()),
    s: () => String(Math.floor(ms / 1000)),
    N: () => pad((ms % 1000) * 1_000_000, 9),
    Z: () => "UTC",
    z: () => "+0000",
    T: () => `${conv.H()}:${conv.M()}:${conv.S()}`,
    D: () => `${conv.m()}/${conv.d()}/${conv.y()}`,
    F: () => `${conv.Y()}-${conv.m()}-${conv.d()}`,
    n: () => "\n",
    t: () => "\t",
    "%": () => "%",
  };
  return format.replace(/%(.)/g, (all, c: string) => conv[c]?.() ?? all);
}

const date: Builtin = (args, io, sh) => {
  const now = sh.now?.();
  if (now === undefined) {
    io.stderr("date: cannot get date: Function not implemented\n");
    return 1;
  }
  const fmt = args.slice(1).find((a) => a.startsWith("+"));
  const bad = args.slice(1).find((a) => !a.startsWith("+") && a !== "-u" && a !== "-R");
  if (bad) {
    io.stderr(`date: invalid date '${bad}'\n`);
    return 1;
  }
  const rfc = args.includes("-R");
  io.stdout(formatDate(fmt ? fmt.slice(1) : rfc ? "%a, %d %b %Y %T %z" : "%a %b %e %T %Z %Y", now) + "\n");
  return 0;
};

const UNAME: [string, string][] = [
  ["s", "Linux"],
  ["n", ""],
  ["r", "6.1.0-skiff"],
  ["v", "#1 SMP PREEMPT_DYNAMIC"],
  ["m", "x86_64"],
  ["o", "GNU/Linux"],
];

const uname: Builtin = (args, io, sh) => {
  const { flags } = flagsAndOperands(args);
  const all = flags.has("a");
  const picked = UNAME.filter(([f]) => all || flags.has(f) || (f === "m" && flags.has("p")) || (f === "m" && flags.has("i")));
  const fields = (picked.length ? picked : [UNAME[0]]).map(([f, v]) => (f === "n" ? sh.hostname : v));
  io.stdout(fields.join(" ") + "\n");
  return 0;
};

export const SYSTEM_BUILTINS: [string, Builtin][] = [
  ["id", id],
  ["date", date],
  ["uname", uname],
];
