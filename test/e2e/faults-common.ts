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

export interface DoctorFinding {
  check: string;
  severity: string;
  about: { kind?: string; namespace?: string; name?: string };
  summary: string;
  chain: { text: string }[];
  fix: string;
  cause?: string;
}

export interface DoctorRun {
  code: number;
  findings: DoctorFinding[];
  /** The report for people, for failure messages. */
  text: string;
}

/** `skiff doctor` against the cluster: the JSON report and the text one. */
export async function doctor(c: TestCluster): Promise<DoctorRun> {
  const json = await skiff(c, ["doctor", "-o", "json"]);
  const text = await skiff(c, ["doctor"]);
  if (json.code === 2) throw new Error(`skiff doctor failed: ${json.stderr}${json.stdout}`);
  const report = JSON.parse(json.stdout) as { findings: DoctorFinding[] };
  return { code: json.code, findings: report.findings, text: text.stdout + text.stderr };
}

/** The doctor's report once it finds nothing (after a heal, the cluster settles first). */
export function doctorClean(c: TestCluster, timeoutMs = 90_000): Promise<DoctorRun> {
  return until(
    "skiff doctor clean",
    async (seen) => {
      const d = await doctor(c);
      seen(d.text);
      return d.code === 0 && d.findings.length === 0 ? d : undefined;
    },
    { timeoutMs },
  );
}

/** The doctor's report once one of its findings passes want. */
export function doctorFinds(c: TestCluster, what: string, want: (f: DoctorFinding) => boolean, timeoutMs = 60_000): Promise<{ run: DoctorRun; finding: DoctorFinding }> {
  return until(
    `skiff doctor finds ${what}`,
    async (seen) => {
      const run = await doctor(c);
      seen(run.text);
      const finding = run.findings.find(want);
      return finding ? { run, finding } : undefined;
    },
    { timeoutMs },
  );
}

/** A finding's chain as one text, a line per step. */
export const chainText = (f: DoctorFinding) => f.chain.map((s) => s.text).join("\n");
