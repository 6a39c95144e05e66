/**
 * Applying rules on a real node: one `iptables-restore --noflush --counters`
 * per sync, fed the text upstream writes (filter then nat; a chain line
 * flushes the chain it declares, so only declared chains are rewritten;
 * `-X` deletes a stale chain), and `iptables-save` to find what exists.
 * Commands can run inside a network namespace (`ip netns exec NAME`).
 */
import { spawn } from "node:child_process";

export interface CommandResult {
  code: number;
  stdout: string;
  stderr: string;
}

export interface IptablesExec {
  /** Feeds input to iptables-restore with upstream's flags. */
  restore(input: string): Promise<void>;
  /** iptables-save of one table. */
  save(table: "nat" | "filter"): Promise<string>;
}

export class IptablesRestoreError extends Error {
  constructor(readonly result: CommandResult, readonly input: string) {
    super(`iptables-restore failed (exit ${result.code}): ${result.stderr.trim()}${lineContext(result.stderr, input)}`);
    this.name = "IptablesRestoreError";
  }
}

/** The lines around the one iptables-restore names ("line N failed"), as upstream logs them. */
function lineContext(stderr: string, input: string): string {
  const m = /line:? (\d+)/i.exec(stderr);
  if (!m) return "";
  const n = Number(m[1]);
  const lines = input.split("\n");
  return "\n" + lines.slice(Math.max(0, n - 3), n + 2).map((l, i) => `${Math.max(1, n - 2) + i}: ${l}`).join("\n");
}

export function runCommand(argv: readonly string[], input?: string): Promise<CommandResult> {
  return new Promise((resolve, reject) => {
    const child = spawn(argv[0], argv.slice(1), { stdio: ["pipe", "pipe", "pipe"] });
    const out: Buffer[] = [];
    const err: Buffer[] = [];
    child.stdout.on("data", (d: Buffer) => out.push(d));
    child.stderr.on("data", (d: Buffer) => err.push(d));
    child.on("error", reject);
    child.on("close", (code) => resolve({ code: code ?? 1, stdout: Buffer.concat(out).toString(), stderr: Buffer.concat(err).toString() }));
    child.stdin.on("error", () => undefined);
    child.stdin.end(input ?? "");
  });
}

/** iptables-restore/iptables-save (or another pair, e.g. iptables-legacy-*) on this host, or inside `ip netns exec <netns>`. */
export function createIptablesExec(opts: { netns?: string; run?: typeof runCommand; commands?: { restore: string; save: string } } = {}): IptablesExec {
  const run = opts.run ?? runCommand;
  const { restore, save } = opts.commands ?? { restore: "iptables-restore", save: "iptables-save" };
  const prefix = opts.netns ? ["ip", "netns", "exec", opts.netns] : [];
  return {
    async restore(input) {
      const r = await run([...prefix, restore, "-w", "5", "--noflush", "--counters"], input);
      if (r.code !== 0) throw new IptablesRestoreError(r, input);
    },
    async save(table) {
      const r = await run([...prefix, save, "-t", table]);
      if (r.code !== 0) throw new Error(`iptables-save -t ${table} failed (exit ${r.code}): ${r.stderr.trim()}`);
      return r.stdout;
    },
  };
}

/** Chain names declared in iptables-save output. */
export function chainsInSave(text: string): Set<string> {
  const out = new Set<string>();
  for (const line of text.split("\n")) if (line.startsWith(":")) out.add(line.slice(1, line.indexOf(" ")));
  return out;
}
