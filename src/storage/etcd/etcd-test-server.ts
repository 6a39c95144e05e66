import { spawn, type ChildProcess } from "node:child_process";
import { existsSync, mkdtempSync, rmSync } from "node:fs";
import { createServer } from "node:net";
import { tmpdir } from "node:os";
import { join } from "node:path";

/** Where Debian's etcd-server package installs the binary. */
export const ETCD_BINARY = process.env.SKIFF_ETCD_BINARY ?? "/usr/bin/etcd";

export interface EtcdTestServer {
  endpoint: string;
  /** Kills the server by pid and removes its data directory. */
  stop(): Promise<void>;
}

function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const srv = createServer();
    srv.once("error", reject);
    srv.listen(0, "127.0.0.1", () => {
      const addr = srv.address();
      const port = typeof addr === "object" && addr ? addr.port : 0;
      srv.close(() => resolve(port));
    });
  });
}

async function healthy(endpoint: string): Promise<boolean> {
  try {
    const res = await fetch(`${endpoint}/health`, { signal: AbortSignal.timeout(1000) });
    const body = (await res.json()) as { health?: string };
    return body.health === "true";
  } catch {
    return false;
  }
}

/**
 * Starts a single-member etcd on 127.0.0.1 with random free ports and a
 * temporary data directory, and waits until it reports healthy. Returns
 * undefined when the binary is not installed.
 */
export async function startEtcdTestServer(timeoutMs = 15000): Promise<EtcdTestServer | undefined> {
  if (!existsSync(ETCD_BINARY)) return undefined;
  const dataDir = mkdtempSync(join(tmpdir(), "skiff-etcd-"));
  const [clientPort, peerPort] = [await freePort(), await freePort()];
  const endpoint = `http://127.0.0.1:${clientPort}`;
  const peer = `http://127.0.0.1:${peerPort}`;
  const child: ChildProcess = spawn(
    ETCD_BINARY,
    [
      "--name=skiff-test",
      `--data-dir=${dataDir}`,
      `--listen-client-urls=${endpoint}`,
      `--advertise-client-urls=${endpoint}`,
      `--listen-peer-urls=${peer}`,
      `--initial-advertise-peer-urls=${peer}`,
      `--initial-cluster=skiff-test=${peer}`,
      "--logger=zap",
      "--log-level=error",
    ],
    { stdio: ["ignore", "ignore", "pipe"] },
  );
  let stderr = "";
  child.stderr?.on("data", (d: Buffer) => void (stderr = (stderr + d.toString()).slice(-4000)));
  const exited = new Promise<void>((resolve) => child.once("exit", () => resolve()));
  const stop = async () => {
    if (child.exitCode === null && child.signalCode === null && child.pid !== undefined) process.kill(child.pid, "SIGKILL");
    await exited;
    rmSync(dataDir, { recursive: true, force: true });
  };
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    if (child.exitCode !== null) break;
    if (await healthy(endpoint)) return { endpoint, stop };
    await new Promise((r) => setTimeout(r, 100));
  }
  await stop();
  throw new Error(`etcd did not become healthy within ${timeoutMs}ms: ${stderr}`);
}
