/**
 * Runs parsed scripts (parse.ts): expansion, redirections, pipes, control
 * flow. Commands are builtins (commands/); there is nothing else to run.
 *
 * Pipes run their stages one after another, each reading what the previous
 * one wrote: enough for `tar cf - x | tail -c+N` or `env | grep X`, not for
 * endless producers.
 *
 * Example:
 *   const code = await runScript("echo $HOME > /tmp/h && cat /tmp/h", io, sh);
 */
import { BUILTINS } from "./commands/index.js";
import { parse, ShellSyntaxError, type AndOr, type Command, type List, type Pipeline, type SimpleCommand, type Word, type WordPart } from "./parse.js";
import { bytesInput, errnoText, ExitSignal, resolvePath, text, type Input, type Output, type ShellContext, type Streams } from "./types.js";

/** Loops stop after this many rounds without sleeping, so a runaway script cannot hang the process. */
const MAX_BUSY_ITERATIONS = 100_000;

/** Runs a script; resolves its exit status (`exit N` included). */
export async function runScript(script: string, io: Streams, sh: ShellContext): Promise<number> {
  return (await runScriptOutcome(script, io, sh)).status;
}

/** Runs a script; its status and whether it ended by `exit`. */
export async function runScriptOutcome(script: string, io: Streams, sh: ShellContext): Promise<{ status: number; exited: boolean }> {
  let list: List;
  try {
    list = parse(script);
  } catch (err) {
    if (!(err instanceof ShellSyntaxError)) throw err;
    io.stderr(`sh: ${err.message}\n`);
    return { status: (sh.status = 2), exited: false };
  }
  try {
    return { status: await runList(list, io, sh), exited: false };
  } catch (err) {
    if (err instanceof ExitSignal) return { status: (sh.status = err.code), exited: true };
    throw err;
  }
}

/** Runs a command given as argv (exec without a shell, or a container's command). */
export async function runArgv(argv: string[], io: Streams, sh: ShellContext): Promise<number> {
  try {
    return (sh.status = await invoke(argv, io, sh));
  } catch (err) {
    if (err instanceof ExitSignal) return (sh.status = err.code);
    throw err;
  }
}

