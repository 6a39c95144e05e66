/** Builtins over text: wc, head, tail, grep (busybox behaviour and wording). */
import { text, type Builtin } from "../types.js";
import { readOperand } from "./files.js";

/** Lines of text, each keeping its newline. */
function lines(data: string): string[] {
  return data.match(/[^\n]*\n|[^\n]+$/g) ?? [];
}

/** Parses "-n N", "-nN", "-N", "-c N", "-c+N"; the rest are operands. */
function countArgs(args: string[]): { n?: string; c?: string; follow: boolean; operands: string[]; bad?: string } {
  const out: { n?: string; c?: string; follow: boolean; operands: string[]; bad?: string } = { follow: false, operands: [] };
  for (let i = 1; i < args.length; i++) {
    const a = args[i];
    const m = /^-([nc])(.*)$/.exec(a);
    if (m) out[m[1] as "n" | "c"] = m[2] || args[++i];
    else if (/^-\d+$/.test(a)) out.n = a.slice(1);
    else if (a === "-f" || a === "-F") out.follow = true;
    else if (a.startsWith("-") && a !== "-") out.bad = a;
    else out.operands.push(a);
  }
  return out;
}

const head: Builtin = async (args, io, sh) => {
  const o = countArgs(args);
  let status = 0;
  for (const p of o.operands.length ? o.operands : ["-"]) {
    const data = await readOperand(p, "head", io, sh);
    if (!data) {
      status = 1;
      continue;
    }
    if (o.c !== undefined) io.stdout(data.subarray(0, Number(o.c)));
    else io.stdout(lines(text(data)).slice(0, Number(o.n ?? 10)).join(""));
  }
  return status;
};

const tail: Builtin = async (args, io, sh) => {
  const o = countArgs(args);
  let status = 0;
  for (const p of o.operands.length ? o.operands : ["-"]) {
    const data = p === "/dev/null" ? new Uint8Array() : await readOperand(p, "tail", io, sh);
    if (!data) {
      status = 1;
      continue;
    }
    if (o.c !== undefined) {
      // "+N" starts at byte N (1-based); "N" is the last N bytes.
      const from = o.c.startsWith("+") ? Math.max(0, Number(o.c.slice(1)) - 1) : Math.max(0, data.length - Number(o.c));
      io.stdout(data.subarray(from));
    } else {
      const all = lines(text(data));
      const n = o.n ?? "10";
      io.stdout((n.startsWith("+") ? all.slice(Math.max(0, Number(n.slice(1)) - 1)) : all.slice(Math.max(0, all.length - Number(n)))).join(""));
    }
  }
  // Following a file never ends on its own (the sim never grows it for us).
  if (o.follow) await sh.sleep(Infinity);
  return status;
};

const wc: Builtin = async (args, io, sh) => {
  const flags = new Set(args.slice(1).filter((a) => a.startsWith("-") && a !== "-").flatMap((a) => [...a.slice(1)]));
  const operands = args.slice(1).filter((a) => !a.startsWith("-") || a === "-");
  const which = flags.size ? ["l", "w", "c"].filter((f) => flags.has(f) || (f === "c" && flags.has("m"))) : ["l", "w", "c"];
  let status = 0;
  for (const p of operands.length ? operands : ["-"]) {
    const data = await readOperand(p, "wc", io, sh);
    if (!data) {
      status = 1;
      continue;
    }
    const s = text(data);
    const counts: Record<string, number> = { l: (s.match(/\n/g) ?? []).length, w: s.split(/\s+/).filter(Boolean).length, c: data.length };
    const cols = which.map((f) => (which.length === 1 ? String(counts[f]) : String(counts[f]).padStart(7)));
    io.stdout(`${cols.join(" ")}${operands.length && p !== "-" ? ` ${p}` : ""}\n`);
  }
  return status;
};

const grep: Builtin = async (args, io, sh) => {
  const flags = new Set<string>();
  const rest: string[] = [];
  let pattern: string | undefined;
  for (let i = 1; i < args.length; i++) {
    const a = args[i];
    if (a === "-e") pattern = args[++i];
    else if (a.startsWith("-") && a.length > 1) for (const f of a.slice(1)) flags.add(f);
    else if (pattern === undefined) pattern = a;
    else rest.push(a);
  }
  if (pattern === undefined) {
    io.stderr("BusyBox v1.36.1 (2023-05-18 22:34:17 UTC) multi-call binary.\n\nUsage: grep [-HhnlLoqvsrRiwFE] [-m N] [-A|B|C N] { PATTERN | -e PATTERN... | -f FILE... } [FILE]...\n");
    return 2;
  }
  let re: RegExp;
  try {
    const source = flags.has("F") ? pattern.replace(/[.*+?^${}()|[\]\\]/g, "\\$&") : flags.has("E") ? pattern : pattern.replace(/\\([|(){}+?])/g, "$1");
    re = new RegExp(flags.has("w") ? `\\b(?:${source})\\b` : source, flags.has("i") ? "i" : "");
  } catch {
    io.stderr(`grep: bad regex '${pattern}'\n`);
    return 2;
  }
  let matched = 0;
  let status = 0;
  const many = rest.length > 1;
  for (const p of rest.length ? rest : ["-"]) {
    const data = await readOperand(p, "grep", io, sh);
    if (!data) {
      status = 2;
      continue;
    }
    let count = 0;
    lines(text(data)).forEach((line, i) => {
      const bare = line.replace(/\n$/, "");
      if (re.test(bare) === flags.has("v")) return;
      count++;
      if (!flags.has("q") && !flags.has("c") && !flags.has("l")) io.stdout(`${many ? `${p}:` : ""}${flags.has("n") ? `${i + 1}:` : ""}${bare}\n`);
    });
    if (flags.has("c")) io.stdout(`${many ? `${p}:` : ""}${count}\n`);
    if (flags.has("l") && count) io.stdout(`${p}\n`);
    matched += count;
  }
  return status === 2 && !flags.has("s") ? 2 : matched ? 0 : 1;
};

export const TEXT_BUILTINS: [string, Builtin][] = [
  ["head", head],
  ["tail", tail],
  ["wc", wc],
  ["grep", grep],
];
