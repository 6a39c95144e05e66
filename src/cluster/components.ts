/**
 * Starts the cluster's components against an API server in this process:
 * the controller manager, the scheduler and N simulated nodes, each through
 * its own loopback client and identity, as separate processes would over
 * HTTPS. Start order follows readiness: controllers, then scheduler, then nodes.
 */
import { setMaxListeners } from "node:events";
import type { ApiRequest, ApiResponse } from "../apiserver/http/types.js";
import { createClient, createEventRecorder, createInformerFactory, createLoopbackTransport } from "../client/index.js";
import type { Client, Component } from "../client/types.js";
import type { UserInfo } from "../api/types.js";
import { defaultControllerManagerOptions, type ControllerManagerOptions as ControllerOptions } from "../controllers/context.js";
import { createControllerManager } from "../controllers/manager.js";
import { createKubelet, createSimRuntime, loadSimNodeState, saveSimNodeState, type SimRuntime } from "../kubelet/index.js";
import type { KubeletServing } from "../kubelet/server/serve-node.js";
import { createScheduler } from "../scheduler/index.js";
import type { Clock } from "../util/clock.js";
import type { Logger } from "../util/log.js";
import { controllerManagerUser, nodeUser, schedulerUser } from "./identities.js";
import { SKIFF_GIT_VERSION } from "../apiserver/version.js";
import { metricsServerProgram } from "../metrics-server/index.js";
import type { ComponentEndpoint } from "../component-server/index.js";
import { createRegistry, createSchedulerMetrics, createWorkQueueMetricsProvider, registerProcessMetrics } from "../metrics/index.js";

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
  controllers?: Partial<ControllerOptions> & { enabled?: string[] };
  /** Run the controller manager and scheduler (false for `skiff agent`). */
  controlPlane?: boolean;
  /** Each node serves the kubelet API from this port on (the next free one per node), on this network. */
  kubeletServer?: KubeletServing;
  /** Where sim nodes keep their runtime state across restarts (<dir>/<node>.json): restored at start, saved by stop(). */
  nodeStateDir?: string;
}

export interface RunningComponents {
  ready: Promise<void>;
  stop(): Promise<void>;
  /** What the controller manager's and scheduler's secure ports show (absent without a control plane). */
  endpoints: Partial<Record<"kube-controller-manager" | "kube-scheduler", ComponentEndpoint>>;
}

/** How a component is doing: ready once its caches synced, stopped with a reason. */
interface ComponentState {
  ready: boolean;
  stopped?: string;
}

interface LoopbackServer {
  handle(req: ApiRequest): Promise<ApiResponse>;
  /** Where control plane components report their health (ComponentStatus), when the server has it. */
  registerComponentProbe?(name: string, check: () => Promise<string | void>): () => void;
}

/** ComponentStatus names of the control plane components (upstream's). */
const STATUS_NAMES: Record<string, string> = { "kube-controller-manager": "controller-manager", scheduler: "scheduler" };

