/**
 * Scheduler benchmark, in one process through the loopback transport:
 *  - throughput: 10,000 pods onto 5,000 nodes (Node objects, Ready, as
 *    upstream's scheduler_perf uses: no kubelets, so only scheduling and
 *    binding are measured), pods/s from the first create to the last binding;
 *  - node start-up: time for 1,000 simulated nodes (real sim kubelets, IPAM,
 *    node lifecycle) to become Ready.
 * Ratios are against the targets (1,000 pods/s; nodes Ready under the
 * node-monitor grace period of 40 s).
 *
 *   npm run bench -- scheduler [--pods 10000] [--nodes 5000] [--ready-nodes 1000]
 */
import { createMemoryStore } from "../dist/storage/index.js";
import { createInProcessApiServer, bootstrapApiServer } from "../dist/apiserver/index.js";
import { bootstrapObjects } from "../dist/api/bootstrap-objects.js";
import { createClient, createEventRecorder, createInformerFactory, createLoopbackTransport, NODES, PODS } from "../dist/client/index.js";
import { createScheduler } from "../dist/scheduler/index.js";
import { startCluster } from "../dist/cluster/start-cluster.js";
import { realClock } from "../dist/util/clock.js";
import { result } from "./lib/stats.js";

const args = process.argv.slice(2);
const opt = (name: string, def: number) => {
  const i = args.indexOf(`--${name}`);
  return i >= 0 ? Number(args[i + 1]) : def;
};
const PODS_N = opt("pods", 10_000);
const NODES_N = opt("nodes", 5_000);
const READY_NODES = opt("ready-nodes", 1_000);
const admin = { username: "admin", groups: ["system:masters", "system:authenticated"] };

const node = (i: number) => ({
  apiVersion: "v1",
  kind: "Node",
  metadata: { name: `bench-node-${i}`, labels: { "kubernetes.io/hostname": `bench-node-${i}`, "topology.kubernetes.io/zone": `zone-${i % 3}` } },
  status: {
    capacity: { cpu: "32", memory: "256Gi", pods: "110" },
    allocatable: { cpu: "32", memory: "256Gi", pods: "110" },
    conditions: [{ type: "Ready", status: "True", reason: "KubeletReady", message: "kubelet is posting ready status" }],
  },
});

const pod = (i: number) => ({
  apiVersion: "v1",
  kind: "Pod",
  metadata: { name: `bench-pod-${i}`, labels: { app: `bench-${i % 100}` } },
  spec: { containers: [{ name: "c", image: "pause", resources: { requests: { cpu: "100m", memory: "128Mi" } } }] },
});

async function inParallel(n: number, concurrency: number, fn: (i: number) => Promise<unknown>): Promise<void> {
  let next = 0;
  await Promise.all(Array.from({ length: concurrency }, async () => {
    while (next < n) await fn(next++);
  }));
}

async function throughput(): Promise<void> {
  const clock = realClock;
  const server = await createInProcessApiServer({ store: createMemoryStore(), clock, serviceCIDR: "10.96.0.0/12", nodePortRange: [30000, 32767], advertiseAddress: "127.0.0.1", port: 6443, compactionIntervalMs: 0, admissionPlugins: { disable: ["TaintNodesByCondition"] } });
  await bootstrapApiServer(server, { bootstrapObjects: bootstrapObjects(), serviceCIDR: "10.96.0.0/12", advertiseAddress: "127.0.0.1", port: 6443 });
  const client = createClient({ transport: createLoopbackTransport(server, admin), identity: "bench" });
  await inParallel(NODES_N, 64, (i) => client.create(NODES, undefined, node(i) as never));
  const schedClient = createClient({ transport: createLoopbackTransport(server, { username: "system:kube-scheduler", groups: ["system:authenticated"] }), identity: "kube-scheduler" });
  const abort = new AbortController();
  const scheduler = createScheduler({ client: schedClient, informers: createInformerFactory({ client: schedClient, clock }), clock, verbosity: 0, log: () => undefined, recorder: createEventRecorder({ client: schedClient, clock, component: "default-scheduler" }) });
  const run = scheduler.start(abort.signal);
  await scheduler.ready;
  let bound = 0;
  let lastBound = 0;
  const done = new Promise<void>((resolve) => {
    client.watch(PODS, { namespace: "default" }, (ev) => {
      const o = ev.object as { spec?: { nodeName?: string } };
      if (ev.type === "MODIFIED" && o.spec?.nodeName) {
        bound++;
        lastBound = performance.now();
        if (bound >= PODS_N) resolve();
      }
    }, () => undefined);
  });
  const t0 = performance.now();
  await inParallel(PODS_N, 64, (i) => client.create(PODS, "default", pod(i) as never));
  await done;
  const seconds = (lastBound - t0) / 1000;
  console.log(`\n== ${PODS_N} pods onto ${NODES_N} nodes ==`);
  result("sched.throughput", PODS_N / seconds, "pods/s", { value: 1000, label: "the 1,000 pods/s target", higherIsBetter: true });
  result("sched.total", seconds, "s");
  abort.abort();
  await run;
  await server.close();
}

async function nodesReady(): Promise<void> {
  const t0 = performance.now();
  // A /10 of pod addresses: the default /16 holds only 256 node podCIDRs of /24.
  const cluster = await startCluster({ nodes: READY_NODES, clusterCIDR: "10.128.0.0/10", controllers: { enabled: ["node-ipam", "node-lifecycle"] } });
  const started = performance.now();
  for (;;) {
    const list = await cluster.client.list(NODES);
    const ready = list.items.filter((n) => (n as { status?: { conditions?: { type: string; status: string }[] } }).status?.conditions?.some((c) => c.type === "Ready" && c.status === "True")).length;
    if (ready >= READY_NODES) break;
    await new Promise((r) => setTimeout(r, 200));
  }
  const seconds = (performance.now() - t0) / 1000;
  console.log(`\n== ${READY_NODES} simulated nodes becoming Ready ==`);
  result("nodes.ready.time", seconds, "s", { value: 40, label: "within the 40s grace period", higherIsBetter: false });
  result("nodes.start.components", (started - t0) / 1000, "s");
  result("nodes.rss", process.memoryUsage().rss / 1024 / 1024, "MiB");
  await cluster.stop();
}

async function main(): Promise<void> {
  console.log(`Skiff scheduler benchmark: ${PODS_N} pods, ${NODES_N} nodes; ${READY_NODES} simulated nodes`);
  await throughput();
  await nodesReady();
}

main().then(
  // Exit once stdout is flushed (a pipe drops writes pending at process.exit).
  () => process.stdout.write("", () => process.exit(0)),
  (err) => {
    console.error(err);
    process.exit(1);
  },
);
