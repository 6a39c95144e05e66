/**
 * kube-proxy end to end: a Service exposed with the real kubectl gets its
 * rules in upstream's iptables layout (`skiff node iptables`), and the same
 * rules, applied with iptables-restore in a network namespace holding the
 * pods' addresses, answer a real curl to the ClusterIP. The namespace part
 * needs root, iptables and iproute2 and is skipped with the reason otherwise.
 */
import assert from "node:assert/strict";
import { execFile, spawn, spawnSync, type ChildProcess } from "node:child_process";
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { after, before, describe, test } from "node:test";
import { endpointChainName, servicePortChainName } from "../../dist/proxy/index.js";
import { startTestCluster, type TestCluster } from "./cluster.js";
import { repoRoot } from "./tools.js";
import { until } from "./wait.js";

function netnsUnavailable(): string | undefined {
  if (process.getuid?.() !== 0) return "needs root (network namespaces and iptables)";
  for (const tool of ["iptables-restore", "ip", "curl"]) if (spawnSync("sh", ["-c", `command -v ${tool}`]).status !== 0) return `${tool} is not installed`;
  return undefined;
}

describe("kube-proxy", () => {
  let c: TestCluster;
  let clusterIP: string;
  let podIPs: string[];

  const skiff = (args: string[]) =>
    new Promise<string>((resolve, reject) =>
      execFile(process.execPath, [join(repoRoot, "bin", "skiff"), ...args, "--kubeconfig", c.kubeconfig], { timeout: 30_000 }, (err, stdout, stderr) => (err ? reject(new Error(`${err.message}\n${stderr}`)) : resolve(stdout))),
    );

  before(async () => {
    c = await startTestCluster({ args: ["--nodes", "2"] });
    await c.k(["create", "deployment", "web", "--image=nginx", "--replicas=2"]);
    await c.k(["expose", "deployment", "web", "--port", "80", "--target-port", "8080"]);
    await c.k(["rollout", "status", "deployment/web", "--timeout=60s"]);
    clusterIP = (await c.k(["get", "service", "web", "-o", "jsonpath={.spec.clusterIP}"])).trim();
    podIPs = (await c.k(["get", "pods", "-l", "app=web", "-o", "jsonpath={.items[*].status.podIP}"])).trim().split(/\s+/).sort();
    assert.equal(podIPs.length, 2);
  });
  after(async () => {
    await c?.stop();
  });

  test("skiff node iptables prints the Service's chains in upstream's layout", async () => {
    const svcChain = servicePortChainName("KUBE-SVC-", "default/web", "tcp");
    const seps = podIPs.map((ip) => endpointChainName("default/web", "tcp", `${ip}:8080`));
    const nat = await until("both endpoints are in node-1's nat table", async (seen) => {
      const out = await skiff(["node", "iptables", "node-1", "--table", "nat"]);
      seen(out);
      return seps.every((s) => out.includes(`:${s} - [0:0]`)) && out;
    });
    const lines = nat.split("\n");
    assert.ok(lines.includes('-A PREROUTING -m comment --comment "kubernetes service portals" -j KUBE-SERVICES'));
    assert.ok(lines.includes('-A OUTPUT -m comment --comment "kubernetes service portals" -j KUBE-SERVICES'));
    assert.ok(lines.includes(`-A KUBE-SERVICES -m comment --comment "default/web cluster IP" -m tcp -p tcp -d ${clusterIP} --dport 80 -j ${svcChain}`));
    assert.ok(lines.includes(`-A ${svcChain} -m comment --comment "default/web -> ${podIPs[0]}:8080" -m statistic --mode random --probability 0.5000000000 -j ${seps[0]}`));
    assert.ok(lines.includes(`-A ${svcChain} -m comment --comment "default/web -> ${podIPs[1]}:8080" -j ${seps[1]}`));
    for (const [i, ip] of podIPs.entries()) assert.ok(lines.includes(`-A ${seps[i]} -m comment --comment default/web -m tcp -p tcp -j DNAT --to-destination ${ip}:8080`));
    assert.equal(lines[lines.length - 2], "COMMIT");
  });

  test("kube-proxy serves /healthz and its sync metrics on its port (ports.json)", async () => {
    const port = (JSON.parse(readFileSync(join(c.dataDir, "ports.json"), "utf8")) as Record<string, number>)["kube-proxy"];
    assert.ok(port > 0);
    const health = await fetch(`http://127.0.0.1:${port}/healthz`);
    assert.equal(health.status, 200);
    assert.match(await health.text(), /^\{"lastUpdated": "\d{4}-\d\d-\d\d [\d:.]+ \+0000 UTC","currentTime": "[^"]+", "nodeEligible": true\}$/);
    const metrics = await (await fetch(`http://127.0.0.1:${port}/metrics`)).text();
    assert.match(metrics, /^kubeproxy_sync_proxy_rules_duration_seconds_count [1-9]/m);
    assert.match(metrics, /^kubeproxy_sync_proxy_rules_iptables_total\{table="nat"\} [1-9]/m);
    assert.match(metrics, /^kubeproxy_sync_proxy_rules_last_timestamp_seconds \d/m);
  });

  const skipNetns = netnsUnavailable();
  test("the same rules in a network namespace answer curl to the ClusterIP", { skip: skipNetns }, async () => {
    const ns = `skiff-e2e-proxy-${process.pid}`;
    const servers: ChildProcess[] = [];
    const sh = (...argv: string[]) => {
      const r = spawnSync(argv[0], argv.slice(1), { encoding: "utf8", input: "" });
      if (r.status !== 0) throw new Error(`${argv.join(" ")}: ${r.stderr}`);
      return r.stdout;
    };
    const tables = await skiff(["node", "iptables", "node-1"]);
    sh("ip", "netns", "add", ns);
    try {
      sh("ip", "netns", "exec", ns, "ip", "link", "set", "lo", "up");
      sh("ip", "netns", "exec", ns, "ip", "link", "add", "eth0", "type", "veth", "peer", "name", "eth1");
      for (const ip of podIPs) sh("ip", "netns", "exec", ns, "ip", "addr", "add", `${ip}/16`, "dev", "eth0");
      sh("ip", "netns", "exec", ns, "ip", "link", "set", "eth0", "up");
      sh("ip", "netns", "exec", ns, "ip", "link", "set", "eth1", "up");
      sh("ip", "netns", "exec", ns, "ip", "route", "add", "10.96.0.0/12", "dev", "eth0");
      for (const ip of podIPs) {
        const code = `require("http").createServer((q, s) => s.end("${ip}")).listen(8080, "${ip}")`;
        servers.push(spawn("ip", ["netns", "exec", ns, process.execPath, "-e", code], { stdio: "ignore" }));
      }
      const r = spawnSync("ip", ["netns", "exec", ns, "iptables-restore", "--noflush"], { input: tables, encoding: "utf8" });
      assert.equal(r.status, 0, r.stderr);
      const curl = () => spawnSync("ip", ["netns", "exec", ns, "curl", "-s", "--max-time", "3", `http://${clusterIP}/`], { encoding: "utf8" }).stdout;
      const answer = await until("curl to the ClusterIP is answered", async (seen) => {
        const out = curl();
        seen(out);
        return out || undefined;
      });
      assert.ok(podIPs.includes(answer), `answered by ${answer}`);
    } finally {
      for (const s of servers) if (s.pid) process.kill(s.pid);
      spawnSync("ip", ["netns", "delete", ns]);
    }
  });
});