/** Whether argv names a program the sim shell has (sh, ls, /bin/echo ...). */
export function isKnownProgram(name: string | undefined): boolean {
  return name !== undefined && BUILTINS.has(programName(name)) && (!name.includes("/") || /^\/(usr\/)?s?bin\//.test(name));
}

function programName(name: string): string {
  return name.slice(name.lastIndexOf("/") + 1);
}

async function invoke(argv: string[], io: Streams, sh: ShellContext): Promise<number> {
  const name = argv[0];
  const builtin = isKnownProgram(name) ? BUILTINS.get(programName(name)) : undefined;
  if (!builtin) {
    io.stderr(`sh: ${name}: not found\n`);
    return 127;
  }
  return builtin([programName(name), ...argv.slice(1)], io, sh);
}

async function runList(list: List, io: Streams, sh: ShellContext): Promise<number> {
  for (const item of list) sh.status = await runAndOr(item, io, sh);
  return sh.status;
}

async function runAndOr(item: AndOr, io: Streams, sh: ShellContext): Promise<number> {
  let status = await runPipeline(item.first, io, sh);
  for (const { op, pipeline } of item.rest) {
    if ((op === "&&" && status === 0) || (op === "||" && status !== 0)) status = await runPipeline(pipeline, io, sh);
  }
  return status;
}

async function runPipeline(p: Pipeline, io: Streams, sh: ShellContext): Promise<number> {
  let stdin: Input = io.stdin;
  let status = 0;
  for (let i = 0; i < p.commands.length; i++) {
    const last = i === p.commands.length - 1;
    const chunks: Uint8Array[] = [];
    const stdout: Output = last ? io.stdout : (d) => chunks.push(typeof d === "string" ? Buffer.from(d) : d);
    status = await runCommand(p.commands[i], { stdin, stdout, stderr: io.stderr }, sh);
    stdin = bytesInput(Buffer.concat(chunks));
  }
  return p.negate ? (status === 0 ? 1 : 0) : status;
}

async function runCommand(cmd: Command, io: Streams, sh: ShellContext): Promise<number> {
  switch (cmd.kind) {
    case "simple":
      return runSimple(cmd, io, sh);
    case "group":
      return runList(cmd.body, io, sh);
    case "if": {
      for (const b of cmd.branches) if ((await runList(b.cond, io, sh)) === 0) return runList(b.body, io, sh);
      return cmd.otherwise ? runList(cmd.otherwise, io, sh) : 0;
    }
    case "while": {
      let status = 0;
      for (let busy = 0; ; ) {
        const before = sh.sleepCount?.() ?? 0;
        const c = await runList(cmd.cond, io, sh);
        if ((c === 0) === cmd.until) break;
        status = await runList(cmd.body, io, sh);
        busy = (sh.sleepCount?.() ?? 0) === before ? busy + 1 : 0;
        if (busy > MAX_BUSY_ITERATIONS) {
          io.stderr("sh: loop ran too long without sleeping; stopped\n");
          return 1;
        }
      }
      return status;
    }
    case "for": {
      const words = await Promise.all(cmd.items.map((w) => substitute(w, io, sh)));
      const items = cmd.items.length ? words.flatMap((w) => expandWord(w, sh)) : sh.argv.slice(1);
      let status = 0;
      for (const item of items) {
        sh.env.set(cmd.name, item);
        status = await runList(cmd.body, io, sh);
      }
      return status;
    }
  }
}

async function runSimple(parsed: SimpleCommand, io: Streams, sh: ShellContext): Promise<number> {
  const cmd = await substituteAll(parsed, io, sh);
  const argv = cmd.words.flatMap((w) => expandWord(w, sh));
  const assigned = cmd.assigns.map((a) => [a.name, expandWord(a.value, sh, false).join("")] as const);
  let streams = io;
  try {
    streams = redirect(cmd, io, sh);
  } catch (err) {
    io.stderr(`sh: ${(err as { path?: string }).path ?? ""}: ${errnoText(err)}\n`);
    return 1;
  }
  if (argv.length === 0) {
    for (const [k, v] of assigned) sh.env.set(k, v);
    return 0;
  }
  // Assignments before a command apply to it alone.
  const saved = assigned.map(([k]) => [k, sh.env.get(k)] as const);
  for (const [k, v] of assigned) sh.env.set(k, v);
  try {
    return await invoke(argv, streams, sh);
  } finally {
    if (argv[0] !== "export" && argv[0] !== "cd") for (const [k, v] of saved) v === undefined ? sh.env.delete(k) : sh.env.set(k, v);
  }
}

function redirect(cmd: SimpleCommand, io: Streams, sh: ShellContext): Streams {
  const fds: (Output | Input)[] = [io.stdin, io.stdout, io.stderr];
  for (const r of cmd.redirs) {
    const target = expandWord(r.target, sh, false).join("");
    if (r.op === ">&") {
      fds[r.fd] = fds[Number(target)];
      continue;
    }
    const path = resolvePath(sh.cwd, target);
    if (r.op === "<") {
      const data = sh.fs.readFile(path);
      if (!data) throw Object.assign(new Error("absent"), { code: sh.fs.stat(path)?.type === "dir" ? "EISDIR" : "ENOENT", path: target });
      fds[0] = bytesInput(data);
      continue;
    }
    if (path === "/dev/null") {
      fds[r.fd] = () => undefined;
      continue;
    }
    try {
      if (r.op === ">") sh.fs.writeFile(path, "");
      else sh.fs.appendFile(path, "");
    } catch (err) {
      throw Object.assign(err as Error, { path: target });
    }
    fds[r.fd] = (d) => sh.fs.appendFile(path, d);
  }
  return { stdin: fds[0] as Input, stdout: fds[1] as Output, stderr: fds[2] as Output };
}

/** The command with every $(script) of its words run, in order, as sh does before running it. */
async function substituteAll(cmd: SimpleCommand, io: Streams, sh: ShellContext): Promise<SimpleCommand> {
  const has = (w: Word) => w.some((p) => p.kind === "sub");
  if (!cmd.words.some(has) && !cmd.assigns.some((a) => has(a.value)) && !cmd.redirs.some((r) => has(r.target))) return cmd;
  const out: SimpleCommand = { kind: "simple", assigns: [], words: [], redirs: [] };
  for (const a of cmd.assigns) out.assigns.push({ name: a.name, value: await substitute(a.value, io, sh) });
  for (const w of cmd.words) out.words.push(await substitute(w, io, sh));
  for (const r of cmd.redirs) out.redirs.push({ ...r, target: await substitute(r.target, io, sh) });
  return out;
}

/** Runs a word's $(script)s in subshells: their output without trailing newlines; their errors go to stderr. */
async function substitute(word: Word, io: Streams, sh: ShellContext): Promise<Word> {
  if (!word.some((p) => p.kind === "sub")) return word;
  const out: WordPart[] = [];
  for (const part of word) {
    if (part.kind !== "sub") {
      out.push(part);
      continue;
    }
    const chunks: Uint8Array[] = [];
    const child: ShellContext = { ...sh, env: new Map(sh.env), status: sh.status };
    const status = await runScript(part.script, { stdin: io.stdin, stdout: (d) => void chunks.push(typeof d === "string" ? Buffer.from(d) : d), stderr: io.stderr }, child);
    sh.status = status;
    out.push({ ...part, value: text(Buffer.concat(chunks)).replace(/\n+$/, "") });
  }
  return out;
}

/** Expands variables; unquoted expansions split on whitespace (split false keeps one field). */
export function expandWord(word: Word, sh: ShellContext, split = true): string[] {
  const fields: string[] = [];
  let current = "";
  let started = false;
  for (const part of word) {
    if (part.kind === "lit") {
      current += part.text;
      started = true;
      continue;
    }
    const value = part.kind === "sub" ? (part.value ?? "") : lookup(part.name, sh);
    if (part.quoted || !split) {
      current += value;
      started = true;
      continue;
    }
    const pieces = value.split(/[ \t\n]+/);
    pieces.forEach((piece, i) => {
      if (i > 0) {
        if (started || current) fields.push(current);
        current = "";
        started = false;
      }
      if (piece) {
        current += piece;
        started = true;
      }
    });
  }
  if (started || current) fields.push(current);
  return fields;
}

function lookup(name: string, sh: ShellContext): string {
  if (name === "?") return String(sh.status);
  if (name === "$") return String(sh.pid);
  if (name === "#") return String(Math.max(0, sh.argv.length - 1));
  if (/^\d$/.test(name)) return sh.argv[Number(name)] ?? "";
  return sh.env.get(name) ?? "";
}

export { text };
