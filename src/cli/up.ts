/**
 * `skiff up`: the all-in-one cluster (control plane plus local nodes), and
 * `skiff server`: the control plane alone. Flags are checked before
 * anything is written; the data directory is locked for this process.
 * Prints a line containing "ready" once kubectl can use the cluster (and
 * progress until then on long start-ups); stops cleanly on SIGINT/SIGTERM.
 */
import { mkdirSync } from "node:fs";
import path from "node:path";
import v8 from "node:v8";
import type { Node } from "kubernetes-types/core/v1.js";
import { defaultDataDir, startControlPlane } from "./control-plane.js";
import { lockDataDir } from "./data-dir-lock.js";
import { FlagError, parseDuration, type FlagValues } from "./flags.js";
import { checkFlagCombinations, parseCapacity } from "./up-flags.js";
import { parseAuthorizationModes } from "../apiserver/authz/index.js";
import { serveComponentPorts, writePortsFile, type ServedComponents } from "./component-ports.js";
import { reportStartupProgress } from "./startup-progress.js";
import { startClusterComponents } from "../cluster/components.js";
import { spawnControlPlaneThreads } from "../cluster/control-plane-thread.js";
import { spawnSimNodeThread } from "../cluster/sim-node-thread.js";
import { adminUser } from "../cluster/identities.js";
import { createClient, createLoopbackTransport } from "../client/index.js";
import { NODES } from "../client/resources.js";
import type { KubeObject } from "../api/types.js";
import { createSimulatedNetwork } from "../network/dialer.js";
import { COREDNS_USER, startClusterDnsServer, type RunningDnsServer } from "../dns/index.js";
import { defaultClusterDNS } from "../kubelet/pod/dns-config.js";
import { createLogger } from "../util/log.js";
import { realClock } from "../util/clock.js";

/**
 * From this many sim nodes on, they run on their own worker thread. Below it the
 * second heap costs more than the thread saves: filling 200 nodes with 3,000 pods
 * and 1,000 nodes with 5,000 took the same wall time (0.99x, 0.97x) and CPU
 * (1.00x, 0.91x) with 25-28% more peak memory; node start-up is where the main
 * thread saturates first (half its CPU per node moves to the worker).
 */
const SIM_NODE_THREAD_MIN_NODES = 2000;

