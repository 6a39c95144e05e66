/**
 * Skiff as a library: a whole cluster in this process (API server on an
 * in-memory store by default, controller manager, scheduler, simulated
 * nodes), returning its kubeconfig, an admin client and stop(). Clusters
 * share nothing, so several can run side by side in one process. With a
 * VirtualClock every component's time moves only when the test advances it.
 *
 *   const clock = new VirtualClock(Date.now());
 *   const cluster = await startCluster({ nodes: 3, storage: "memory", clock });
 *   await clock.advance(45_000); // a silent node goes Unknown, in milliseconds
 *   await cluster.stop();
 */
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { createClient, createLoopbackTransport } from "../client/index.js";
import type { Client } from "../client/types.js";
import { startControlPlane } from "../cli/control-plane.js";
import type { ControllerManagerOptions } from "../controllers/context.js";
import { realClock, type Clock } from "../util/clock.js";
import { createLogger, silentLogger } from "../util/log.js";
import { startClusterComponents } from "./components.js";
import { createSimulatedNetwork } from "../network/dialer.js";
import { adminUser } from "./identities.js";

export interface StartClusterOptions {
  /** The first kubelet API port (default 0: any free port per node). */
  kubeletPort?: number;
  /** Simulated nodes (node-1 .. node-N). Default 1. */
  nodes?: number;
  /** "memory" (default) or "sqlite" (kept in dataDir). */
  storage?: "memory" | "sqlite";
  /** Where PKI, kubeconfig and SQLite live; default a fresh temporary directory, removed by stop(). */
  dataDir?: string;
  /** Every component's time; default the wall clock. */
  clock?: Clock;
  /** Log verbosity (klog --v); undefined logs nothing. */
  verbosity?: number;
  /** Where log lines go when verbosity is set; default stderr. */
  log?: (line: string) => void;
  nodeCapacity?: Record<string, string>;
  plegThresholdMs?: number;
  controllers?: Partial<ControllerManagerOptions> & { enabled?: string[] };
  clusterCIDR?: string;
  serviceCIDR?: string;
  /** Deploy metrics-server (kube-system) and its APIService v1beta1.metrics.k8s.io, as `skiff up` with nodes does. Default false. */
  metricsServer?: boolean;
}

export interface RunningCluster {
  /** Path of the admin kubeconfig (HTTPS on 127.0.0.1, a free port). */
  kubeconfig: string;
  url: string;
  /** An admin client through the in-process loopback transport. */
  client: Client;
  clock: Clock;
  stop(): Promise<void>;
}

export async function startCluster(opts: StartClusterOptions = {}): Promise<RunningCluster> {
  const clock = opts.clock ?? realClock;
  const ownDir = opts.dataDir === undefined;
  const dataDir = opts.dataDir ?? mkdtempSync(join(tmpdir(), "skiff-cluster-"));
  const clusterCIDR = opts.clusterCIDR ?? "10.244.0.0/16";
  const serviceCIDR = opts.serviceCIDR ?? "10.96.0.0/12";
  const network = createSimulatedNetwork();
  const cp = await startControlPlane({
    dataDir,
    port: 0,
    bindAddress: "127.0.0.1",
    storage: opts.storage ?? "memory",
    etcdEndpoints: [],
    clusterCIDR,
    serviceCIDR,
    nodePortRange: [30000, 32767],
    clock,
    network,
    metricsServer: opts.metricsServer,
  });
  const logger = opts.verbosity === undefined ? silentLogger() : createLogger({ component: "skiff", verbosity: opts.verbosity, clock, write: opts.log });
  const components = await startClusterComponents(cp.apiServer, {
    clock,
    logger,
    nodes: opts.nodes ?? 1,
    nodeCapacity: opts.nodeCapacity,
    plegThresholdMs: opts.plegThresholdMs,
    kubeletServer: { network, clientCAPem: cp.caPem, port: opts.kubeletPort ?? 0 },
    // A cluster on a given data dir keeps its nodes' containers across restarts.
    nodeStateDir: ownDir ? undefined : join(dataDir, "nodes"),
    controllers: { clusterCIDR, serviceCIDR, rootCAPem: cp.caPem, serviceAccountPrivateKeyPem: cp.serviceAccountPrivateKeyPem, clusterSigning: cp.ca, ...opts.controllers },
  });
  await components.ready;
  return {
    kubeconfig: cp.kubeconfigPath,
    url: cp.url,
    client: createClient({ transport: createLoopbackTransport(cp.apiServer, adminUser), identity: "admin" }),
    clock,
    async stop() {
      await components.stop();
      await cp.stop();
      if (ownDir) rmSync(dataDir, { recursive: true, force: true });
    },
  };
}
