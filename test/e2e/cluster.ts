/**
 * Starts `skiff up` as a child process for an end-to-end suite and runs the
 * real kubectl against it. Every process started is killed by pid in stop().
 */
import { spawn, execFile, type ChildProcess } from "node:child_process";
import { mkdtempSync, rmSync } from "node:fs";
import { createServer } from "node:net";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { ensureTools, repoRoot, type Tools } from "./tools.js";

export interface KubectlResult {
  code: number;
  stdout: string;
  stderr: string;
}

export interface TestCluster {
  dataDir: string;
  kubeconfig: string;
  tools: Tools;
  kubectl(args: string[], opts?: { input?: string; timeoutMs?: number }): Promise<KubectlResult>;
  /** kubectl that must succeed; returns stdout. */
  k(args: string[], input?: string): Promise<string>;
  /** Starts kubectl in the background (e.g. get -w); returns the process and its output so far. */
  spawnKubectl(args: string[]): { proc: ChildProcess; output: () => string };
  stop(): Promise<void>;
  /** Stops the server and starts it again on the same data directory. */
  restart(): Promise<void>;
}

export interface StartOptions {
  args?: string[];
  dataDir?: string;
}

export async function startTestCluster(opts: StartOptions = {}): Promise<TestCluster> {
  const tools = ensureTools();
  const dataDir = opts.dataDir ?? mkdtempSync(join(tmpdir(), "skiff-e2e-"));
  const home = mkdtempSync(join(tmpdir(), "skiff-home-"));
  const kubeconfig = join(dataDir, "kubeconfig");
  const background = new Set<ChildProcess>();
  let server: ChildProcess | undefined;

  const launch = async () => {
    // Suites run side by side: the components' secure ports must not collide either.
    const componentPorts = ["--controller-manager-secure-port", String(await freePort()), "--scheduler-secure-port", String(await freePort()), "--kube-proxy-port", String(await freePort())];
    const args = [join(repoRoot, "bin", "skiff"), "up", "--data-dir", dataDir, "--port", "0", "--nodes", "0", ...componentPorts, ...(opts.args ?? [])];
    const child = spawn(process.execPath, args, { stdio: ["ignore", "pipe", "pipe"] });
    server = child;
    let out = "";
    await new Promise<void>((resolve, reject) => {
      const timer = setTimeout(() => reject(new Error(`skiff up did not become ready:\n${out}`)), 30_000);
      const onData = (d: Buffer) => {
        out += d.toString();
        if (/ready/.test(out)) {
          clearTimeout(timer);
          resolve();
        }
      };
      child.stdout!.on("data", onData);
      child.stderr!.on("data", (d: Buffer) => (out += d.toString()));
      child.once("exit", (code) => {
        clearTimeout(timer);
        reject(new Error(`skiff up exited with ${code}:\n${out}`));
      });
    });
    child.removeAllListeners("exit");
    child.stdout!.resume();
    child.stderr!.on("data", (d: Buffer) => process.env.SKIFF_E2E_LOG && process.stderr.write(d));
  };

  const stopServer = async () => {
    const child = server;
    if (!child || child.exitCode !== null) return;
    await new Promise<void>((resolve) => {
      const t = setTimeout(() => {
        child.kill("SIGKILL");
      }, 10_000);
      child.once("exit", () => {
        clearTimeout(t);
        resolve();
      });
      process.kill(child.pid!, "SIGTERM");
    });
  };

  await launch();
  const env = { ...process.env, KUBECONFIG: kubeconfig, HOME: home, HELM_CACHE_HOME: join(home, ".cache/helm"), HELM_CONFIG_HOME: join(home, ".config/helm"), HELM_DATA_HOME: join(home, ".local/share/helm") };

  const kubectl = (args: string[], o: { input?: string; timeoutMs?: number } = {}) =>
    new Promise<KubectlResult>((resolve) => {
      const child = execFile(tools.kubectl, args, { env, timeout: o.timeoutMs ?? 30_000, maxBuffer: 64 * 1024 * 1024 }, (err, stdout, stderr) => {
        const code = err ? (typeof (err as { code?: unknown }).code === "number" ? (err as { code: number }).code : 1) : 0;
        resolve({ code, stdout, stderr });
      });
      if (o.input !== undefined) child.stdin!.end(o.input);
      else child.stdin!.end();
    });

  return {
    dataDir,
    kubeconfig,
    tools,
    kubectl,
    async k(args, input) {
      const r = await kubectl(args, { input });
      if (r.code !== 0) throw new Error(`kubectl ${args.join(" ")} failed (${r.code}):\n${r.stderr}${r.stdout}`);
      return r.stdout;
    },
    spawnKubectl(args) {
      const proc = spawn(tools.kubectl, args, { env, stdio: ["ignore", "pipe", "pipe"] });
      background.add(proc);
      proc.once("exit", () => background.delete(proc));
      let out = "";
      proc.stdout!.on("data", (d: Buffer) => (out += d.toString()));
      proc.stderr!.on("data", (d: Buffer) => (out += d.toString()));
      return { proc, output: () => out };
    },
    async stop() {
      for (const p of background) p.kill("SIGKILL");
      await stopServer();
      if (!opts.dataDir) rmSync(dataDir, { recursive: true, force: true });
      rmSync(home, { recursive: true, force: true });
    },
    async restart() {
      await stopServer();
      await launch();
    },
  };
}

/** A port free on loopback right now. */
export function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const srv = createServer();
    srv.once("error", reject);
    srv.listen(0, "127.0.0.1", () => {
      const { port } = srv.address() as { port: number };
      srv.close(() => resolve(port));
    });
  });
}
