/**
 * Starts the cluster's components against an API server in this process:
 * the controller manager, the scheduler and N simulated nodes, each through
 * its own client and identity, as separate processes would over HTTPS.
 * Loopback clients in this thread; with controlPlaneThreads, the controller
 * manager and the scheduler run in worker threads over the port transport.
 * Start order follows readiness: controllers, then scheduler, then nodes.
 */
import { setMaxListeners } from "node:events";
import type { ApiRequest, ApiResponse } from "../apiserver/http/types.js";
import { createClient, createEventRecorder, createLoopbackTransport } from "../client/index.js";
import type { Client } from "../client/types.js";
import type { UserInfo } from "../api/types.js";
import { createKubelet, createSimRuntime, loadSimNodeState, saveSimNodeState, type SimRuntime } from "../kubelet/index.js";
import type { KubeletServing } from "../kubelet/server/serve-node.js";
import { realClock, type Clock } from "../util/clock.js";
import type { Logger } from "../util/log.js";
import { adminUser, nodeUser } from "./identities.js";
import { createPodNetwork, type PodNetworkOptions } from "../network/pod-network.js";
import { createPodSnapshotSource } from "../network/pod-snapshot-source.js";
import { metricsServerProgram } from "../metrics-server/index.js";
import type { ComponentEndpoint } from "../component-server/index.js";
import type { ControllersConfig } from "./control-plane-components.js";
import { CONTROL_PLANE_COMPONENTS, type ControlPlaneComponentName } from "./control-plane-names.js";
import type { ControlPlaneThread, SpawnedControlPlaneThread } from "./control-plane-thread.js";
import { userAgent } from "./user-agent.js";
import { createInformerFactory } from "../client/index.js";
import { createKubeProxy, serveKubeProxy, type ClusterProxyConfig, type KubeProxy } from "../proxy/index.js";
import type { SimProgram } from "../kubelet/index.js";
import { createNetAgent } from "../netagent/index.js";

export interface ClusterComponentOptions {
  clock: Clock;
  logger: Logger;
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
  controllers?: ControllersConfig;
  /** Run the controller manager and scheduler (false for `skiff agent`). */
  controlPlane?: boolean;
  /**
   * Worker threads (spawnControlPlaneThreads) to run the controller manager
   * and the scheduler in; absent, they run in this thread. Only on the real
   * clock: a virtual clock cannot be shared across threads.
   */
  controlPlaneThreads?: SpawnedControlPlaneThread[];
  /** Each node serves the kubelet API from this port on (the next free one per node), on this network. */
  kubeletServer?: KubeletServing;
  /** Where sim nodes keep their runtime state across restarts (<dir>/<node>.json): restored at start, saved by stop(). */
  nodeStateDir?: string;
  /** The sim nodes' kube-proxy (one for all of them) and the loopback port of its /healthz and /metrics (0: any free one). */
  kubeProxy?: { cluster: ClusterProxyConfig; port: number };
  /** The kubelets' --cluster-dns and --cluster-domain. */
  clusterDNS?: string[];
  clusterDomain?: string;
  /** Further images whose program runs in sim containers (CoreDNS). */
  simPrograms?: SimProgram[];
  /** Run the node network agent (flanneld's part) beside each sim kubelet. */
  netAgent?: { clusterCIDR: string };
  /** Sim pods connect through the simulated network (sim.skiff.dev/depends-on), their names answered by this cluster DNS. */
  podNetwork?: { dns: PodNetworkOptions["dns"]; clusterCIDR: string; serviceCIDR: string };
}

export interface RunningComponents {
  ready: Promise<void>;
  stop(): Promise<void>;
  /** What the controller manager's and scheduler's secure ports show (absent without a control plane). */
  endpoints: Partial<Record<ControlPlaneComponentName, ComponentEndpoint>>;
  /** The sim nodes' kube-proxy, when it runs: proxy.tables(node) is a node's iptables. */
  kubeProxy?: KubeProxy;
  /** Where its /healthz and /metrics listen, when they do. */
  kubeProxyPort?: number;
}

/** How a component is doing: ready once its caches synced, stopped with a reason. */
interface ComponentState {
  ready: boolean;
  stopped?: string;
}

/** A running component, wherever it runs: its readiness and why it stopped. */
interface Unit {
  name: string;
  ready: Promise<void>;
  state: ComponentState;
  /** Resolves with why it stopped. */
  done: Promise<string>;
}

interface LoopbackServer {
  handle(req: ApiRequest): Promise<ApiResponse>;
  /** Where control plane components report their health (ComponentStatus), when the server has it. */
  registerComponentProbe?(name: string, check: () => Promise<string | void>): () => void;
}

