/**
 * Runs the sim nodes (kubelets, node network agents, the pods' network and
 * the shared kube-proxy) in a worker thread of their own, so that their
 * work (pod syncs, status patches, leases, informers) leaves the API
 * server's event loop. Each node's client reaches the API server through
 * the port transport as the node's own identity (system:node:<name>), so
 * the Node authorizer and NodeRestriction see what they see in-process.
 * What must stay on this thread is asked for by message: the simulated
 * network's routes (the API server dials kubelets through it), the cluster
 * DNS server's answers and readiness.
 *
 * Messages between this thread and the worker (sim-node-worker.ts):
 *   here -> worker: start, go (the control plane is up: nodes may join),
 *                   dns-answer, dns-ready, stop
 *   worker -> here: route / unroute, dns (a question), started (the
 *                   kube-proxy's port), ready (every node), stopped, exited
 * A worker that fails or exits early is logged and reported stopped.
 */
import { MessageChannel, Worker, type MessagePort } from "node:worker_threads";
import type { Question } from "dns-packet";
import type { LoopbackServer } from "../client/loopback-transport.js";
import { servePort } from "../client/port-server.js";
import type { DnsResult } from "../dns/index.js";
import type { SimulatedNetwork } from "../network/dialer.js";
import type { Clock } from "../util/clock.js";
import type { Logger } from "../util/log.js";
import { applyRoutes, type RouteMessage } from "./forwarded-network.js";
import { holdSpawnedWorker, type EarlyEnd } from "./spawned-worker.js";
import type { SimNodesConfig } from "./sim-nodes.js";

export interface SimNodeStartMessage {
  t: "start";
  port: MessagePort;
  config: SimNodesConfig;
  verbosity: number;
  /** The kubelet API servers' client CA and first port (absent: the nodes serve no kubelet API). */
  kubeletServer?: { clientCAPem: string; port: number };
  /** The pods' network, whose DNS questions come here. */
  podNetwork?: { clusterCIDR: string; serviceCIDR: string };
  /** CoreDNS pods answer /ready once dns-ready arrives. */
  coredns: boolean;
}

export type SimNodeParentMessage =
  | SimNodeStartMessage
  | { t: "go" }
  | { t: "dns-answer"; id: number; result?: DnsResult; error?: string }
  | { t: "dns-ready" }
  | { t: "stop" };

export type SimNodeWorkerMessage =
  | RouteMessage
  | { t: "dns"; id: number; q: Question }
  | { t: "started"; kubeProxyPort?: number }
  | { t: "ready" }
  | { t: "stopped"; reason: string }
  | { t: "exited" };

export interface SimNodeThreadOptions {
  config: SimNodesConfig;
  clock: Clock;
  logger: Logger;
  kubeletServer?: { network: SimulatedNetwork; clientCAPem: string; port: number };
  podNetwork?: { dns: { lookup(q: Question): Promise<DnsResult> }; clusterCIDR: string; serviceCIDR: string };
  coredns?: { ready(): boolean };
}

export interface SimNodeThread {
  /** Resolves once the worker built the nodes (and served the kube-proxy's port, if it could). */
  started: Promise<{ kubeProxyPort?: number }>;
  /** Every node is ready. */
  ready: Promise<void>;
  /** Resolves with why the nodes stopped. */
  stopped: Promise<string>;
  /** The control plane is up: the nodes join it. */
  go(): void;
  /** Stops the nodes (their state saved), then the worker; resolves once it is gone. */
  stop(): Promise<void>;
}

/** A worker thread loading the sim nodes' code, not yet started: spawned early, its start-up overlaps the API server's. */
export interface SpawnedSimNodeThread {
  /** Builds and starts the nodes, as clients of server. Once only. */
  start(server: LoopbackServer, o: SimNodeThreadOptions): SimNodeThread;
  /** Ends a thread that was never started (a start-up that failed first). */
  terminate(): Promise<void>;
}

/**
 * The sim nodes' young generation. Their pod syncs, status writes and decoded watch events
 * are short-lived garbage made fast; a larger nursery than V8's default is scavenged less
 * often (with 200 nodes, about a sixth less of the thread's CPU per pod, at the same
 * resident size).
 */
const SIM_NODE_YOUNG_GENERATION_MB = 64;

/** How often the cluster DNS server's readiness is looked at until it is ready. */
const DNS_READY_POLL_MS = 100;

export function spawnSimNodeThread(): SpawnedSimNodeThread {
  const held = holdSpawnedWorker(new Worker(new URL("./sim-node-worker.js", import.meta.url), { resourceLimits: { maxYoungGenerationSizeMb: SIM_NODE_YOUNG_GENERATION_MB } }));
  return {
    start(server, o) {
      const { worker, early } = held.start("sim node");
      return runInThread(worker, early, server, o);
    },
    terminate: () => held.terminate(),
  };
}

