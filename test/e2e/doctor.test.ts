/**
 * `skiff doctor` against `skiff up --nodes 3` with a few Deployments,
 * Services and a helm release: clean (exit 0, no finding) when healthy;
 * `-o json`'s shape; then incidents made with kubectl alone, each found with
 * its chain, then healed and clean again: an APIService pointing to a
 * Service that does not exist (and a namespace it holds Terminating,
 * reported once, from the namespace), and a Deployment keeping 15 old
 * ReplicaSets.
 */
import { after, before, describe, test } from "node:test";
import assert from "node:assert/strict";
import { execFile } from "node:child_process";
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { startTestCluster, type TestCluster } from "./cluster.js";
import { repoRoot } from "./tools.js";
import { condition, getJson, nodeReady, readyPods, until } from "./wait.js";

interface Run {
  code: number;
  stdout: string;
  stderr: string;
}

interface Report {
  kind: string;
  healthy: boolean;
  findings: Array<{ check: string; severity: string; about: { kind: string; namespace?: string; name: string }; summary: string; chain: Array<{ text: string }>; fix: string; cause: string }>;
  checks: Array<{ check: string; status: string; reason?: string; findings: number }>;
}

function doctor(c: TestCluster, args: string[] = []): Promise<Run> {
  return new Promise((resolve) =>
    execFile(process.execPath, [join(repoRoot, "bin", "skiff"), "doctor", "--kubeconfig", c.kubeconfig, ...args], { timeout: 60_000, maxBuffer: 16 * 1024 * 1024 }, (err, stdout, stderr) => {
      resolve({ code: err ? (typeof err.code === "number" ? err.code : -1) : 0, stdout, stderr });
    }),
  );
}

const json = async (c: TestCluster) => {
  const r = await doctor(c, ["-o", "json"]);
  assert.ok(r.code === 0 || r.code === 1, `doctor failed (${r.code}): ${r.stderr}`);
  return { code: r.code, report: JSON.parse(r.stdout) as Report };
};

const APISERVICE = (service: string) => `apiVersion: apiregistration.k8s.io/v1
kind: APIService
metadata:
  name: v1beta1.doctor.example.com
spec:
  group: doctor.example.com
  version: v1beta1
  groupPriorityMinimum: 1000
  versionPriority: 15
  insecureSkipTLSVerify: true
  service:
    namespace: default
    name: ${service}
    port: 443
`;

