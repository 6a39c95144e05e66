/**
 * kube-proxy's rules on a real kernel: a network namespace with an
 * "endpoint" address and an HTTP server on it, the rules of a Service
 * applied with iptables-restore --noflush inside it, and curl to the
 * ClusterIP answered through the OUTPUT chain's DNAT. Needs root, iptables
 * and iproute2; skipped with the reason otherwise.
 */
import assert from "node:assert/strict";
import { spawn, spawnSync, type ChildProcess } from "node:child_process";
import { after, before, describe, it } from "node:test";
import type { Service } from "kubernetes-types/core/v1.js";
import type { EndpointSlice } from "kubernetes-types/discovery/v1.js";
import { IptablesProxier } from "./iptables-proxier.js";
import { createIptablesExec } from "./iptables/restore.js";
import { ProxyRules } from "./proxy-rules.js";

const NS = `skiff-proxy-${process.pid}`;
const CLUSTER_IP = "10.96.0.20";

function why(): string | undefined {
  if (process.platform !== "linux") return "not Linux";
  if (process.getuid?.() !== 0) return "needs root (network namespaces and iptables)";
  for (const tool of ["iptables-restore", "iptables-save", "ip", "curl"]) {
    if (spawnSync("sh", ["-c", `command -v ${tool}`]).status !== 0) return `${tool} is not installed`;
  }
  return undefined;
}
const skip = why();

const sh = (...argv: string[]) => {
  const r = spawnSync(argv[0], argv.slice(1), { encoding: "utf8" });
  if (r.status !== 0) throw new Error(`${argv.join(" ")}: ${r.stderr}`);
  return r.stdout;
};
const inNs = (...argv: string[]) => sh("ip", "netns", "exec", NS, ...argv);

function service(): Service {
  return { metadata: { namespace: "default", name: "web" }, spec: { type: "ClusterIP", clusterIP: CLUSTER_IP, ports: [{ name: "http", port: 80, protocol: "TCP" }] } };
}

function slice(ip: string, port: number): EndpointSlice {
  return {
    metadata: { namespace: "default", name: "web-abcde", labels: { "kubernetes.io/service-name": "web" } },
    addressType: "IPv4",
    endpoints: [{ addresses: [ip], conditions: { ready: true }, nodeName: "node-1" }],
    ports: [{ name: "http", port, protocol: "TCP" }],
  };
}

async function curl(url: string): Promise<string> {
  return new Promise((resolve) => {
    const child = spawn("ip", ["netns", "exec", NS, "curl", "-s", "--max-time", "3", url]);
    let out = "";
    child.stdout.on("data", (d: Buffer) => (out += d));
    child.on("close", () => resolve(out));
  });
}

async function waitForAnswer(url: string): Promise<string> {
  for (let i = 0; i < 100; i++) {
    const body = await curl(url);
    if (body) return body;
    await new Promise((r) => setTimeout(r, 50));
  }
  throw new Error(`no answer from ${url}`);
}

describe("kube-proxy rules in a network namespace", { skip }, () => {
  const servers: ChildProcess[] = [];

  before(() => {
    sh("ip", "netns", "add", NS);
    inNs("ip", "link", "set", "lo", "up");
    inNs("ip", "link", "add", "eth0", "type", "veth", "peer", "name", "eth1");
    inNs("ip", "addr", "add", "10.244.1.5/24", "dev", "eth0");
    inNs("ip", "addr", "add", "10.244.1.6/24", "dev", "eth0");
    inNs("ip", "link", "set", "eth0", "up");
    inNs("ip", "link", "set", "eth1", "up");
    // A route for the service range, so the packet reaches OUTPUT's DNAT.
    inNs("ip", "route", "add", "10.96.0.0/12", "dev", "eth0");
    for (const [ip, port] of [["10.244.1.5", 8080], ["10.244.1.6", 8081]] as const) {
      const code = `require("http").createServer((q, s) => s.end("pod ${ip}:${port}")).listen(${port}, "${ip}")`;
      servers.push(spawn("ip", ["netns", "exec", NS, process.execPath, "-e", code], { stdio: "ignore" }));
    }
  });

  after(() => {
    for (const s of servers) if (s.pid) process.kill(s.pid);
    spawnSync("ip", ["netns", "delete", NS]);
  });

  it("curl to the ClusterIP reaches the endpoint, and a partial sync moves it to the new one", async () => {
    await waitForAnswer("http://10.244.1.5:8080/");
    await waitForAnswer("http://10.244.1.6:8081/");
    const rules = new ProxyRules({ clusterCIDR: "10.244.0.0/16" });
    const proxier = new IptablesProxier(rules, { nodeName: "node-1", nodeIPs: ["10.244.1.5"] }, createIptablesExec({ netns: NS }));
    rules.services.update(undefined, service());
    rules.endpoints.update(slice("10.244.1.5", 8080), false);
    const first = await proxier.sync(rules.checkout());
    assert.equal(first.full, true);
    assert.equal(await curl(`http://${CLUSTER_IP}/`), "pod 10.244.1.5:8080");

    const before = inNs("iptables-save", "-t", "nat");
    const oldSep = /:(KUBE-SEP-[A-Z2-7]{16})/.exec(before)![1];
    assert.equal(before.split("\n").filter((l) => /^-A OUTPUT .*-j KUBE-SERVICES$/.test(l)).length, 1);

    rules.endpoints.update(slice("10.244.1.6", 8081), false);
    const second = await proxier.sync(rules.checkout());
    assert.equal(second.full, false);
    assert.equal(second.payload.deletedChains, 1);
    assert.equal(await curl(`http://${CLUSTER_IP}/`), "pod 10.244.1.6:8081");
    const afterSave = inNs("iptables-save", "-t", "nat");
    assert.ok(!afterSave.includes(oldSep), "the old endpoint chain is deleted");

    // A full sync again (as after a restart) leaves the jumps from the built-in chains single.
    proxier.forceFullSync();
    await proxier.sync(rules.checkout());
    const again = inNs("iptables-save", "-t", "nat");
    assert.equal(again.split("\n").filter((l) => /^-A PREROUTING .*-j KUBE-SERVICES$/.test(l)).length, 1);
    assert.equal(await curl(`http://${CLUSTER_IP}/`), "pod 10.244.1.6:8081");

    // No endpoints: the filter table rejects the ClusterIP.
    rules.endpoints.update(slice("10.244.1.6", 8081), true);
    await proxier.sync(rules.checkout());
    assert.equal(await curl(`http://${CLUSTER_IP}/`), "");
    assert.match(inNs("iptables-save", "-t", "filter"), /has no endpoints.*-j REJECT/);
  });
});
