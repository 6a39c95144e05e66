/**
 * `skiff up`: the all-in-one cluster (control plane plus local nodes), and
 * `skiff server`: the control plane alone. Prints a line containing "ready"
 * once kubectl can use the cluster; stops cleanly on SIGINT/SIGTERM.
 */
import path from "node:path";
import v8 from "node:v8";
import { createSimulatedNetwork } from "../network/dialer.js";
import { defaultDataDir, startControlPlane } from "./control-plane.js";
import { parseDuration, parseFlags, usageText, type FlagSpec } from "./flags.js";
import { startClusterComponents } from "../cluster/components.js";
import { createLogger } from "../util/log.js";
import { realClock } from "../util/clock.js";

const controlPlaneFlags: FlagSpec[] = [
  { name: "data-dir", kind: "string", usage: "Directory for the store, certificates and kubeconfig ($SKIFF_DATA_DIR, else ~/.skiff)" },
  { name: "port", kind: "int", default: 6443, usage: "HTTPS port of the API server (0 picks a free port)" },
  { name: "bind-address", kind: "string", default: "127.0.0.1", usage: "Address the API server listens on" },
  { name: "storage", kind: "string", default: "sqlite", usage: "Store backend: sqlite, memory or etcd" },
  { name: "etcd-endpoints", kind: "stringArray", default: [], usage: "etcd client URLs, with --storage etcd" },
  { name: "cluster-cidr", kind: "string", default: "10.244.0.0/16", usage: "CIDR range of pod IPs" },
  { name: "service-cidr", kind: "string", default: "10.96.0.0/12", usage: "CIDR range of service cluster IPs" },
  { name: "service-node-port-range", kind: "string", default: "30000-32767", usage: "Port range reserved for NodePort services" },
  { name: "etcd-compaction-interval", kind: "duration", default: "5m0s", usage: "The interval of compaction requests; 0 disables compaction" },
  { name: "v", kind: "int", default: 0, usage: "Log verbosity" },
];

const nodeFlags: FlagSpec[] = [
  { name: "nodes", kind: "int", default: 1, usage: "Number of local nodes" },
  { name: "runtime", kind: "string", default: "sim", usage: "Container runtime of the local nodes: sim or cri" },
  { name: "node-capacity", kind: "string", default: "cpu=4,memory=16Gi,pods=110", usage: "Capacity of each local node, as resource=quantity pairs" },
  { name: "pleg-threshold", kind: "duration", default: "3m0s", usage: "How long PLEG may go without a successful relist before the node is NotReady" },
  { name: "node-status-update-frequency", kind: "duration", default: "10s", usage: "How often each kubelet computes node status" },
  { name: "node-lease-duration-seconds", kind: "int", default: 40, usage: "Duration of each node's Lease; kubelets renew it every quarter of that" },
  { name: "kubelet-port", kind: "int", default: 10250, usage: "Port of the first node's kubelet API on loopback; each further node takes the next free port (0: any free port)" },
];

const controllerFlags: FlagSpec[] = [
  { name: "node-cidr-mask-size", kind: "int", default: 24, usage: "Mask size of the podCIDR carved for each node from --cluster-cidr" },
  { name: "node-monitor-grace-period", kind: "duration", default: "40s", usage: "How long a node may be silent before it is marked Unknown" },
  { name: "node-monitor-period", kind: "duration", default: "5s", usage: "How often the node lifecycle controller checks nodes" },
  { name: "controllers", kind: "stringArray", default: ["*"], usage: "Controllers to run: '*' for all, 'foo' to enable, '-foo' to disable" },
];

