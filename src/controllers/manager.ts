/**
 * The controller manager: builds every controller over one shared informer
 * factory, starts the informers once all have registered their handlers and
 * indexers, and runs each controller with its workers (upstream's
 * --concurrent-*-syncs defaults). Leader election keeps one active manager
 * when several run against one cluster.
 */
import type { Component, Controller } from "../client/types.js";
import { runLeaderElection } from "../client/leader-election.js";
import { withWorkQueueMetrics } from "../client/workqueue-metrics.js";
import type { ControllerContext } from "./context.js";
import { CONTROLLER_SERVICE_ACCOUNT, controllerUser, ensureControllerServiceAccounts } from "./service-accounts.js";
import { createCronJobController } from "./cronjob/index.js";
import { createDaemonSetController } from "./daemonset/index.js";
import { createDeploymentController } from "./deployment/index.js";
import { createDisruptionController } from "./disruption/index.js";
import { createEndpointsController } from "./endpoints/index.js";
import { createEndpointSliceController } from "./endpointslice/index.js";
import { createGarbageCollector } from "./garbage-collector/index.js";
import { createHorizontalPodAutoscalerController } from "./horizontal-pod-autoscaler/index.js";
import { createJobController } from "./job/index.js";
import { createNamespaceController } from "./namespace/index.js";
import { createNodeIpamController } from "./node-ipam/index.js";
import { createNodeLifecycleController } from "./node-lifecycle/index.js";
import { createPodGCController } from "./podgc/index.js";
import { createReplicaSetController } from "./replicaset/index.js";
import { createReplicationControllerManager } from "./replicationcontroller/index.js";
import { createFlowSchemaStatusController } from "./apf-config/flowschema-status.js";
import { createResourceQuotaController } from "./resourcequota/index.js";
import { createServiceAccountController } from "./serviceaccount/index.js";
import { createServiceAccountTokenController } from "./serviceaccount-token/index.js";
import { createRootCACertPublisher } from "./root-ca-cert-publisher/index.js";
import { createStatefulSetController } from "./statefulset/index.js";
import { createTTLAfterFinishedController } from "./ttl-after-finished/index.js";
import { createBootstrapSigner } from "./bootstrap-signer/index.js";
import { createTokenCleaner } from "./token-cleaner/index.js";
import { createCSRApprovingController, createCSRCleanerController, createCSRSigningController } from "./certificates/index.js";
import { createClusterRoleAggregationController } from "./clusterrole-aggregation/index.js";
import { createApiRouteTable, createRouteController, DEFAULT_ROUTE_RECONCILIATION_PERIOD_MS } from "../cloudcontroller/route/index.js";
import { createFaultController, withRouteLoss } from "../doctor/chaos/index.js";
import { FAULTS, ROUTES } from "../client/resources.js";
import type { RouteObject } from "../api/network/routes.js";
import type { FaultObject } from "../api/chaos/faults.js";

type Factory = (ctx: ControllerContext) => Controller;

/** Controller name (as upstream's --controllers) -> factory and default worker count. */
export const CONTROLLERS: Record<string, { create: Factory; workers: number }> = {
  deployment: { create: createDeploymentController, workers: 5 },
  replicaset: { create: createReplicaSetController, workers: 5 },
  replicationcontroller: { create: createReplicationControllerManager, workers: 5 },
  "priority-and-fairness-config": { create: createFlowSchemaStatusController, workers: 1 },
  statefulset: { create: createStatefulSetController, workers: 5 },
  daemonset: { create: createDaemonSetController, workers: 2 },
  job: { create: createJobController, workers: 5 },
  cronjob: { create: createCronJobController, workers: 5 },
  "garbage-collector": { create: (ctx) => createGarbageCollector(ctx), workers: 20 },
  namespace: { create: createNamespaceController, workers: 10 },
  "node-ipam": { create: createNodeIpamController, workers: 1 },
  "node-lifecycle": { create: createNodeLifecycleController, workers: 1 },
  endpoint: { create: createEndpointsController, workers: 5 },
  endpointslice: { create: createEndpointSliceController, workers: 5 },
  serviceaccount: { create: createServiceAccountController, workers: 1 },
  "serviceaccount-token": { create: createServiceAccountTokenController, workers: 5 },
  "root-ca-certificate-publisher": { create: createRootCACertPublisher, workers: 1 },
  resourcequota: { create: createResourceQuotaController, workers: 5 },
  horizontalpodautoscaling: { create: (ctx) => createHorizontalPodAutoscalerController(ctx), workers: 5 },
  "pod-garbage-collector": { create: createPodGCController, workers: 1 },
  "ttl-after-finished": { create: createTTLAfterFinishedController, workers: 5 },
  // One worker, as upstream's disruption controller.
  disruption: { create: createDisruptionController, workers: 1 },
  "bootstrap-signer": { create: createBootstrapSigner, workers: 1 },
  "token-cleaner": { create: createTokenCleaner, workers: 1 },
  "certificatesigningrequest-approving": { create: createCSRApprovingController, workers: 5 },
  "certificatesigningrequest-signing": { create: createCSRSigningController, workers: 5 },
  "certificatesigningrequest-cleaner": { create: createCSRCleanerController, workers: 1 },
  "clusterrole-aggregation": { create: createClusterRoleAggregationController, workers: 1 },
  // --configure-cloud-routes: one route per node podCIDR in the (simulated) cloud's route table.
  "node-route-controller": {
    create: (ctx) =>
      createRouteController(ctx, {
        clusterName: ctx.options.clusterName ?? "kubernetes",
        clusterCIDRs: ctx.options.clusterCIDR.split(",").map((c) => c.trim()),
        periodMs: ctx.options.routeReconciliationPeriodMs ?? DEFAULT_ROUTE_RECONCILIATION_PERIOD_MS,
        // A RouteLoss Fault takes the controller's cloud permission away.
        routeTable: withRouteLoss(createApiRouteTable(ctx.client, ctx.informers.forResource<RouteObject>(ROUTES).lister), ctx.informers.forResource<FaultObject>(FAULTS).lister, ctx.options.clusterName ?? "kubernetes"),
      }),
    workers: 1,
  },
  // Skiff's own: enacts and heals the cluster faults of chaos.skiff.dev Faults.
  "chaos-fault": { create: createFaultController, workers: 1 },
};

