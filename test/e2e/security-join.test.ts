/**
 * Joining a node as kubeadm does, against `skiff up`: `skiff token create`
 * prints the join command, that command (run as printed, a separate
 * process) discovers the cluster, bootstraps the node's client certificate
 * through a CSR that csrapproving and csrsigning handle, and the node
 * becomes Ready; a wrong --ca-cert-hash is refused before anything is
 * created. Then `kubectl certificate approve/deny`, and the certificate
 * lifecycle commands. Written to hold under Node,RBAC authorization too:
 * the token's rights come from kubeadm's bindings only.
 */
import { after, before, describe, test } from "node:test";
import assert from "node:assert/strict";
import { execFile, spawn, type ChildProcess } from "node:child_process";
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { startTestCluster, type TestCluster } from "./cluster.js";
import { repoRoot } from "./tools.js";
import { getJson, nodeReady, until, type Obj } from "./wait.js";

const SKIFF = join(repoRoot, "bin", "skiff");

function skiff(args: string[], timeoutMs = 30_000): Promise<{ code: number; stdout: string; stderr: string }> {
  return new Promise((resolve) => {
    execFile(process.execPath, [SKIFF, ...args], { timeout: timeoutMs }, (err, stdout, stderr) => {
      const code = err ? (typeof (err as { code?: unknown }).code === "number" ? (err as { code: number }).code : 1) : 0;
      resolve({ code, stdout, stderr });
    });
  });
}

/** A CSR for CN=name, made with openssl (what a user of `kubectl certificate` would do). */
function opensslCsr(cn: string): Promise<string> {
  return new Promise((resolve, reject) => {
    const dir = mkdtempSync(join(tmpdir(), "skiff-csr-"));
    execFile("openssl", ["req", "-new", "-newkey", "ec", "-pkeyopt", "ec_paramgen_curve:prime256v1", "-nodes", "-keyout", join(dir, "k.pem"), "-subj", `/CN=${cn}`], (err, stdout) => {
      rmSync(dir, { recursive: true, force: true });
      if (err) reject(err);
      else resolve(stdout);
    });
  });
}

