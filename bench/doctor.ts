/**
 * The doctor's full run on a large cluster: npm run bench -- doctor [--nodes 1000] [--pods 10000] [--runs 3].
 * Starts `skiff up` with N simulated nodes, fills them with M pods (Deployments of up to 1,000
 * replicas), then times `skiff doctor` as a user runs it (its own process, over HTTPS, every check);
 * prints each run and the median as RESULT doctor.full_run (goal: under 5 s).
 * With --kubeconfig F --pid P, it measures an already running, already filled cluster instead
 * (P: the `skiff up` process, for the server's CPU).
 */
import { execFile } from "node:child_process";
import { join, resolve, dirname } from "node:path";
import { fileURLToPath } from "node:url";
import { connect, type H2Client } from "./lib/h2-client.js";
import { fillDeployment } from "./lib/all-in-one.js";
import { cpuSeconds } from "./lib/process-cpu.js";
import { startSkiff } from "./lib/skiff-process.js";
import { result } from "./lib/stats.js";

const repoRoot = resolve(dirname(fileURLToPath(import.meta.url)), "..");
const args = process.argv.slice(2);
const opt = (name: string, def: number) => {
  const i = args.indexOf(`--${name}`);
  return i >= 0 ? Number(args[i + 1]) : def;
};

async function waitFor(what: string, check: () => Promise<boolean>, timeoutMs: number): Promise<void> {
  const t0 = performance.now();
  while (!(await check())) {
    if (performance.now() - t0 > timeoutMs) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 1000));
  }
}

async function readyNodes(client: H2Client): Promise<number> {
  const r = await client.request("GET", "/api/v1/nodes");
  const items = JSON.parse(r.body).items as { status?: { conditions?: { type: string; status: string }[] } }[];
  return items.filter((n) => n.status?.conditions?.some((c) => c.type === "Ready" && c.status === "True")).length;
}

async function availablePods(client: H2Client): Promise<number> {
  const r = await client.request("GET", "/apis/apps/v1/namespaces/default/deployments");
  return (JSON.parse(r.body).items as { status?: { availableReplicas?: number } }[]).reduce((n, d) => n + (d.status?.availableReplicas ?? 0), 0);
}

/** One `skiff doctor` run: wall seconds, and its own CPU seconds (user + system, from /usr/bin/time). */
function runDoctor(kubeconfig: string): Promise<{ seconds: number; cpu: number; code: number; stdout: string }> {
  const t0 = performance.now();
  return new Promise((res) =>
    execFile("/usr/bin/time", ["-f", "CPU %U %S", process.execPath, join(repoRoot, "bin", "skiff"), "doctor", "--kubeconfig", kubeconfig], { maxBuffer: 64 * 1024 * 1024, timeout: 120_000 }, (err, stdout, stderr) => {
      const m = /CPU ([\d.]+) ([\d.]+)\s*$/.exec(stderr);
      res({ seconds: (performance.now() - t0) / 1000, cpu: m ? Number(m[1]) + Number(m[2]) : NaN, code: err ? (typeof err.code === "number" ? err.code : -1) : 0, stdout });
    }),
  );
}

const strOpt = (name: string) => {
  const i = args.indexOf(`--${name}`);
  return i >= 0 ? args[i + 1] : undefined;
};

async function main(): Promise<void> {
  const nodes = opt("nodes", 1000);
  const pods = opt("pods", 10_000);
  const runs = opt("runs", 3);
  const existing = strOpt("kubeconfig");
  if (existing) {
    console.log(`\n== doctor: full run on the running cluster of ${existing} ==`);
    return measure(existing, opt("pid", 0), runs);
  }
  const ports = ["--controller-manager-secure-port", "0", "--scheduler-secure-port", "0", "--kubelet-port", "0", "--kube-proxy-port", "0"];
  const p = await startSkiff(["--nodes", String(nodes), "--cluster-cidr", "10.128.0.0/10", ...ports]);
  const client = connect(p.kubeconfig);
  try {
    console.log(`\n== doctor: full run on ${nodes} simulated nodes, ${pods} pods ==`);
    await waitFor(`${nodes} Ready nodes`, async () => (await readyNodes(client)) >= nodes, 10 * 60_000);
    for (let d = 0; d * 1000 < pods; d++) {
      const replicas = Math.min(1000, pods - d * 1000);
      const r = await client.request("POST", "/apis/apps/v1/namespaces/default/deployments", fillDeployment(d, replicas));
      if (r.status !== 201) throw new Error(`deployment create failed: ${r.status} ${r.body}`);
    }
    await waitFor(`${pods} available pods`, async () => (await availablePods(client)) >= pods, 30 * 60_000);
    await measure(p.kubeconfig, p.pid, runs);
  } finally {
    client.close();
    await p.stop();
  }
}

async function measure(kubeconfig: string, pid: number, runs: number): Promise<void> {
  const runsOut: Array<{ seconds: number; cpu: number; server: number }> = [];
  for (let i = 0; i < runs; i++) {
    const serverBefore = pid ? cpuSeconds(pid) : 0;
    const r = await runDoctor(kubeconfig);
    const server = pid ? cpuSeconds(pid) - serverBefore : NaN;
    if (r.code !== 0 && r.code !== 1) throw new Error(`skiff doctor failed (${r.code}): ${r.stdout}`);
    runsOut.push({ seconds: r.seconds, cpu: r.cpu, server });
    console.log(`run ${i + 1}: ${r.seconds.toFixed(2)} s (doctor CPU ${r.cpu.toFixed(2)} s, server CPU ${server.toFixed(2)} s), exit ${r.code}: ${r.stdout.trim().split("\n").at(-1)}`);
  }
  const median = (f: (r: (typeof runsOut)[number]) => number) => runsOut.map(f).sort((a, b) => a - b)[Math.floor(runsOut.length / 2)];
  result("doctor.full_run", median((r) => r.seconds), "s", { value: 5, label: "under the 5 s goal", higherIsBetter: false });
  result("doctor.cpu", median((r) => r.cpu), "s");
  result("doctor.server_cpu", median((r) => r.server), "s");
}

main().then(
  () => process.stdout.write("", () => process.exit(0)),
  (err) => {
    console.error(err);
    process.exit(1);
  },
);
