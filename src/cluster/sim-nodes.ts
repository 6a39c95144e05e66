/**
 * Builds a process's simulated nodes: per node a sim runtime, a kubelet
 * (with its kubelet API server on the simulated network) and the node
 * network agent, each node through its own client as system:node:<name>;
 * beside them the pods' network (sim.skiff.dev/depends-on) and the one
 * kube-proxy all sim nodes share. The same code runs in the API server's
 * thread (loopback clients) or in a worker thread of its own (port
 * transport clients, sim-node-worker.ts): only clientFor, transportFor and
 * the network differ.
 */
import { createEventRecorder, createInformerFactory } from "../client/index.js";
import type { Client, Transport } from "../client/types.js";
import type { UserInfo } from "../api/types.js";
import { createKubelet, createSimRuntime, loadSimNodeState, saveSimNodeState, type SimProgram, type SimRuntime } from "../kubelet/index.js";
import type { KubeletServing } from "../kubelet/server/serve-node.js";
import type { Clock } from "../util/clock.js";
import type { Logger } from "../util/log.js";
import { adminUser, nodeUser } from "./identities.js";
import { createPodNetwork, type PodNetworkOptions } from "../network/pod-network.js";
import { createPodSnapshotSource } from "../network/pod-snapshot-source.js";
import { metricsServerProgram } from "../metrics-server/index.js";
import { corednsProgram } from "../dns/index.js";
import { createKubeProxy, serveKubeProxy, type ClusterProxyConfig, type KubeProxy } from "../proxy/index.js";
import { createNetAgent } from "../netagent/index.js";

/** What the sim nodes are, as plain data: it crosses to a worker thread as it is. */
export interface SimNodesConfig {
  /** Simulated nodes to run, named node-1 .. node-N (or nodeNamePrefix-N). */
  nodes: number;
  nodeNamePrefix?: string;
  /** --node-capacity, e.g. { cpu: "4", memory: "16Gi", pods: "110" }. */
  nodeCapacity?: Record<string, string>;
  /** --pleg-threshold. */
  plegThresholdMs?: number;
  /** --node-status-update-frequency. */
  nodeStatusUpdateFrequencyMs?: number;
  /** --node-lease-duration-seconds (renewed every quarter of it). */
  nodeLeaseDurationSeconds?: number;
  /** Where sim nodes keep their runtime state across restarts (<dir>/<node>.json): restored at start, saved by saveState(). */
  nodeStateDir?: string;
  /** The sim nodes' kube-proxy (one for all of them) and the loopback port of its /healthz and /metrics (0: any free one). */
  kubeProxy?: { cluster: ClusterProxyConfig; port: number };
  /** The kubelets' --cluster-dns and --cluster-domain. */
  clusterDNS?: string[];
  clusterDomain?: string;
  /** Run the node network agent (flanneld's part) beside each sim kubelet. */
  netAgent?: { clusterCIDR: string };
}

export interface SimNodesOptions extends SimNodesConfig {
  clock: Clock;
  logger: Logger;
  /** A client of the API server as user. */
  clientFor(user: UserInfo, identity: string, program?: string): Client;
  /** A transport to the API server as user (metrics-server's, as the user its client certificate names). */
  transportFor(user: UserInfo): Transport;
  /** Each node serves the kubelet API from this port on (the next free one per node), on this network. */
  kubeletServer?: KubeletServing;
  /** CoreDNS pods answer /ready as this says (the cluster DNS server's informers synced). */
  coredns?: { ready(): boolean };
  /** Further images whose program runs in sim containers. */
  simPrograms?: SimProgram[];
  /** Sim pods connect through the simulated network (sim.skiff.dev/depends-on), their names answered by this cluster DNS. */
  podNetwork?: { dns: PodNetworkOptions["dns"]; clusterCIDR: string; serviceCIDR: string };
}

/** Something to run until the signal aborts. */
export interface SimNodeComponent {
  name: string;
  ready: Promise<void>;
  start(signal: AbortSignal): Promise<void>;
}

export interface SimNodes {
  /** Kubelets and node network agents: they join a control plane that is up. */
  nodeComponents: SimNodeComponent[];
  /** The shared kube-proxy, when it runs: it needs no control plane to start. */
  kubeProxy?: KubeProxy;
  /** Serves the kube-proxy's /healthz and /metrics; undefined port when it could not listen (reported). */
  serveKubeProxy(): Promise<{ port?: number; close(): Promise<void> }>;
  /** Writes each node's runtime state to nodeStateDir (after they stopped). */
  saveState(): void;
}