function runInThread(worker: Worker, early: EarlyEnd | undefined, server: LoopbackServer, o: SimNodeThreadOptions): SimNodeThread {
  const { port1, port2 } = new MessageChannel();
  const portServer = servePort(port1, server);
  const routes = o.kubeletServer ? applyRoutes(o.kubeletServer.network) : undefined;
  const post = (m: SimNodeParentMessage, transfer?: MessagePort[]) => worker.postMessage(m, transfer);
  const start: SimNodeStartMessage = {
    t: "start",
    port: port2,
    config: o.config,
    verbosity: o.logger.verbosity,
    kubeletServer: o.kubeletServer && { clientCAPem: o.kubeletServer.clientCAPem, port: o.kubeletServer.port },
    podNetwork: o.podNetwork && { clusterCIDR: o.podNetwork.clusterCIDR, serviceCIDR: o.podNetwork.serviceCIDR },
    coredns: o.coredns !== undefined,
  };
  post(start, [port2]);

  let gone = false;
  let stopAsked = false;
  let isReady = false;
  let onStarted!: (s: { kubeProxyPort?: number }) => void;
  let notStarted!: (err: Error) => void;
  const startedP = new Promise<{ kubeProxyPort?: number }>((res, rej) => ((onStarted = res), (notStarted = rej)));
  let ready!: () => void;
  let notReady!: (err: Error) => void;
  const readyP = new Promise<void>((res, rej) => ((ready = res), (notReady = rej)));
  // Nobody may be waiting when the worker fails.
  readyP.catch(() => undefined);
  startedP.catch(() => undefined);
  let stopped!: (reason: string) => void;
  const stoppedP = new Promise<string>((res) => (stopped = res));
  let exited!: () => void;
  const exit = new Promise<void>((res) => (exited = res));
  let stopReason: string | undefined;
  const noteStopped = (reason: string) => {
    if (stopReason !== undefined) return;
    stopReason = reason;
    if (!isReady) notReady(new Error(reason));
    notStarted(new Error(reason));
    stopped(reason);
  };

  // CoreDNS pods in the worker answer /ready as the cluster DNS server here does.
  let dnsPoll: { cancel(): void } | undefined;
  if (o.coredns) {
    const dns = o.coredns;
    const tellWhenReady = () => {
      if (gone || !dns.ready()) return false;
      post({ t: "dns-ready" });
      return true;
    };
    if (!tellWhenReady()) {
      dnsPoll = o.clock.setInterval(() => {
        if (tellWhenReady() || gone) dnsPoll?.cancel();
      }, DNS_READY_POLL_MS);
    }
  }

  const answerDns = (id: number, q: Question) => {
    const dns = o.podNetwork?.dns;
    if (!dns) return post({ t: "dns-answer", id, error: "no cluster DNS" });
    dns.lookup(q).then(
      (result) => !gone && post({ t: "dns-answer", id, result }),
      (err: unknown) => !gone && post({ t: "dns-answer", id, error: (err as Error).message ?? String(err) }),
    );
  };

  const end = (reason: string) => {
    if (gone) return;
    gone = true;
    dnsPoll?.cancel();
    noteStopped(reason);
    routes?.dropAll();
    portServer.close();
    exited();
  };

  worker.on("message", (m: SimNodeWorkerMessage) => {
    switch (m.t) {
      case "route":
      case "unroute":
        return routes?.apply(m);
      case "dns":
        return answerDns(m.id, m.q);
      case "started":
        return onStarted({ kubeProxyPort: m.kubeProxyPort });
      case "ready":
        isReady = true;
        return ready();
      case "stopped":
        return noteStopped(m.reason);
      case "exited":
        return void worker.terminate();
    }
  });
  const failed = (err: Error) => {
    o.logger.error(`sim nodes stopped: ${err.stack ?? err}`);
    end(`sim nodes stopped: ${err.message}`);
  };
  const threadExited = (code: number) => end(`sim nodes stopped: their thread exited with code ${code}`);
  worker.on("error", failed);
  worker.on("exit", threadExited);
  if (early?.error) failed(early.error);
  if (early?.exitCode !== undefined) threadExited(early.exitCode);

  return {
    started: startedP,
    ready: readyP,
    stopped: stoppedP,
    go: () => void (!gone && post({ t: "go" })),
    async stop() {
      if (!gone && !stopAsked) post({ t: "stop" });
      stopAsked = true;
      await exit;
    },
  };
}