export interface ControllerManagerOptions {
  /** Controllers to run; default all. Upstream's --controllers syntax: "*", "-name" to disable. */
  controllers?: string[];
  /** Elect a leader through the kube-system/kube-controller-manager Lease. */
  leaderElect?: boolean;
}

export function enabledControllers(spec: string[] | undefined): string[] {
  const all = Object.keys(CONTROLLERS);
  if (!spec || spec.length === 0) return all;
  const disabled = new Set(spec.filter((s) => s.startsWith("-")).map((s) => s.slice(1)));
  const explicit = spec.filter((s) => s !== "*" && !s.startsWith("-"));
  const base = spec.includes("*") ? all : explicit;
  for (const name of [...explicit, ...disabled]) if (!CONTROLLERS[name]) throw new Error(`unknown controller "${name}"`);
  return base.filter((n) => !disabled.has(n));
}

export function createControllerManager(ctx: ControllerContext, opts: ControllerManagerOptions = {}): Component {
  let markReady!: () => void;
  const ready = new Promise<void>((r) => (markReady = r));
  const names = enabledControllers(opts.controllers);
  // Each controller writes as its own user; informers stay shared, with the manager's identity.
  const contextFor = (name: string): ControllerContext => {
    const user = ctx.clientAs && controllerUser(name);
    return user ? { ...ctx, ...ctx.clientAs!(user) } : ctx;
  };
  const runAll = async (signal: AbortSignal) => {
    if (ctx.clientAs) await ensureControllerServiceAccounts(ctx.client, names.flatMap((n) => CONTROLLER_SERVICE_ACCOUNT[n] ?? []));
    // Every queue the controllers create reports to this manager's metrics.
    const controllers = withWorkQueueMetrics(ctx.workQueueMetrics, () =>
      names.map((n) => ({ name: n, c: CONTROLLERS[n].create(contextFor(n)), workers: ctx.options.workers?.[n] ?? CONTROLLERS[n].workers })),
    );
    // Start informers only after every controller registered its handlers and indexers.
    ctx.informers.start(signal);
    const runs = controllers.map(({ name, c, workers }) =>
      c.run(signal, workers).catch((err: unknown) => ctx.log(0, `controller ${name} stopped: ${(err as Error).message}`)),
    );
    await ctx.informers.waitForCacheSync(signal);
    ctx.log(1, `started ${controllers.length} controllers: ${names.join(", ")}`);
    markReady();
    await Promise.all(runs);
  };
  return {
    name: "kube-controller-manager",
    ready,
    async start(signal) {
      if (!opts.leaderElect) return runAll(signal);
      await runLeaderElection({
        client: ctx.client,
        clock: ctx.clock,
        namespace: "kube-system",
        name: "kube-controller-manager",
        identity: ctx.client.identity,
        signal,
        onStartedLeading: (leaderSignal: AbortSignal) => void runAll(leaderSignal),
        onStoppedLeading: () => ctx.log(0, "leader election lost"),
      } as Parameters<typeof runLeaderElection>[0]);
    },
  };
}