export function buildSimNodes(o: SimNodesOptions, signal: AbortSignal): SimNodes {
  const { clock, logger } = o;
  // Images whose program runs for real in a sim container: metrics-server on the nodes' network, CoreDNS.
  const programs: SimProgram[] = [
    ...(o.kubeletServer ? [metricsServerProgram({ transport: o.transportFor, clientCAPem: o.kubeletServer.clientCAPem, network: o.kubeletServer.network })] : []),
    ...(o.coredns ? [corednsProgram(o.coredns)] : []),
    ...(o.simPrograms ?? []),
  ];
  const runtimes = new Map<string, SimRuntime>();
  // The pods' network: informers (started on first use) and the shared kube-proxy's NAT rules.
  let kubeProxy: KubeProxy | undefined;
  const podNetwork =
    o.podNetwork &&
    createPodNetwork({
      dns: o.podNetwork.dns,
      now: () => clock.now(),
      snapshot: createPodSnapshotSource(createInformerFactory({ client: o.clientFor(adminUser, "skiff-pod-network"), clock }), {
        base: { clusterCIDR: o.podNetwork.clusterCIDR, serviceCIDR: o.podNetwork.serviceCIDR },
        nat: { natTable: (nodeName) => kubeProxy?.tables({ nodeName }).nat },
        natVersion: () => kubeProxy?.health().lastUpdated,
        signal,
      }).snapshot,
    });
  // What answers a connection that arrived at a pod: its listener in whichever node's runtime runs it.
  const listenerOfPod = (pod: { namespace: string; name: string }, port: number) => {
    for (const r of runtimes.values()) {
      const found = r.podListener(pod.namespace, pod.name, port);
      if (found) return found.handler;
    }
    return undefined;
  };
  const prefix = o.nodeNamePrefix ?? "node";
  const nodeComponents: SimNodeComponent[] = [];
  for (let i = 1; i <= o.nodes; i++) {
    const nodeName = `${prefix}-${i}`;
    const client = o.clientFor(nodeUser(nodeName), `kubelet-${nodeName}`, "kubelet");
    const klog = logger.child(`kubelet ${nodeName}`);
    const rlog = logger.child(`runtime ${nodeName}`);
    const runtime = createSimRuntime({ clock, idPrefix: nodeName, programs, podDialer: podNetwork?.dial, podNetwork, podListener: listenerOfPod, from: o.nodeStateDir ? loadSimNodeState(o.nodeStateDir, nodeName) : undefined, log: (m) => rlog.log(0, m) });
    runtimes.set(nodeName, runtime);
    nodeComponents.push(
      createKubelet({
        client,
        clock,
        nodeName,
        runtime,
        hostFilesystem: runtime.hostFilesystem,
        capacity: o.nodeCapacity,
        plegThresholdMs: o.plegThresholdMs,
        nodeStatusUpdateFrequencyMs: o.nodeStatusUpdateFrequencyMs,
        nodeLeaseDurationSeconds: o.nodeLeaseDurationSeconds,
        clusterDNS: o.clusterDNS,
        clusterDomain: o.clusterDomain,
        server: o.kubeletServer,
        verbosity: logger.verbosity,
        log: (level, m) => klog.log(level, m),
        error: (m) => klog.error(m),
        recorder: createEventRecorder({ client, clock, component: "kubelet", host: nodeName }),
      }),
    );
    if (o.netAgent) nodeComponents.push(createNetAgent({ client, clock, nodeName, fs: runtime.hostFilesystem, clusterCIDR: o.netAgent.clusterCIDR, error: (m) => klog.error(m) }));
  }

  const plog = logger.child("kube-proxy");
  if (o.kubeProxy && o.nodes > 0) {
    const client = o.clientFor({ username: "system:kube-proxy", groups: ["system:authenticated"] }, "kube-proxy");
    kubeProxy = createKubeProxy({ informers: createInformerFactory({ client, clock }), clock, cluster: o.kubeProxy.cluster, log: (m) => plog.error(m) });
  }
  return {
    nodeComponents,
    kubeProxy,
    async serveKubeProxy() {
      if (!kubeProxy || !o.kubeProxy) return { close: async () => undefined };
      try {
        const served = await serveKubeProxy(kubeProxy, { port: o.kubeProxy.port });
        return { port: served.port, close: served.close };
      } catch (err) {
        // As upstream, a health server that cannot listen is reported and the proxy keeps running.
        plog.error(`failed to start proxier healthz on 127.0.0.1:${o.kubeProxy.port}: ${(err as Error).message}`);
        return { close: async () => undefined };
      }
    },
    saveState() {
      if (o.nodeStateDir) for (const [node, rt] of runtimes) saveSimNodeState(o.nodeStateDir, node, rt.snapshot());
    },
  };
}