describe("skiff doctor", { timeout: 600_000 }, () => {
  let c: TestCluster;
  let scratch = "";
  before(async () => {
    c = await startTestCluster({ args: ["--nodes", "3"] });
    for (const n of ["node-1", "node-2", "node-3"]) await nodeReady(c, n, "True", 60_000);
    scratch = mkdtempSync(join(tmpdir(), "skiff-doctor-"));
  });
  after(async () => {
    await c?.stop();
    if (scratch) rmSync(scratch, { recursive: true, force: true });
  });

  test("a healthy cluster with Deployments, Services and a helm release: no finding, exit 0", async () => {
    await c.k(["create", "deployment", "web", "--image", "nginx", "--replicas", "3"]);
    await c.k(["expose", "deployment", "web", "--port", "80"]);
    await c.k(["create", "deployment", "api", "--image", "registry.k8s.io/echoserver:1.10", "--replicas", "2"]);
    await c.k(["expose", "deployment", "api", "--port", "8080"]);
    const env = { ...process.env, KUBECONFIG: c.kubeconfig, HELM_CACHE_HOME: join(scratch, "cache"), HELM_CONFIG_HOME: join(scratch, "config"), HELM_DATA_HOME: join(scratch, "data") };
    const helm = (args: string[]) =>
      new Promise<void>((resolve, reject) =>
        execFile(c.tools.helm, args, { env, cwd: scratch, timeout: 150_000 }, (err, stdout, stderr) => (err ? reject(new Error(`helm ${args.join(" ")}: ${stderr}${stdout}`)) : resolve())),
      );
    await helm(["create", "demo"]);
    await helm(["install", "demo", join(scratch, "demo"), "--wait", "--timeout", "120s"]);
    await readyPods(c, "app=web", 3, 60_000);
    await readyPods(c, "app=api", 2, 60_000);
    const r = await until("the doctor finds the cluster healthy", async (seen) => {
      const run = await doctor(c);
      seen(`exit ${run.code}\n${run.stdout}${run.stderr}`);
      return run.code === 0 && run;
    }, { timeoutMs: 60_000, intervalMs: 2000 });
    assert.match(r.stdout, /^No problems found; \d+ checks ran\.$/m);
  });

  test("-o json: kind, healthy, findings and every check's outcome", async () => {
    const { code, report } = await json(c);
    assert.equal(code, 0);
    assert.equal(report.kind, "DoctorReport");
    assert.equal(report.healthy, true);
    assert.deepEqual(report.findings, []);
    const names = report.checks.map((x) => x.check);
    for (const name of ["node-not-ready", "namespace-terminating", "apiservice-unavailable", "node-unreachable", "pods-half-ready", "cluster-dns", "certificates", "old-replicasets", "pods-stuck-terminating", "image-pull", "pod-sandbox", "kube-proxy-sync"]) assert.ok(names.includes(name), `check ${name} in ${names}`);
    for (const x of report.checks) assert.equal(x.status, "ran", `${x.check}: ${x.reason}`);
  });

  test("an APIService pointing to a missing Service, and the namespace it holds Terminating: one incident, with its chain; healed, clean again", async () => {
    await c.k(["apply", "-f", "-"], APISERVICE("missing"));
    await until("the APIService is unavailable", async () => condition(await getJson(c, ["get", "apiservice", "v1beta1.doctor.example.com"]), "Available")?.status === "False", { timeoutMs: 30_000 });
    const first = await doctor(c);
    assert.equal(first.code, 1, first.stdout + first.stderr);
    assert.match(first.stdout, /^CRITICAL {2}APIService\/v1beta1\.doctor\.example\.com: APIService v1beta1\.doctor\.example\.com is unavailable; broken: namespace deletion/m);
    assert.match(first.stdout, /-> Service default\/missing does not exist/);
    assert.match(first.stdout, /fix: create the Service default\/missing/);

    await c.k(["create", "namespace", "doomed"]);
    await c.k(["delete", "namespace", "doomed", "--wait=false"]);
    const { report } = await until("the doctor follows the stuck namespace", async (seen) => {
      const r = await json(c);
      seen(JSON.stringify(r.report.findings, null, 1));
      return r.report.findings.some((f) => f.check === "namespace-terminating") && r;
    }, { timeoutMs: 60_000, intervalMs: 1000 });
    assert.equal(report.findings.length, 1, "the APIService and the namespace are one incident");
    const [f] = report.findings;
    assert.equal(f.summary, "namespace doomed is stuck Terminating");
    assert.equal(f.cause, "Service/default/missing");
    const chain = f.chain.map((s) => s.text);
    assert.match(chain[0], /^Namespace doomed Terminating/);
    assert.match(chain[1], /^NamespaceDeletionDiscoveryFailure=True \(DiscoveryFailed\): Discovery failed for some groups, 1 failing: .*doctor\.example\.com\/v1beta1/);
    assert.match(chain[2], /^APIService v1beta1\.doctor\.example\.com Available=False \(ServiceNotFound\)/);
    assert.equal(chain[3], "Service default/missing does not exist");

    await c.k(["delete", "apiservice", "v1beta1.doctor.example.com"]);
    await until("the namespace is gone", async () => (await c.kubectl(["get", "namespace", "doomed"])).code !== 0, { timeoutMs: 60_000 });
    const healed = await doctor(c);
    assert.equal(healed.code, 0, healed.stdout);
  });

  test("a Deployment keeping 15 old ReplicaSets, with their share of the API server's objects; bounded, clean again", async () => {
    await c.k(["create", "deployment", "history", "--image", "nginx", "--replicas", "0"]);
    await c.k(["patch", "deployment", "history", "-p", '{"spec":{"revisionHistoryLimit":50}}']);
    for (let i = 1; i <= 15; i++) await c.k(["set", "env", "deployment/history", `ROLLOUT=${i}`]);
    await until("16 ReplicaSets", async () => (await getJson<{ items: unknown[] }>(c, ["get", "replicasets", "-l", "app=history"])).items.length === 16, { timeoutMs: 30_000 });
    const { code, report } = await json(c);
    assert.equal(code, 1);
    const f = report.findings.find((x) => x.check === "old-replicasets");
    assert.ok(f, JSON.stringify(report.findings));
    assert.equal(f.summary, "Deployment keeps 15 old ReplicaSets");
    assert.deepEqual(f.about, { kind: "Deployment", namespace: "default", name: "history" });
    assert.equal(f.chain[0].text, "Deployment default/history: revisionHistoryLimit 50, 15 old ReplicaSets (scaled to 0)");
    assert.match(f.chain[2].text, /^API server \/metrics: apiserver_storage_objects\{resource="replicasets\.apps"\} \d+ of \d+ stored objects/);

    await c.k(["patch", "deployment", "history", "-p", '{"spec":{"revisionHistoryLimit":10}}']);
    await until("the doctor is clean again", async (seen) => {
      const r = await doctor(c);
      seen(r.stdout);
      return r.code === 0;
    }, { timeoutMs: 30_000, intervalMs: 1000 });
  });
});
