/**
 * sh itself: `sh -c SCRIPT [NAME ARGS...]`, `sh FILE`, or commands read
 * from stdin line by line as they arrive (kubectl run -i, exec -i), with a
 * prompt when interactive (a terminal is attached).
 */
import { runScript, runScriptOutcome } from "../interpreter.js";
import { parse, ShellSyntaxError } from "../parse.js";
import { EMPTY_INPUT, resolvePath, text, type Builtin, type Streams, type ShellContext } from "../types.js";

const sh: Builtin = async (args, io, ctx) => {
  const child: ShellContext = { ...ctx, env: new Map(ctx.env), argv: [], status: 0 };
  let i = 1;
  let interactive = false;
  for (; i < args.length && args[i].startsWith("-") && args[i] !== "-"; i++) {
    if (args[i] === "-c") {
      const script = args[i + 1];
      if (script === undefined) {
        io.stderr("sh: -c requires an argument\n");
        return 2;
      }
      child.argv = args.length > i + 2 ? args.slice(i + 2) : ["sh"];
      return runScript(script, io, child);
    }
    if (args[i] === "-i") interactive = true;
  }
  if (i < args.length) {
    const data = ctx.fs.readFile(resolvePath(ctx.cwd, args[i]));
    if (!data) {
      io.stderr(`sh: can't open '${args[i]}': No such file or directory\n`);
      return 2;
    }
    child.argv = args.slice(i);
    return runScript(text(data), io, child);
  }
  child.argv = ["sh"];
  return readLoop(io, child, interactive || ctx.interactive === true);
};

/**
 * Runs commands from stdin as whole lines arrive; a construct that spans
 * lines (if ... fi) runs once complete. Ends at end of input or `exit`.
 */
export async function readLoop(io: Streams, ctx: ShellContext, interactive: boolean): Promise<number> {
  const prompt = () => interactive && io.stdout(ctx.env.get("PS1") ?? (ctx.env.get("HOME") === ctx.cwd ? "~ # " : `${ctx.cwd} # `));
  let pending = "";
  let buffered = "";
  let exited: number | undefined;
  prompt();
  while (exited === undefined) {
    const chunk = await io.stdin.read();
    if (chunk === null) break;
    buffered += text(chunk);
    for (let nl = buffered.indexOf("\n"); nl >= 0 && exited === undefined; nl = buffered.indexOf("\n")) {
      pending += buffered.slice(0, nl + 1);
      buffered = buffered.slice(nl + 1);
      if (incomplete(pending)) continue;
      const script = pending;
      pending = "";
      exited = await runLine(script, io, ctx);
      if (exited === undefined) prompt();
    }
  }
  if (exited !== undefined) return exited;
  if ((pending + buffered).trim()) {
    const last = await runLine(pending + buffered, io, ctx);
    if (last !== undefined) return last;
  }
  return ctx.status;
}

/** Runs one line; the exit code when it ran `exit`. */
async function runLine(script: string, io: Streams, ctx: ShellContext): Promise<number | undefined> {
  const { status, exited } = await runScriptOutcome(`${script}\n`, { ...io, stdin: EMPTY_INPUT }, ctx);
  ctx.status = status;
  return exited ? status : undefined;
}

function incomplete(script: string): boolean {
  try {
    parse(script);
    return false;
  } catch (err) {
    return err instanceof ShellSyntaxError && /end of file|unterminated/.test(err.message);
  }
}

export const SH_BUILTINS: [string, Builtin][] = [["sh", sh]];