export async function runUp(args: string[], mode: "up" | "server"): Promise<number> {
  const specs = mode === "up" ? [...controlPlaneFlags, ...controllerFlags, ...nodeFlags] : [...controlPlaneFlags, ...controllerFlags];
  if (args.includes("--help") || args.includes("-h")) {
    process.stdout.write(usageText(mode, mode === "up" ? "Start an all-in-one cluster: control plane plus local nodes." : "Start the control plane.", specs));
    return 0;
  }
  const { values, positional } = parseFlags(args, specs);
  if (positional.length) throw new Error(`unexpected argument: ${positional[0]}`);
  const storage = String(values.storage);
  if (!["sqlite", "memory", "etcd"].includes(storage)) throw new Error(`--storage must be sqlite, memory or etcd, not "${storage}"`);
  const etcdEndpoints = values["etcd-endpoints"] as string[];
  if (storage === "etcd" && etcdEndpoints.length === 0) throw new Error("--storage etcd needs --etcd-endpoints");
  const portRange = /^(\d+)-(\d+)$/.exec(String(values["service-node-port-range"]));
  if (!portRange) throw new Error(`invalid --service-node-port-range "${values["service-node-port-range"]}"`);
  if (mode === "up") {
    const runtime = String(values.runtime);
    if (runtime !== "sim" && runtime !== "cri") throw new Error(`--runtime must be sim or cri, not "${runtime}"`);
  }
  // With simulated nodes, one heap holds every component's state (hundreds of
  // kubelets, thousands of pods), and V8's default lets the old generation grow
  // to several times what is live before collecting: most of the resident
  // size. Collect at 1.3x instead (like GOGC=30), at some cost in throughput;
  // a control plane alone keeps V8's defaults.
  if (mode === "up" && Number(values.nodes) > 0) v8.setFlagsFromString("--heap-growing-percent=30");
  const started = Date.now();
  const dataDir = path.resolve(String(values["data-dir"] ?? defaultDataDir()));
  // Sim kubelets register their made-up addresses here; the API server dials through it.
  const network = createSimulatedNetwork();
  const cp = await startControlPlane({
    dataDir,
    port: Number(values.port),
    bindAddress: String(values["bind-address"]),
    storage: storage as "sqlite",
    etcdEndpoints,
    clusterCIDR: String(values["cluster-cidr"]),
    serviceCIDR: String(values["service-cidr"]),
    nodePortRange: [Number(portRange[1]), Number(portRange[2])],
    compactionIntervalMs: parseDuration(String(values["etcd-compaction-interval"])),
    network,
  });
  const nodes = mode === "up" ? Number(values.nodes) : 0;
  if (String(values.runtime ?? "sim") === "cri") throw new Error("--runtime cri is not available in this build; use --runtime sim");
  const logger = createLogger({ component: "skiff", verbosity: Number(values.v), clock: realClock });
  const components = startClusterComponents(cp.apiServer, {
    clock: realClock,
    logger,
    nodes,
    nodeCapacity: mode === "up" ? parseCapacity(String(values["node-capacity"])) : undefined,
    plegThresholdMs: mode === "up" ? parseDuration(String(values["pleg-threshold"])) : undefined,
    nodeStatusUpdateFrequencyMs: mode === "up" ? parseDuration(String(values["node-status-update-frequency"])) : undefined,
    nodeLeaseDurationSeconds: mode === "up" ? Number(values["node-lease-duration-seconds"]) : undefined,
    kubeletServer: mode === "up" ? { network, clientCAPem: cp.caPem, port: Number(values["kubelet-port"]) } : undefined,
    nodeStateDir: path.join(dataDir, "nodes"),
    controllers: {
      clusterCIDR: String(values["cluster-cidr"]),
      serviceCIDR: String(values["service-cidr"]),
      nodeCIDRMaskSize: Number(values["node-cidr-mask-size"]),
      nodeMonitorGracePeriodMs: parseDuration(String(values["node-monitor-grace-period"])),
      nodeMonitorPeriodMs: parseDuration(String(values["node-monitor-period"])),
      rootCAPem: cp.caPem,
      enabled: values.controllers as string[],
    },
  });
  await components.ready;
  process.stdout.write(`skiff: cluster ready in ${Date.now() - started}ms at ${cp.url} (kubeconfig: ${cp.kubeconfigPath})\n`);
  process.stdout.write(`skiff: export KUBECONFIG=${cp.kubeconfigPath}\n`);
  await new Promise<void>((resolve) => {
    const stop = () => resolve();
    process.once("SIGINT", stop);
    process.once("SIGTERM", stop);
  });
  process.stdout.write("skiff: stopping\n");
  await components.stop();
  await cp.stop();
  return 0;
}

/** "cpu=4,memory=16Gi,pods=110" -> { cpu: "4", ... }. */
export function parseCapacity(text: string): Record<string, string> {
  const out: Record<string, string> = {};
  for (const pair of text.split(",").filter(Boolean)) {
    const [k, v] = pair.split("=");
    if (!k || !v) throw new Error(`invalid --node-capacity entry "${pair}": want resource=quantity`);
    out[k.trim()] = v.trim();
  }
  return out;
}
