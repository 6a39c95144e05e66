/**
 * What the Fault suites share: `skiff chaos` against a test cluster, and
 * waiting for a Fault's phase.
 */
import { execFile } from "node:child_process";
import { join } from "node:path";
import type { TestCluster } from "./cluster.js";
import { repoRoot } from "./tools.js";
import { getJson, until, type Obj } from "./wait.js";

export interface SkiffResult {
  code: number;
  stdout: string;
  stderr: string;
}

/** Runs `skiff ARGS --kubeconfig <the cluster's>`. */
export function skiff(c: TestCluster, args: string[]): Promise<SkiffResult> {
  return new Promise((resolve, reject) => {
    execFile(process.execPath, [join(repoRoot, "bin", "skiff"), ...args, "--kubeconfig", c.kubeconfig], { timeout: 60_000 }, (err, stdout, stderr) => {
      const code = err ? (typeof err.code === "number" ? err.code : -1) : 0;
      if (code < 0) return reject(new Error(`skiff ${args.join(" ")} failed: ${err?.message}\n${stderr}${stdout}`));
      resolve({ code, stdout, stderr });
    });
  });
}

export type FaultObj = Obj & { status?: { phase?: string; message?: string; restore?: Record<string, unknown> } };

/** The Fault once its status.phase is phase. */
export function faultPhase(c: TestCluster, name: string, phase: string, timeoutMs = 30_000): Promise<FaultObj> {
  return until(
    `fault ${name} ${phase}`,
    async (seen) => {
      const f = await getJson<FaultObj>(c, ["get", "fault", name]);
      seen(JSON.stringify(f.status));
      return f.status?.phase === phase ? f : undefined;
    },
    { timeoutMs },
  );
}

/** Deletes a Fault and waits until it is gone (its finalizer removed once healed). */
export async function deleteFault(c: TestCluster, name: string): Promise<void> {
  await c.k(["delete", "fault", name, "--wait=true", "--timeout=60s"]);
}