/** ComponentStatus names of the control plane components (upstream's). */
const STATUS_NAMES: Record<string, string> = { "kube-controller-manager": "controller-manager", scheduler: "scheduler" };

/** Each component's /readyz check beyond liveness, named as upstream's. */
const READY_CHECKS: Record<ControlPlaneComponentName, string> = { "kube-controller-manager": "informer-sync", "kube-scheduler": "sched-handler-sync" };

export async function startClusterComponents(server: LoopbackServer, opts: ClusterComponentOptions): Promise<RunningComponents> {
  const abort = new AbortController();
  // Every informer listens on this signal.
  setMaxListeners(0, abort.signal);
  const { clock, logger } = opts;
  const clientFor = (user: UserInfo, identity: string, program = identity): Client => createClient({ transport: createLoopbackTransport(server, user), identity, userAgent: userAgent(program) });
  const units: Unit[] = [];
  const endpoints: RunningComponents["endpoints"] = {};
  const threads: ControlPlaneThread[] = [];

  // A component is live until it stops, and ready once started (its informers synced).
  const endpointOf = (name: string, endpointName: ControlPlaneComponentName, registry: ComponentEndpoint["registry"], state: ComponentState): void => {
    endpoints[endpointName] = {
      registry,
      health: {
        live: {
          ping: () => undefined,
          [name]: () => {
            if (state.stopped) throw new Error(state.stopped);
          },
        },
        ready: {
          [READY_CHECKS[endpointName]]: () => {
            if (!state.ready) throw new Error(`${name} is not ready`);
          },
        },
      },
    };
  };

  /** Starts a component in this thread. */
  const runHere = (c: { name: string; ready: Promise<void>; start(signal: AbortSignal): Promise<void> }): Unit => {
    const done = c.start(abort.signal).then(
      () => `${c.name} has stopped`,
      (err: unknown) => {
        if (!abort.signal.aborted) logger.error(`${c.name} stopped: ${(err as Error).stack ?? err}`);
        return `${c.name} stopped: ${(err as Error).message ?? err}`;
      },
    );
    return { name: c.name, ready: c.ready, state: { ready: false }, done };
  };

  if (opts.controlPlane !== false) {
    if (opts.controlPlaneThreads?.length) {
      // A virtual clock cannot be shared across threads: only the wall clock's components leave this one.
      if (clock !== realClock) throw new Error("control plane components run in worker threads only on the real clock");
      for (const spawned of opts.controlPlaneThreads) {
        const thread = spawned.start(server, { verbosity: logger.verbosity, controllers: opts.controllers, logger });
        threads.push(thread);
        for (const rc of thread.components) {
          const unit: Unit = { name: rc.name, ready: rc.ready, state: { ready: false }, done: rc.stopped };
          endpointOf(rc.name, rc.endpointName, rc.registry, unit.state);
          units.push(unit);
        }
      }
    } else {
      // Loaded only here: a thread whose control plane runs elsewhere never compiles it.
      const { buildControlPlaneComponent } = await import("./control-plane-components.js");
      for (const name of CONTROL_PLANE_COMPONENTS) {
        const b = buildControlPlaneComponent(name, { clientFor, clock, logger, controllers: opts.controllers });
        const unit = runHere(b.component);
        endpointOf(unit.name, name, b.registry, unit.state);
        units.push(unit);
      }
    }
  }

  const prefix = opts.nodeNamePrefix ?? "node";
  // Nodes join a control plane that is up (its caches synced), as in a real cluster: started
  // together, thousands of kubelets' first requests held back the controller manager's initial
  // lists, and its IPAM controller gave no node a podCIDR (so none went Ready) until all had registered.
  const aborted = new Promise<void>((resolve) => abort.signal.addEventListener("abort", () => resolve(), { once: true }));
  const controlPlaneUp = Promise.race([Promise.all(units.map((u) => Promise.race([u.ready, u.done]).catch(() => undefined))), aborted]);
  const afterControlPlane = (c: { name: string; ready: Promise<void>; start(signal: AbortSignal): Promise<void> }) => ({
    name: c.name,
    ready: c.ready,
    start: async (signal: AbortSignal) => {
      await controlPlaneUp;
      if (!signal.aborted) await c.start(signal);
    },
  });
  // Images whose program runs for real in a sim container: metrics-server, on the nodes' network.
  const programs = [...(opts.kubeletServer ? [metricsServerProgram({ apiServer: server, clientCAPem: opts.kubeletServer.clientCAPem, network: opts.kubeletServer.network })] : []), ...(opts.simPrograms ?? [])];
  const runtimes = new Map<string, SimRuntime>();
  // The pods' network: informers (started on first use) and the shared kube-proxy's NAT rules.
  let kubeProxy: KubeProxy | undefined;
  const podNetwork =
    opts.podNetwork &&
    createPodNetwork({
      dns: opts.podNetwork.dns,
      snapshot: createPodSnapshotSource(createInformerFactory({ client: clientFor(adminUser, "skiff-pod-network"), clock }), {
        base: { clusterCIDR: opts.podNetwork.clusterCIDR, serviceCIDR: opts.podNetwork.serviceCIDR },
        nat: { natTable: (nodeName) => kubeProxy?.tables({ nodeName }).nat },
        natVersion: () => kubeProxy?.health().lastUpdated,
        signal: abort.signal,
      }).snapshot,
    });
  for (let i = 1; i <= opts.nodes; i++) {
    const nodeName = `${prefix}-${i}`;
    const client = clientFor(nodeUser(nodeName), `kubelet-${nodeName}`, "kubelet");
    const klog = logger.child(`kubelet ${nodeName}`);
    const rlog = logger.child(`runtime ${nodeName}`);
    const runtime = createSimRuntime({ clock, idPrefix: nodeName, programs, podDialer: podNetwork?.dial, from: opts.nodeStateDir ? loadSimNodeState(opts.nodeStateDir, nodeName) : undefined, log: (m) => rlog.log(0, m) });
    runtimes.set(nodeName, runtime);
    const kubelet = createKubelet({
      client,
      clock,
      nodeName,
      runtime,
      hostFilesystem: runtime.hostFilesystem,
      capacity: opts.nodeCapacity,
      plegThresholdMs: opts.plegThresholdMs,
      nodeStatusUpdateFrequencyMs: opts.nodeStatusUpdateFrequencyMs,
      nodeLeaseDurationSeconds: opts.nodeLeaseDurationSeconds,
      clusterDNS: opts.clusterDNS,
      clusterDomain: opts.clusterDomain,
      server: opts.kubeletServer,
      verbosity: logger.verbosity,
      log: (level, m) => klog.log(level, m),
      error: (m) => klog.error(m),
      recorder: createEventRecorder({ client, clock, component: "kubelet", host: nodeName }),
    });
    units.push(runHere(afterControlPlane(kubelet)));
    if (opts.netAgent) units.push(runHere(afterControlPlane(createNetAgent({ client, clock, nodeName, fs: runtime.hostFilesystem, clusterCIDR: opts.netAgent.clusterCIDR, error: (m) => klog.error(m) }))));
  }

  let closeProxyServer = async () => undefined as void;
  let kubeProxyPort: number | undefined;
  if (opts.kubeProxy && opts.nodes > 0) {
    const client = clientFor({ username: "system:kube-proxy", groups: ["system:authenticated"] }, "kube-proxy");
    const plog = logger.child("kube-proxy");
    kubeProxy = createKubeProxy({ informers: createInformerFactory({ client, clock }), clock, cluster: opts.kubeProxy.cluster, log: (m) => plog.error(m) });
    units.push(runHere(kubeProxy));
    try {
      const served = await serveKubeProxy(kubeProxy, { port: opts.kubeProxy.port });
      closeProxyServer = served.close;
      kubeProxyPort = served.port;
    } catch (err) {
      // As upstream, a health server that cannot listen is reported and the proxy keeps running.
      plog.error(`failed to start proxier healthz on 127.0.0.1:${opts.kubeProxy.port}: ${(err as Error).message}`);
    }
  }

  const unregister: (() => void)[] = [];
  const runs = units.map((u) => {
    // What the component's /healthz would say: healthy once ready, until it stops.
    void u.ready.then(() => (u.state.ready = true), () => undefined);
    const statusName = STATUS_NAMES[u.name];
    if (statusName && server.registerComponentProbe) {
      unregister.push(
        server.registerComponentProbe(statusName, async () => {
          if (u.state.stopped) throw new Error(u.state.stopped);
          if (!u.state.ready) throw new Error(`${u.name} is not ready`);
          return "ok";
        }),
      );
    }
    return u.done.then((reason) => void (u.state.stopped = reason));
  });
  return {
    endpoints,
    kubeProxy,
    kubeProxyPort,
    ready: Promise.all(units.map((u) => u.ready)).then(() => undefined),
    async stop() {
      for (const u of unregister) u();
      await closeProxyServer();
      abort.abort();
      await Promise.all([...threads.map((t) => t.stop()), ...runs]);
      if (opts.nodeStateDir) for (const [node, rt] of runtimes) saveSimNodeState(opts.nodeStateDir, node, rt.snapshot());
    },
  };
}
