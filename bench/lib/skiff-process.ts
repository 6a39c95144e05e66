/** Starts `skiff up` as a child process and measures it from outside (start-up time, RSS). */
import { spawn, type ChildProcess } from "node:child_process";
import { mkdtempSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join, resolve, dirname } from "node:path";
import { fileURLToPath } from "node:url";

const repoRoot = resolve(dirname(fileURLToPath(import.meta.url)), "../..");

export interface SkiffProcess {
  pid: number;
  kubeconfig: string;
  dataDir: string;
  /** Milliseconds from spawn to the "ready" line. */
  readyMs: number;
  rssBytes(): number;
  stop(): Promise<void>;
}

export async function startSkiff(args: string[], dataDir = mkdtempSync(join(tmpdir(), "skiff-bench-")), removeOnStop = true): Promise<SkiffProcess> {
  const t0 = performance.now();
  // SKIFF_BENCH_NODE_ARGS passes V8 flags (e.g. --cpu-prof) to the measured process only.
  const nodeArgs = (process.env.SKIFF_BENCH_NODE_ARGS ?? "").split(" ").filter(Boolean);
  const child: ChildProcess = spawn(process.execPath, [...nodeArgs, join(repoRoot, "bin", "skiff"), "up", "--data-dir", dataDir, "--port", "0", "--nodes", "0", ...args], { stdio: ["ignore", "pipe", "pipe"] });
  let out = "";
  const readyMs = await new Promise<number>((res, rej) => {
    child.stdout!.on("data", (d: Buffer) => {
      out += d.toString();
      if (/ready/.test(out)) res(performance.now() - t0);
    });
    child.stderr!.on("data", (d: Buffer) => (out += d.toString()));
    child.once("exit", (c) => rej(new Error(`skiff exited ${c}: ${out}`)));
  });
  child.removeAllListeners("exit");
  return {
    pid: child.pid!,
    kubeconfig: join(dataDir, "kubeconfig"),
    dataDir,
    readyMs,
    rssBytes: () => {
      const m = /VmRSS:\s+(\d+) kB/.exec(readFileSync(`/proc/${child.pid}/status`, "utf8"));
      return m ? Number(m[1]) * 1024 : 0;
    },
    stop: () =>
      new Promise<void>((res) => {
        if (child.exitCode !== null) return res();
        child.once("exit", () => {
          if (removeOnStop) rmSync(dataDir, { recursive: true, force: true });
          res();
        });
        process.kill(child.pid!, "SIGTERM");
      }),
  };
}
