/**
 * The scheduling phase: N Nodes made through the API (created, then their
 * status patched Ready with capacity), then P pods with no nodeName created as
 * fast as C clients can; a watch on the namespace sees each binding. Figures:
 * nodes per second, pods bound per second from the first create to the last
 * binding, and each pod's time from its create's response to its binding.
 */
import type { HttpsClient } from "./https-client.js";
import { expectStatus } from "./https-client.js";
import { percentile, pool } from "./stats.js";
import { cpuFigure, figure } from "./e2e-figure.js";
import { GOALS, UPSTREAM } from "./upstream-figures.js";
import { perItem, readCounters } from "./server-counters.js";

export interface SchedPhaseOptions {
  nodes: number;
  pods: number;
  concurrency: number;
}

const CAPACITY = { cpu: "4", memory: "16Gi", pods: "110" };

function readyStatus() {
  const now = new Date().toISOString().replace(/\.\d+Z$/, "Z");
  return {
    capacity: CAPACITY,
    allocatable: CAPACITY,
    conditions: [{ type: "Ready", status: "True", reason: "KubeletReady", message: "benchmark node", lastHeartbeatTime: now, lastTransitionTime: now }],
  };
}

export async function schedPhase(client: HttpsClient, meter: () => { cpu: number; wall: number }, o: SchedPhaseOptions): Promise<void> {
  const run = Date.now().toString(36);
  const nodeName = (i: number) => `bench-${run}-n${String(i).padStart(5, "0")}`;
  const ns = `bench-sched-${run}`;
  console.log(`\n== scheduling: ${o.nodes} nodes, ${o.pods} pods, ${o.concurrency} clients ==`);
  const nodeIds = Array.from({ length: o.nodes }, (_, i) => i);

  meter();
  const beforeNodes = await readCounters(client);
  let t = performance.now();
  await pool(nodeIds, o.concurrency, async (i) => {
    const name = nodeName(i);
    const body = { apiVersion: "v1", kind: "Node", metadata: { name, labels: { "kubernetes.io/hostname": name, "kubernetes.io/os": "linux", "kubernetes.io/arch": "amd64", bench: run } }, spec: {}, status: readyStatus() };
    expectStatus(await client.request("POST", "/api/v1/nodes", body), "node create", 201);
  });
  figure("e2e.nodes.create", o.nodes / ((performance.now() - t) / 1000), "nodes/s", UPSTREAM.nodesPerSec, GOALS.nodesPerSec);
  t = performance.now();
  await pool(nodeIds, o.concurrency, async (i) => {
    expectStatus(await client.request("PATCH", `/api/v1/nodes/${nodeName(i)}/status`, { status: readyStatus() }, "application/merge-patch+json"), "node status", 200);
  });
  figure("e2e.nodes.status", o.nodes / ((performance.now() - t) / 1000), "patches/s");
  cpuFigure("e2e.nodes", meter(), { count: o.nodes, what: "node" });
  // Let the controllers finish with the nodes before counting what each cost.
  await new Promise((r) => setTimeout(r, 2000));
  const afterNodes = await readCounters(client);
  console.log(`RESULT e2e.nodes.writes: ${perItem(beforeNodes, afterNodes, o.nodes)} node`);

  expectStatus(await client.request("POST", "/api/v1/namespaces", { apiVersion: "v1", kind: "Namespace", metadata: { name: ns } }), "namespace", 201);
  // The service account controller makes "default"; pods need it (ServiceAccount admission).
  for (let i = 0; (await client.request("GET", `/api/v1/namespaces/${ns}/serviceaccounts/default`)).status !== 200; i++) {
    if (i > 100) throw new Error(`no default ServiceAccount in ${ns}`);
    await new Promise((r) => setTimeout(r, 50));
  }

  const from = /"resourceVersion":"(\d+)"/.exec((await client.request("GET", `/api/v1/namespaces/${ns}/pods?limit=1`)).body.toString("utf8"))![1];
  const boundAt = new Map<string, number>();
  let allBound: () => void = () => undefined;
  const done = new Promise<void>((r) => (allBound = r));
  const watch = client.watch(`/api/v1/namespaces/${ns}/pods?watch=1&resourceVersion=${from}&timeoutSeconds=3600`, (line, at) => {
    const ev = JSON.parse(line.toString("utf8")) as { type: string; object: { metadata: { name: string }; spec?: { nodeName?: string } } };
    if ((ev.type === "ADDED" || ev.type === "MODIFIED") && ev.object.spec?.nodeName && !boundAt.has(ev.object.metadata.name)) {
      boundAt.set(ev.object.metadata.name, at);
      if (boundAt.size === o.pods) allBound();
    }
  });
  await watch.ready;

  const beforePods = await readCounters(client);
  meter();
  const createdAt = new Map<string, number>();
  const t0 = performance.now();
  const podIds = Array.from({ length: o.pods }, (_, i) => i);
  const createLat = await pool(podIds, o.concurrency, async (i) => {
    const name = `p-${String(i).padStart(6, "0")}`;
    const body = { apiVersion: "v1", kind: "Pod", metadata: { name, labels: { app: "bench" } }, spec: { automountServiceAccountToken: false, containers: [{ name: "c", image: "registry.k8s.io/pause:3.9", resources: { requests: { cpu: "100m", memory: "100Mi" } } }] } };
    const r = expectStatus(await client.request("POST", `/api/v1/namespaces/${ns}/pods`, body), "pod create", 201);
    createdAt.set(name, r.at);
  });
  const createdSec = (performance.now() - t0) / 1000;
  const timeout = new Promise<void>((_, rej) => setTimeout(() => rej(new Error(`only ${boundAt.size}/${o.pods} pods bound after 600 s`)), 600_000).unref());
  await Promise.race([done, timeout]);
  watch.close();
  const last = Math.max(...boundAt.values());
  const phase = meter();
  const latency = [...boundAt].map(([name, at]) => at - (createdAt.get(name) ?? at)).sort((a, b) => a - b);
  figure("e2e.pods.create", o.pods / createdSec, "pods/s");
  figure("e2e.pods.create.p99", percentile(createLat, 99), "ms");
  figure("e2e.pods.scheduled", o.pods / ((last - t0) / 1000), "pods/s", UPSTREAM.podsPerSec, GOALS.podsPerSec);
  figure("e2e.pods.bound.p50", percentile(latency, 50), "ms", UPSTREAM.podBoundP50Ms, undefined, false);
  figure("e2e.pods.bound.p99", percentile(latency, 99), "ms", undefined, GOALS.podBoundP99Ms, false);
  cpuFigure("e2e.pods", phase, { count: o.pods, what: "pod" });
  console.log(`RESULT e2e.pods.writes: ${perItem(beforePods, await readCounters(client), o.pods)} pod`);

  // Clean up: the namespace takes its pods; nodes go one by one.
  expectStatus(await client.request("DELETE", `/api/v1/namespaces/${ns}`), "namespace delete", 200, 202);
  await pool(nodeIds, o.concurrency, async (i) => void expectStatus(await client.request("DELETE", `/api/v1/nodes/${nodeName(i)}`), "node delete", 200));
}
