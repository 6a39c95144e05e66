/**
 * The all-in-one footprint: a `skiff up` process with N simulated nodes
 * running M pods (Deployments of 1,000 replicas), measured from outside:
 * the time until every node is Ready and every pod available, the process's
 * CPU per node and per pod, the API writes per pod (from the server's
 * apiserver_request_total) and its RSS once every pod is Running.
 */
import { readFileSync } from "node:fs";
import { connect, type H2Client } from "./h2-client.js";
import { startSkiff } from "./skiff-process.js";
import { result } from "./stats.js";

export async function allInOne(nodes: number, pods: number): Promise<void> {
  // Ports 0: the run needs none of the fixed ports, and another cluster may hold them.
  const ports = ["--controller-manager-secure-port", "0", "--scheduler-secure-port", "0", "--kubelet-port", "0"];
  const p = await startSkiff(["--nodes", String(nodes), "--cluster-cidr", "10.128.0.0/10", ...ports]);
  const client = connect(p.kubeconfig);
  const cpu = () => cpuMs(p.pid);
  try {
    console.log(`\n== all-in-one: ${nodes} simulated nodes, ${pods} pods ==`);
    result("allinone.ready", p.readyMs / 1000, "s");
    const cpuAtReady = cpu();
    const nodesSeconds = await waitFor(async () => (await readyNodes(client)) >= nodes, 10 * 60_000);
    const cpuNodes = cpu();
    result("allinone.nodes.ready.time", (p.readyMs + nodesSeconds * 1000) / 1000, "s");
    result("allinone.nodes.cpu", cpuNodes / nodes, "ms/node");
    result("allinone.cpu.start", cpuAtReady / 1000, "s");
    if (pods > 0) await podPhase(client, cpu, pods);
    await new Promise((r) => setTimeout(r, 3000));
    result("allinone.rss", p.rssBytes() / 1024 / 1024, "MiB", { value: 1024, label: "under the 1 GiB target", higherIsBetter: false });
  } finally {
    client.close();
    await p.stop();
  }
}

/** Deployments of up to 1,000 replicas until every pod is available: time, CPU and API writes per pod. */
async function podPhase(client: H2Client, cpu: () => number, pods: number): Promise<void> {
  const perDeployment = 1000;
  const writesBefore = await podWrites(client);
  const cpuBefore = cpu();
  const t0 = performance.now();
  const deployments = Math.ceil(pods / perDeployment);
  for (let d = 0; d < deployments; d++) {
    const replicas = Math.min(perDeployment, pods - d * perDeployment);
    const r = await client.request("POST", "/apis/apps/v1/namespaces/default/deployments", fillDeployment(d, replicas));
    if (r.status !== 201) throw new Error(`deployment create failed: ${r.status} ${r.body}`);
  }
  let available = 0;
  await waitFor(async () => {
    const r = await client.request("GET", "/apis/apps/v1/namespaces/default/deployments");
    available = (JSON.parse(r.body).items as { status?: { availableReplicas?: number } }[]).reduce((n, d) => n + (d.status?.availableReplicas ?? 0), 0);
    return available >= pods;
  }, 20 * 60_000);
  const seconds = (performance.now() - t0) / 1000;
  const podCpu = cpu() - cpuBefore;
  const writes = diff(await podWrites(client), writesBefore);
  result("allinone.pods.available", available, "pods");
  result("allinone.pods.time", seconds, "s");
  result("allinone.pods.rate", available / seconds, "pods/s");
  result("allinone.pods.cpu", podCpu / Math.max(1, available), "ms/pod");
  for (const [k, v] of [...writes].sort()) result(`allinone.writes.${k}`, v / Math.max(1, available), "per pod");
}

/** User plus system CPU of a process so far, in ms. */
function cpuMs(pid: number): number {
  const fields = readFileSync(`/proc/${pid}/stat`, "utf8").split(") ")[1].split(" ");
  return ((Number(fields[11]) + Number(fields[12])) * 1000) / 100;
}

/** Polls until check() holds; the seconds it took. */
async function waitFor(check: () => Promise<boolean>, timeoutMs: number): Promise<number> {
  const t0 = performance.now();
  while (!(await check())) {
    if (performance.now() - t0 > timeoutMs) throw new Error("timed out");
    await new Promise((r) => setTimeout(r, 500));
  }
  return (performance.now() - t0) / 1000;
}

async function readyNodes(client: H2Client): Promise<number> {
  const r = await client.request("GET", "/api/v1/nodes");
  const items = JSON.parse(r.body).items as { status?: { conditions?: { type: string; status: string }[] } }[];
  return items.filter((n) => n.status?.conditions?.some((c) => c.type === "Ready" && c.status === "True")).length;
}

/** Successful writes so far, by "verb.resource[.subresource]", from the server's apiserver_request_total. */
async function podWrites(client: H2Client): Promise<Map<string, number>> {
  const r = await client.request("GET", "/metrics");
  const out = new Map<string, number>();
  for (const line of r.body.split("\n")) {
    if (!line.startsWith("apiserver_request_total{")) continue;
    const labels = Object.fromEntries([...line.matchAll(/(\w+)="([^"]*)"/g)].map((m) => [m[1], m[2]]));
    if (!["POST", "PUT", "PATCH", "DELETE", "APPLY"].includes(labels.verb) || !labels.code?.startsWith("2")) continue;
    const key = [labels.verb.toLowerCase(), labels.resource, labels.subresource].filter(Boolean).join(".");
    out.set(key, (out.get(key) ?? 0) + Number(line.slice(line.lastIndexOf(" ") + 1)));
  }
  return out;
}

function diff(after: Map<string, number>, before: Map<string, number>): Map<string, number> {
  const out = new Map<string, number>();
  for (const [k, v] of after) if (v - (before.get(k) ?? 0) > 0) out.set(k, v - (before.get(k) ?? 0));
  return out;
}

/** The fill's d-th Deployment of small pause pods, as JSON. */
export function fillDeployment(d: number, replicas: number): string {
  return JSON.stringify({
    apiVersion: "apps/v1",
    kind: "Deployment",
    metadata: { name: `fill-${d}` },
    spec: { replicas, selector: { matchLabels: { app: `fill-${d}` } }, template: { metadata: { labels: { app: `fill-${d}` } }, spec: { containers: [{ name: "c", image: "pause", resources: { requests: { cpu: "10m", memory: "16Mi" } } }] } } },
  });
}