describe("joining nodes with bootstrap tokens", () => {
  let c: TestCluster;
  let agentDir: string;
  const agents: ChildProcess[] = [];

  before(async () => {
    c = await startTestCluster();
    agentDir = mkdtempSync(join(tmpdir(), "skiff-agent-"));
  });
  after(async () => {
    for (const a of agents) {
      if (a.exitCode !== null) continue;
      const exited = new Promise((r) => a.once("exit", r));
      process.kill(a.pid!, "SIGTERM");
      await exited;
    }
    await c.stop();
    rmSync(agentDir, { recursive: true, force: true });
  });

  test("token create prints the join command; token list shows the token with kubeadm's columns", async () => {
    const created = await skiff(["token", "create", "--kubeconfig", c.kubeconfig, "--description", "e2e join"]);
    assert.equal(created.code, 0, created.stderr);
    assert.match(created.stdout, /^skiff agent --server https:\/\/127\.0\.0\.1:\d+ --token [a-z0-9]{6}\.[a-z0-9]{16} --ca-cert-hash sha256:[0-9a-f]{64}\n$/);
    const token = /--token (\S+)/.exec(created.stdout)![1];
    const list = await skiff(["token", "list", "--kubeconfig", c.kubeconfig]);
    assert.match(list.stdout, /^TOKEN\s+TTL\s+EXPIRES\s+USAGES\s+DESCRIPTION\s+EXTRA GROUPS\n/);
    assert.match(list.stdout, new RegExp(`${token.replace(".", "\\.")}\\s+23h\\s+\\S+Z\\s+authentication,signing\\s+e2e join\\s+system:bootstrappers:kubeadm:default-node-token`));
    // The bootstrap signer signs cluster-info with it, readable without credentials.
    const id = token.split(".")[0];
    const cm = await until("cluster-info signed", async () => {
      const got = await getJson<Obj & { data?: Record<string, string> }>(c, ["get", "configmap", "cluster-info", "-n", "kube-public", "-o", "json"]);
      return got.data?.[`jws-kubeconfig-${id}`] ? got : undefined;
    });
    assert.match(cm.data![`jws-kubeconfig-${id}`], /^[A-Za-z0-9_-]+\.\.[A-Za-z0-9_-]+$/);
  });

  test("a wrong --ca-cert-hash is refused with both hashes named, and nothing is created", async () => {
    const created = await skiff(["token", "create", "--kubeconfig", c.kubeconfig]);
    const [, server, token] = /--server (\S+) --token (\S+)/.exec(created.stdout)!;
    const wrong = `sha256:${"0".repeat(64)}`;
    const csrsBefore = (await getJson<{ items: Obj[] }>(c, ["get", "csr", "-o", "json"])).items.length;
    const r = await skiff(["agent", "--server", server, "--token", token, "--ca-cert-hash", wrong, "--data-dir", join(agentDir, "refused"), "--node-name", "intruder"]);
    assert.equal(r.code, 1);
    assert.match(r.stderr, /cluster CA found in cluster-info ConfigMap is invalid: none of the public keys "sha256:[0-9a-f]{64}" are pinned/);
    assert.ok(r.stderr.includes(wrong), r.stderr);
    assert.equal((await getJson<{ items: Obj[] }>(c, ["get", "csr", "-o", "json"])).items.length, csrsBefore);
    const nodes = await c.kubectl(["get", "node", "intruder"]);
    assert.match(nodes.stderr, /nodes "intruder" not found/);
  });

  test("the printed join command, run as printed, joins a node that becomes Ready", async () => {
    const created = await skiff(["token", "create", "--kubeconfig", c.kubeconfig]);
    const argv = created.stdout.trim().split(/\s+/);
    assert.equal(argv[0], "skiff");
    const agent = spawn(process.execPath, [SKIFF, ...argv.slice(1), "--data-dir", join(agentDir, "joined"), "--node-name", "joined-1"], { stdio: ["ignore", "pipe", "pipe"] });
    agents.push(agent);
    let out = "";
    agent.stdout!.on("data", (d: Buffer) => (out += d.toString()));
    agent.stderr!.on("data", (d: Buffer) => (out += d.toString()));
    await until("agent joined", async () => {
      if (agent.exitCode !== null) throw new Error(`skiff agent exited with ${agent.exitCode}:\n${out}`);
      return /joined the cluster/.test(out);
    }, { timeoutMs: 30_000 });
    await nodeReady(c, "joined-1", "True", 30_000);
    const csrs = (await getJson<{ items: Obj[] }>(c, ["get", "csr", "-o", "json"])).items as (Obj & { spec: { username: string; signerName: string }; status: { conditions?: { type: string; reason?: string; message?: string }[] } })[];
    const first = csrs.find((x) => x.spec.username.startsWith("system:bootstrap:"))!;
    assert.equal(first.spec.signerName, "kubernetes.io/kube-apiserver-client-kubelet");
    const approved = first.status.conditions!.find((x) => x.type === "Approved")!;
    assert.equal(approved.reason, "AutoApproved");
    assert.equal(approved.message, "Auto approving kubelet client certificate after SubjectAccessReview.");
    // The kubelet writes as the node itself: its Lease is held by system:node:joined-1's kubelet.
    const lease = await getJson<Obj & { spec: { holderIdentity?: string } }>(c, ["get", "lease", "joined-1", "-n", "kube-node-lease", "-o", "json"]);
    assert.equal(lease.spec.holderIdentity, "joined-1");
    // Pods run on the joined node, and the API server reaches its kubelet for their logs.
    await c.k(["run", "hello", "--image=busybox", "--restart=Never", "--", "sh", "-c", "echo hello from joined-1"]);
    await until("hello succeeded", async () => (await getJson<Obj>(c, ["get", "pod", "hello", "-o", "json"])).status?.phase === "Succeeded", { timeoutMs: 30_000 });
    assert.equal((await getJson<Obj>(c, ["get", "pod", "hello", "-o", "json"])).spec?.nodeName, "joined-1");
    assert.equal(await c.k(["logs", "hello"]), "hello from joined-1\n");
  });

  test("kubectl certificate approve and deny decide other CSRs", async () => {
    for (const name of ["jane", "mallory"]) {
      const csr = await opensslCsr(name);
      await c.k(["apply", "-f", "-"], JSON.stringify({ apiVersion: "certificates.k8s.io/v1", kind: "CertificateSigningRequest", metadata: { name }, spec: { request: Buffer.from(csr).toString("base64"), signerName: "kubernetes.io/kube-apiserver-client", usages: ["client auth"], expirationSeconds: 3600 } }));
    }
    assert.match(await c.k(["certificate", "approve", "jane"]), /certificatesigningrequest.certificates.k8s.io\/jane approved/);
    assert.match(await c.k(["certificate", "deny", "mallory"]), /certificatesigningrequest.certificates.k8s.io\/mallory denied/);
    const issued = await until("jane issued", async () => {
      const got = await getJson<Obj & { status: { certificate?: string } }>(c, ["get", "csr", "jane", "-o", "json"]);
      return got.status.certificate;
    });
    assert.match(Buffer.from(issued, "base64").toString(), /BEGIN CERTIFICATE/);
    const table = await c.k(["get", "csr", "jane", "mallory"]);
    assert.match(table, /jane\s+\S+\s+kubernetes.io\/kube-apiserver-client\s+admin\s+60m\s+Approved,Issued/);
    assert.match(table, /mallory\s+\S+\s+kubernetes.io\/kube-apiserver-client\s+admin\s+60m\s+Denied/);
  });

  test("certs check-expiration lists every certificate the cluster issues or trusts; renew reissues them", async () => {
    await c.k(["create", "secret", "tls", "web-tls", `--cert=${join(c.dataDir, "pki", "apiserver.crt")}`, `--key=${join(c.dataDir, "pki", "apiserver.key")}`]);
    const r = await skiff(["certs", "check-expiration", "--data-dir", c.dataDir]);
    assert.equal(r.code, 0, r.stderr);
    for (const name of ["admin", "apiserver", "apiserver-kubelet-client", "front-proxy-client", "kubelet-client/joined-1", "secret/default/web-tls"]) {
      assert.match(r.stdout, new RegExp(`^${name.replace(/[/.]/g, "\\$&")}\\s+\\w{3} \\d{2}, \\d{4} \\d{2}:\\d{2} UTC\\s+3\\d\\dd\\s+`, "m"), name);
    }
    assert.match(r.stdout, /^CERTIFICATE AUTHORITY\s+EXPIRES\s+RESIDUAL TIME\s+EXTERNALLY MANAGED$/m);
    assert.match(r.stdout, /^ca\s+.*\s+9y\s+no$/m);
    assert.match(r.stdout, /^front-proxy-ca\s+.*\s+9y\s+no$/m);
    const before = await c.k(["config", "view", "--raw", "-o", "jsonpath={.users[0].user.client-certificate-data}"]);
    const renewed = await skiff(["certs", "renew", "all", "--data-dir", c.dataDir]);
    assert.equal(renewed.code, 0, renewed.stderr);
    assert.match(renewed.stdout, /^certificate for serving the Kubernetes API renewed$/m);
    assert.match(renewed.stdout, /^certificate embedded in the kubeconfig file for the admin to use and for skiff itself renewed$/m);
    assert.match(renewed.stdout, /You must restart/);
    const afterRenew = await c.k(["config", "view", "--raw", "-o", "jsonpath={.users[0].user.client-certificate-data}"]);
    assert.notEqual(afterRenew, before);
    // The renewed admin certificate is accepted by the running server (same CA).
    assert.match(await c.k(["get", "nodes"]), /joined-1/);
  });
});