export function startClusterComponents(server: LoopbackServer, opts: ClusterComponentOptions): RunningComponents {
  const abort = new AbortController();
  // Every informer listens on this signal.
  setMaxListeners(0, abort.signal);
  const { clock, logger } = opts;
  // The User-Agent's program name becomes the field manager, as upstream's components are
  // recorded ("kube-controller-manager", "kube-scheduler", "kubelet").
  const clientFor = (user: UserInfo, identity: string, program = identity): Client =>
    createClient({ transport: createLoopbackTransport(server, user), identity, userAgent: `${program}/${SKIFF_GIT_VERSION} (${process.platform}/${process.arch === "x64" ? "amd64" : process.arch}) skiff` });
  const components: Component[] = [];
  const states = new Map<Component, ComponentState>();
  const endpoints: RunningComponents["endpoints"] = {};
  // A component is live until it stops, and ready once started (its informers synced).
  const endpointOf = (c: Component, registry: ComponentEndpoint["registry"], readyCheck: string): ComponentEndpoint => {
    const state: ComponentState = { ready: false };
    states.set(c, state);
    return {
      registry,
      health: {
        live: {
          ping: () => undefined,
          [c.name]: () => {
            if (state.stopped) throw new Error(state.stopped);
          },
        },
        ready: {
          [readyCheck]: () => {
            if (!state.ready) throw new Error(`${c.name} is not ready`);
          },
        },
      },
    };
  };

  if (opts.controlPlane !== false) {
    const client = clientFor(controllerManagerUser, "kube-controller-manager");
    const log = logger.child("kube-controller-manager");
    const { enabled, ...controllerOptions } = opts.controllers ?? {};
    const cmRegistry = createRegistry();
    registerProcessMetrics(cmRegistry);
    const controllerManager = createControllerManager(
      {
        client,
        informers: createInformerFactory({ client, clock, log: (m) => log.log(4, m) }),
        clock,
        recorder: (component) => createEventRecorder({ client, clock, component }),
        options: { ...defaultControllerManagerOptions, ...controllerOptions },
        verbosity: logger.verbosity,
        log: (level, m) => log.log(level, m),
        error: (m) => log.error(m),
        workQueueMetrics: createWorkQueueMetricsProvider(cmRegistry),
        clientAs: (user) => {
          const own = clientFor(user, `kube-controller-manager:${user.username}`, "kube-controller-manager");
          return { client: own, recorder: (component) => createEventRecorder({ client: own, clock, component }) };
        },
      },
      { controllers: enabled },
    );
    components.push(controllerManager);
    endpoints["kube-controller-manager"] = endpointOf(controllerManager, cmRegistry, "informer-sync");
    const schedClient = clientFor(schedulerUser, "kube-scheduler");
    const slog = logger.child("kube-scheduler");
    const schedulerMetrics = createSchedulerMetrics();
    const scheduler = createScheduler({
      client: schedClient,
      informers: createInformerFactory({ client: schedClient, clock }),
      clock,
      verbosity: logger.verbosity,
      log: (level, m) => slog.log(level, m),
      recorder: createEventRecorder({ client: schedClient, clock, component: "default-scheduler" }),
      metrics: schedulerMetrics,
    });
    components.push(scheduler);
    endpoints["kube-scheduler"] = endpointOf(scheduler, schedulerMetrics.registry, "sched-handler-sync");
  }

  const prefix = opts.nodeNamePrefix ?? "node";
  // Images whose program runs for real in a sim container: metrics-server, on the nodes' network.
  const programs = opts.kubeletServer ? [metricsServerProgram({ apiServer: server, clientCAPem: opts.kubeletServer.clientCAPem, network: opts.kubeletServer.network })] : [];
  const runtimes = new Map<string, SimRuntime>();
  for (let i = 1; i <= opts.nodes; i++) {
    const nodeName = `${prefix}-${i}`;
    const client = clientFor(nodeUser(nodeName), `kubelet-${nodeName}`, "kubelet");
    const klog = logger.child(`kubelet ${nodeName}`);
    const runtime = createSimRuntime({ clock, idPrefix: nodeName, programs, from: opts.nodeStateDir ? loadSimNodeState(opts.nodeStateDir, nodeName) : undefined });
    runtimes.set(nodeName, runtime);
    components.push(
      createKubelet({
        client,
        clock,
        nodeName,
        runtime,
        hostFilesystem: runtime.hostFilesystem,
        capacity: opts.nodeCapacity,
        plegThresholdMs: opts.plegThresholdMs,
        nodeStatusUpdateFrequencyMs: opts.nodeStatusUpdateFrequencyMs,
        nodeLeaseDurationSeconds: opts.nodeLeaseDurationSeconds,
        server: opts.kubeletServer,
        verbosity: logger.verbosity,
        log: (level, m) => klog.log(level, m),
        error: (m) => klog.error(m),
        recorder: createEventRecorder({ client, clock, component: "kubelet", host: nodeName }),
      }),
    );
  }

  const unregister: (() => void)[] = [];
  const runs = components.map((c) => {
    // What the component's /healthz would say: healthy once ready, until it stops.
    const state = states.get(c) ?? { ready: false };
    void c.ready.then(() => (state.ready = true), () => undefined);
    const run = c.start(abort.signal).then(
      () => void (state.stopped = `${c.name} has stopped`),
      (err: unknown) => {
        state.stopped = `${c.name} stopped: ${(err as Error).message ?? err}`;
        if (!abort.signal.aborted) logger.error(`${c.name} stopped: ${(err as Error).stack ?? err}`);
      },
    );
    const statusName = STATUS_NAMES[c.name];
    if (statusName && server.registerComponentProbe) {
      unregister.push(
        server.registerComponentProbe(statusName, async () => {
          if (state.stopped) throw new Error(state.stopped);
          if (!state.ready) throw new Error(`${c.name} is not ready`);
          return "ok";
        }),
      );
    }
    return run;
  });
  return {
    endpoints,
    ready: Promise.all(components.map((c) => c.ready)).then(() => undefined),
    async stop() {
      for (const u of unregister) u();
      abort.abort();
      await Promise.all(runs);
      if (opts.nodeStateDir) for (const [node, rt] of runtimes) saveSimNodeState(opts.nodeStateDir, node, rt.snapshot());
    },
  };
}
