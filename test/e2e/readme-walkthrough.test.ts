/**
 * The README's kubectl walkthrough, run command by command as a reader
 * would type it in one shell: its own `skiff up` line, its export and alias
 * lines, every kubectl, skiff and curl command. Only what must differ on a
 * test machine is changed: the data directory, the API server's port (any
 * free one) and the local port-forward port. Commands that run until
 * interrupted (logs -f, get -w, port-forward) get Ctrl-C after a few
 * seconds; `exec -it` runs in a terminal (script(1)) and is typed `exit`.
 */
import { after, before, describe, test } from "node:test";
import assert from "node:assert/strict";
import { spawn, type ChildProcess } from "node:child_process";
import { mkdtempSync, readFileSync, rmSync } from "node:fs";
import { createServer } from "node:net";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { repoRoot } from "./tools.js";
import { walkthroughCommands } from "./readme-commands.js";

interface Run {
  code: number | null;
  signal: NodeJS.Signals | null;
  output: string;
  interrupted: boolean;
}

function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const s = createServer();
    s.once("error", reject);
    s.listen(0, "127.0.0.1", () => {
      const port = (s.address() as { port: number }).port;
      s.close(() => resolve(port));
    });
  });
}

/** Runs one command in bash after the walkthrough's export/alias lines; interrupts it after interruptAfterMs when given. */
function runInShell(prelude: string[], command: string, opts: { cwd: string; interruptAfterMs?: number; input?: string; terminal?: boolean }): Promise<Run> {
  const script = ["shopt -s expand_aliases", ...prelude, command].join("\n");
  const [file, args] = opts.terminal ? ["script", ["-qec", `bash -c ${shellQuote(script)}`, "/dev/null"]] : ["bash", ["-c", script]];
  return new Promise((resolve) => {
    const child = spawn(file, args, { cwd: opts.cwd, detached: true, stdio: ["pipe", "pipe", "pipe"] });
    let output = "";
    let interrupted = false;
    child.stdout!.on("data", (d: Buffer) => (output += d.toString()));
    child.stderr!.on("data", (d: Buffer) => (output += d.toString()));
    if (opts.input !== undefined) setTimeout(() => child.stdin!.end(opts.input), 1_500);
    else child.stdin!.end();
    // The whole process group, as Ctrl-C reaches every process of the job.
    const interrupt = opts.interruptAfterMs
      ? setTimeout(() => {
          interrupted = true;
          process.kill(-child.pid!, "SIGINT");
        }, opts.interruptAfterMs)
      : undefined;
    const hardStop = setTimeout(() => process.kill(-child.pid!, "SIGKILL"), 120_000);
    child.once("exit", (code, signal) => {
      clearTimeout(interrupt);
      clearTimeout(hardStop);
      resolve({ code, signal, output, interrupted });
    });
  });
}

function shellQuote(s: string): string {
  return `'${s.replace(/'/g, `'\\''`)}'`;
}

describe("the README walkthrough, as written", () => {
  const commands = walkthroughCommands(readFileSync(join(repoRoot, "README.md"), "utf8"));
  let dataDir: string;
  let workDir: string;
  let server: ChildProcess | undefined;
  let apiPort = 0;
  let forwardPort = 0;

  const adapt = (command: string) =>
    command
      .replaceAll("/tmp/skiff", dataDir)
      .replaceAll("$PWD/bin/skiff", join(repoRoot, "bin", "skiff"))
      .replaceAll("./bin/skiff", join(repoRoot, "bin", "skiff"))
      .replaceAll("127.0.0.1:6443", `127.0.0.1:${apiPort}`)
      .replaceAll("8080:80", `${forwardPort}:80`);

  before(async () => {
    dataDir = mkdtempSync(join(tmpdir(), "skiff-readme-"));
    workDir = mkdtempSync(join(tmpdir(), "skiff-readme-cwd-"));
    forwardPort = await freePort();
  });
  after(async () => {
    if (server?.pid && server.exitCode === null) {
      const exited = new Promise((r) => server!.once("exit", r));
      process.kill(server.pid, "SIGTERM");
      const t = setTimeout(() => server?.pid && process.kill(server.pid, "SIGKILL"), 10_000);
      await exited;
      clearTimeout(t);
    }
    rmSync(dataDir, { recursive: true, force: true });
    rmSync(workDir, { recursive: true, force: true });
  });

  test("The walkthrough starts with skiff up in the background, then exports KUBECONFIG.", () => {
    assert.match(commands[0], /^\.\/bin\/skiff up .*&\s*(#.*)?$/);
    assert.ok(commands.some((c) => c.startsWith("export KUBECONFIG=")));
  });

  test("Every command of the walkthrough succeeds.", { timeout: 600_000 }, async () => {
    const [upLine, ...rest] = commands;
    const upArgs = adapt(upLine).replace(/&\s*(#.*)?$/, "").trim().split(/\s+/);
    server = spawn(process.execPath, [...upArgs, "--port", "0", "--controller-manager-secure-port", "0", "--scheduler-secure-port", "0"], { cwd: repoRoot, stdio: ["ignore", "pipe", "pipe"] });
    let log = "";
    server.stderr!.on("data", (d: Buffer) => (log += d.toString()));
    await new Promise<void>((resolve, reject) => {
      const timer = setTimeout(() => reject(new Error(`skiff up did not become ready:\n${log}`)), 60_000);
      server!.stdout!.on("data", (d: Buffer) => {
        log += d.toString();
        const m = /ready in \d+ms at https:\/\/127\.0\.0\.1:(\d+)/.exec(log);
        if (m) {
          apiPort = Number(m[1]);
          clearTimeout(timer);
          resolve();
        }
      });
      server!.once("exit", (code) => reject(new Error(`skiff up exited with ${code}:\n${log}`)));
    });

    const prelude: string[] = [];
    for (const raw of rest) {
      const command = adapt(raw);
      if (/^(export|alias) /.test(command)) {
        prelude.push(command);
        continue;
      }
      // What the line does, without its trailing comment.
      const bare = command.split("\n")[0].replace(/\s+#.*$/, "");
      const runsUntilInterrupted = /\blogs -f\b|\sget .* -w\b|\bport-forward\b/.test(bare);
      const interactive = /\bexec -it\b/.test(bare);
      const r = await runInShell(prelude, command, {
        cwd: workDir,
        interruptAfterMs: runsUntilInterrupted ? 4_000 : undefined,
        terminal: interactive,
        input: interactive ? "hostname\rexit\r" : undefined,
      });
      const what = `$ ${raw}\n${r.output}`;
      if (runsUntilInterrupted) {
        assert.ok(r.interrupted, `expected to run until Ctrl-C:\n${what}`);
        assert.doesNotMatch(r.output, /^error:|Error from server/m, what);
      } else {
        assert.equal(r.code, 0, what);
      }
      if (interactive) assert.match(r.output, /web-[a-z0-9]+-[a-z0-9]+/, `the shell answered hostname:\n${what}`);
      if (/port-forward/.test(bare)) assert.match(r.output, new RegExp(`Forwarding from 127\\.0\\.0\\.1:${forwardPort} -> 80`), what);
    }
  });
});