export async function runUp(values: FlagValues, positional: string[], mode: "up" | "server"): Promise<number> {
  if (positional.length) throw new FlagError(`unexpected argument "${positional[0]}"`);
  checkFlagCombinations(values);
  const storage = String(values.storage) as "sqlite" | "memory" | "etcd";
  const portRange = String(values["service-node-port-range"]).split("-").map(Number) as [number, number];
  const nodes = mode === "up" ? Number(values.nodes) : 0;
  const nodeCapacity = mode === "up" ? parseCapacity(String(values["node-capacity"])) : undefined;
  // With simulated nodes, one heap holds every component's state (hundreds of
  // kubelets, thousands of pods), and V8's default lets the old generation grow
  // to several times what is live before collecting: most of the resident
  // size. Collect at 1.3x instead (like GOGC=30), at some cost in throughput;
  // a control plane alone keeps V8's defaults.
  if (nodes > 0) v8.setFlagsFromString("--heap-growing-percent=30");
  const started = realClock.now();
  const dataDir = path.resolve(String(values["data-dir"] ?? defaultDataDir()));
  mkdirSync(dataDir, { recursive: true, mode: 0o700 });
  const lock = lockDataDir(dataDir);
  // The controller manager and the scheduler leave the API server's thread for a core of their own
  // (one thread for both: two measured no faster); the thread loads their code while the API server starts.
  const controlPlaneThreads = spawnControlPlaneThreads(1);
  // Many sim nodes take a thread of their own (their pod syncs and status writes off the API server's loop).
  const simNodeThread = nodes >= SIM_NODE_THREAD_MIN_NODES ? spawnSimNodeThread() : undefined;
  try {
    // Sim kubelets register their made-up addresses here; the API server dials through it.
    const network = createSimulatedNetwork();
    const cp = await startControlPlane({
      dataDir,
      port: Number(values.port),
      bindAddress: String(values["bind-address"]),
      storage,
      etcdEndpoints: values["etcd-endpoints"] as string[],
      clusterCIDR: String(values["cluster-cidr"]),
      serviceCIDR: String(values["service-cidr"]),
      nodePortRange: portRange,
      compactionIntervalMs: parseDuration(String(values["etcd-compaction-interval"])),
      admissionPlugins: { enable: values["enable-admission-plugins"] as string[], disable: values["disable-admission-plugins"] as string[] },
      authorizationModes: parseAuthorizationModes(String(values["authorization-mode"])),
      network,
      // metrics-server runs on the nodes: only a cluster with nodes gets it.
      metricsServer: nodes > 0,
      // kubeadm's CoreDNS add-on; its pods need nodes to run on.
      clusterDomain: String(values["cluster-domain"]),
      dnsReplicas: nodes > 0 ? 2 : 0,
      encryptionProviderConfig: values["encryption-provider-config"] as string | undefined,
      audit: {
        policyFile: values["audit-policy-file"] as string | undefined,
        logPath: values["audit-log-path"] as string | undefined,
        format: values["audit-log-format"] as "json" | "legacy",
        maxAge: Number(values["audit-log-maxage"]),
        maxBackups: Number(values["audit-log-maxbackup"]),
        maxSize: Number(values["audit-log-maxsize"]),
      },
      anonymousAuth: values["anonymous-auth"] !== false,
      tokenAuthFile: values["token-auth-file"] ? String(values["token-auth-file"]) : undefined,
      serviceAccountIssuer: String(values["service-account-issuer"]),
    });
    const logger = createLogger({ component: "skiff", verbosity: Number(values.v), clock: realClock });
    // The cluster DNS server: a client of the API server as the coredns ServiceAccount, listening on loopback.
    const dnsStop = new AbortController();
    const clusterDns = startClusterDnsServer({
      client: createClient({ transport: createLoopbackTransport(cp.apiServer, COREDNS_USER), identity: "coredns", userAgent: "coredns/v1.13.1 (linux/amd64)" }),
      clock: realClock,
      signal: dnsStop.signal,
      clusterDomain: String(values["cluster-domain"]),
    });
    const components = await startClusterComponents(cp.apiServer, {
      clock: realClock,
      logger,
      controlPlaneThreads,
      nodes,
      nodeCapacity,
      plegThresholdMs: mode === "up" ? parseDuration(String(values["pleg-threshold"])) : undefined,
      nodeStatusUpdateFrequencyMs: mode === "up" ? parseDuration(String(values["node-status-update-frequency"])) : undefined,
      nodeLeaseDurationSeconds: mode === "up" ? Number(values["node-lease-duration-seconds"]) : undefined,
      kubeletServer: mode === "up" ? { network, clientCAPem: cp.caPem, port: Number(values["kubelet-port"]) } : undefined,
      nodeStateDir: path.join(dataDir, "nodes"),
      kubeProxy: mode === "up" ? { cluster: { clusterCIDR: String(values["cluster-cidr"]) }, port: Number(values["kube-proxy-port"]) } : undefined,
      clusterDNS: [defaultClusterDNS(String(values["service-cidr"]))],
      clusterDomain: String(values["cluster-domain"]),
      simNodeThread,
      coredns: { ready: () => clusterDns.dns.ready() },
      netAgent: { clusterCIDR: String(values["cluster-cidr"]) },
      podNetwork: mode === "up" ? { dns: clusterDns.dns, clusterCIDR: String(values["cluster-cidr"]), serviceCIDR: String(values["service-cidr"]) } : undefined,
      controllers: {
        clusterCIDR: String(values["cluster-cidr"]),
        serviceCIDR: String(values["service-cidr"]),
        nodeCIDRMaskSize: Number(values["node-cidr-mask-size"]),
        nodeMonitorGracePeriodMs: parseDuration(String(values["node-monitor-grace-period"])),
        nodeMonitorPeriodMs: parseDuration(String(values["node-monitor-period"])),
        rootCAPem: cp.caPem,
        serviceAccountPrivateKeyPem: cp.serviceAccountPrivateKeyPem,
        clusterSigning: cp.ca,
        clusterSigningDurationMs: parseDuration(String(values["cluster-signing-duration"])),
        enabled: values.controllers as string[],
      },
    });
    const client = createClient({ transport: createLoopbackTransport(cp.apiServer, adminUser), identity: "skiff" });
    let served: ServedComponents;
    try {
      served = await serveComponentPorts({
        components,
        ports: { "kube-controller-manager": Number(values["controller-manager-secure-port"]), "kube-scheduler": Number(values["scheduler-secure-port"]) },
        bindAddress: String(values["bind-address"]),
        ca: cp.ca,
        pkiDir: path.join(dataDir, "pki"),
        client,
        clock: realClock,
      });
    } catch (err) {
      await components.stop();
      dnsStop.abort();
      await clusterDns.close();
      await cp.stop();
      throw err;
    }
    // After the components' ports: a free port picked here must not be one they were told to take.
    let dnsServer: RunningDnsServer;
    try {
      dnsServer = await clusterDns.listen({ host: String(values["bind-address"]), port: Number(values["cluster-dns-port"]) });
    } catch (err) {
      await served.close();
      await components.stop();
      dnsStop.abort();
      await cp.stop();
      throw err;
    }
    writePortsFile(dataDir, { "kube-apiserver": cp.apiServer.port, ...served.ports, "kube-proxy": components.kubeProxyPort, "cluster-dns": dnsServer.port });
    const progress =
      nodes > 0
        ? reportStartupProgress({ clock: realClock, expected: nodes, listNodes: async () => (await client.list<Node & KubeObject>(NODES)).items, write: (l) => process.stdout.write(l) })
        : undefined;
    try {
      await components.ready;
    } finally {
      progress?.stop();
    }
    process.stdout.write(`skiff: cluster ready in ${realClock.now() - started}ms at ${cp.url} (kubeconfig: ${cp.kubeconfigPath})\n`);
    process.stdout.write(`skiff: export KUBECONFIG=${cp.kubeconfigPath}\n`);
    process.stdout.write(`skiff: cluster DNS at ${dnsServer.host}:${dnsServer.port} (dig @${dnsServer.host} -p ${dnsServer.port} kubernetes.default.svc.${clusterDns.dns.clusterDomain})\n`);
    await new Promise<void>((resolve) => {
      const stop = () => resolve();
      process.once("SIGINT", stop);
      process.once("SIGTERM", stop);
    });
    process.stdout.write("skiff: stopping\n");
    await served.close();
    await components.stop();
    dnsStop.abort();
    await clusterDns.close();
    await cp.stop();
    return 0;
  } finally {
    // Threads a failed start-up never started.
    await Promise.all([...controlPlaneThreads.map((t) => t.terminate()), simNodeThread?.terminate()]);
    lock.release();
  }
}
