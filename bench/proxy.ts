/**
 * kube-proxy benchmark: a full sync and an incremental sync (one Service's
 * endpoints changed) at 10,000 Services and 100,000 endpoints, on one node.
 *  - render: change tracking, rules and the iptables-restore input, with
 *    iptables replaced by a recorder (so only Skiff's work is timed);
 *  - apply: the same syncs through iptables-restore in a network namespace,
 *    when running as root with iptables and iproute2 (skipped otherwise).
 * The goal is an incremental sync under 1 s (upstream's iptables mode takes
 * several seconds at this size).
 *
 * iptables-nft's restore slows down steeply with the number of chains (a
 * full restore of 1,000 Services takes about a minute here), so apply uses
 * iptables-legacy-restore when present; --apply nft|legacy|none chooses.
 *
 *   npm run bench -- proxy [--services 10000] [--endpoints-per-service 10] [--rounds 5] [--apply legacy]
 */
import { spawnSync } from "node:child_process";
import { readFileSync } from "node:fs";
import type { Service } from "kubernetes-types/core/v1.js";
import type { EndpointSlice } from "kubernetes-types/discovery/v1.js";
import { IptablesProxier, ProxyRules, createIptablesExec, type IptablesExec } from "../dist/proxy/index.js";
import { median, result } from "./lib/stats.js";

const args = process.argv.slice(2);
const opt = (name: string, def: number) => {
  const i = args.indexOf(`--${name}`);
  return i >= 0 ? Number(args[i + 1]) : def;
};
const SERVICES = opt("services", 10_000);
const PER_SERVICE = opt("endpoints-per-service", 10);
const ROUNDS = opt("rounds", 5);
const GOAL_MS = 1000;
const APPLY = (() => {
  const i = args.indexOf("--apply");
  return i >= 0 ? args[i + 1] : "legacy";
})();

/** CPU of this process's finished children (iptables-restore), from /proc/self/stat's cutime and cstime, in ms. */
function childrenCpuMs(): number {
  try {
    const stat = readFileSync("/proc/self/stat", "utf8");
    const fields = stat.slice(stat.lastIndexOf(")") + 2).split(" ");
    return ((Number(fields[13]) + Number(fields[14])) * 1000) / 100;
  } catch {
    return NaN;
  }
}

const ip = (n: number, base: number) => `10.${base + (n >> 16)}.${(n >> 8) & 255}.${n & 255}`;

function service(i: number): Service {
  return { metadata: { namespace: `ns-${i % 100}`, name: `svc-${i}` }, spec: { type: "ClusterIP", clusterIP: ip(i + 1, 96), ports: [{ name: "http", port: 80, protocol: "TCP" }] } };
}

function slice(i: number, generation: number): EndpointSlice {
  return {
    metadata: { namespace: `ns-${i % 100}`, name: `svc-${i}-abcde`, labels: { "kubernetes.io/service-name": `svc-${i}` } },
    addressType: "IPv4",
    endpoints: Array.from({ length: PER_SERVICE }, (_, j) => ({ addresses: [ip(i * PER_SERVICE + j + generation * 7919, 128)], conditions: { ready: true }, nodeName: `node-${j % 50}` })),
    ports: [{ name: "http", port: 8080, protocol: "TCP" }],
  };
}

/** iptables replaced by a recorder: the bench times Skiff's side only. */
const recorder: IptablesExec & { bytes: number } = {
  bytes: 0,
  async restore(input) {
    recorder.bytes = input.length;
  },
  async save() {
    return "";
  },
};

async function run(label: string, exec: IptablesExec): Promise<void> {
  const rules = new ProxyRules({ clusterCIDR: "10.128.0.0/9" });
  const proxier = new IptablesProxier(rules, { nodeName: "node-0", nodeIPs: ["192.168.0.10"] }, exec);
  for (let i = 0; i < SERVICES; i++) {
    rules.services.update(undefined, service(i));
    rules.endpoints.update(slice(i, 0), false);
  }
  const cpuMs = (since: NodeJS.CpuUsage) => {
    const d = process.cpuUsage(since);
    return (d.user + d.system) / 1000;
  };
  let t = performance.now();
  let c = process.cpuUsage();
  let k = childrenCpuMs();
  const full = await proxier.sync(rules.checkout());
  const fullMs = performance.now() - t;
  const fullCpu = cpuMs(c);
  const fullChild = childrenCpuMs() - k;
  const incremental: number[] = [];
  const incrementalCpu: number[] = [];
  const incrementalChild: number[] = [];
  for (let r = 1; r <= ROUNDS; r++) {
    const i = (r * 977) % SERVICES;
    rules.endpoints.update(slice(i, r), false);
    t = performance.now();
    c = process.cpuUsage();
    k = childrenCpuMs();
    const out = await proxier.sync(rules.checkout());
    incremental.push(performance.now() - t);
    incrementalCpu.push(cpuMs(c));
    incrementalChild.push(childrenCpuMs() - k);
    if (out.full) throw new Error("expected a partial sync");
  }
  // Wall time, this process's CPU time (steadier on a shared machine) and iptables-restore's CPU time.
  result(`proxy.${label}.full_sync`, fullMs, "ms");
  result(`proxy.${label}.full_sync.cpu`, fullCpu, "ms");
  result(`proxy.${label}.incremental_sync`, median(incremental), "ms", { value: GOAL_MS, label: "under the 1 s goal", higherIsBetter: false });
  result(`proxy.${label}.incremental_sync.cpu`, median(incrementalCpu), "ms");
  if (label !== "render") {
    result(`proxy.${label}.full_sync.iptables_cpu`, fullChild, "ms");
    result(`proxy.${label}.incremental_sync.iptables_cpu`, median(incrementalChild), "ms");
  }
  if (label === "render") {
    console.log(`# ${SERVICES} Services, ${rules.endpointCount} endpoints; full restore input ${(full.payload.text.length / 1e6).toFixed(1)} MB, ${full.natRulesTotal} nat rules; incremental input ${(recorder.bytes / 1e6).toFixed(2)} MB`);
  }
}

const RESTORE = APPLY === "legacy" ? "iptables-legacy-restore" : APPLY === "nft" ? "iptables-nft-restore" : "";

function canApply(): string | undefined {
  if (!RESTORE) return "--apply none";
  if (process.getuid?.() !== 0) return "not root";
  for (const tool of [RESTORE, "ip"]) if (spawnSync("sh", ["-c", `command -v ${tool}`]).status !== 0) return `${tool} not installed`;
  return undefined;
}

await run("render", recorder);
const why = canApply();
if (why) console.log(`# apply skipped: ${why}`);
else {
  const ns = `skiff-bench-proxy-${process.pid}`;
  spawnSync("ip", ["netns", "add", ns]);
  try {
    const save = RESTORE.replace("-restore", "-save");
    await run(`apply.${APPLY}`, createIptablesExec({ netns: ns, commands: { restore: RESTORE, save } }));
  } finally {
    spawnSync("ip", ["netns", "delete", ns]);
  }
}
