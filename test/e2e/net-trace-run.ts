/** Runs `skiff net trace FROM TO` against a test cluster: exit 0 reached, 1 dropped; anything else fails the test. */
import { execFile } from "node:child_process";
import { join } from "node:path";
import type { TestCluster } from "./cluster.js";
import { repoRoot } from "./tools.js";

export interface Traced {
  code: number;
  stdout: string;
}

export function trace(c: TestCluster, from: string, to: string): Promise<Traced> {
  return new Promise((resolve, reject) =>
    execFile(process.execPath, [join(repoRoot, "bin", "skiff"), "net", "trace", from, to, "--kubeconfig", c.kubeconfig], { timeout: 30_000 }, (err, stdout, stderr) => {
      const code = err ? (typeof err.code === "number" ? err.code : -1) : 0;
      if (code !== 0 && code !== 1) return reject(new Error(`skiff net trace ${from} ${to} failed: ${err?.message}\n${stderr}${stdout}`));
      resolve({ code, stdout });
    }),
  );
}
