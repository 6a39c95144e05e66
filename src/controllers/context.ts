/**
 * What every controller is built from: a client, the shared informers of
 * its controller manager, the clock, an event recorder, and the manager's
 * options (upstream kube-controller-manager flags).
 */
import type { Clock } from "../util/clock.js";
import type { Client, InformerFactory } from "../client/types.js";
import type { EventRecorder } from "../client/events.js";
import type { WorkQueueMetricsProvider } from "../client/workqueue-metrics.js";
import type { UserInfo } from "../api/types.js";

export interface ControllerManagerOptions {
  /** --cluster-cidr, carved into per-node podCIDRs. */
  clusterCIDR: string;
  /** --node-cidr-mask-size (default 24). */
  nodeCIDRMaskSize: number;
  /** --service-cidr. */
  serviceCIDR: string;
  /** --node-monitor-grace-period (default 40s). */
  nodeMonitorGracePeriodMs: number;
  /** --node-monitor-period (default 5s). */
  nodeMonitorPeriodMs: number;
  /** DefaultTolerationSeconds (300) is applied by admission; the taint manager evicts when it runs out. */
  podEvictionTimeoutMs?: number;
  /** --terminated-pod-gc-threshold (default 12500). */
  terminatedPodGCThreshold: number;
  /** --horizontal-pod-autoscaler-sync-period (default 15s). */
  hpaSyncPeriodMs: number;
  /** The cluster CA (--root-ca-file), published as kube-root-ca.crt in every namespace. */
  rootCAPem?: string;
  /** sa.key (--service-account-private-key-file): signs the tokens of legacy token Secrets. */
  serviceAccountPrivateKeyPem?: string;
  /** The CA csrsigning signs with (--cluster-signing-cert-file / --cluster-signing-key-file). */
  clusterSigning?: { certPem: string; keyPem: string };
  /** --cluster-signing-duration (default 8760h). */
  clusterSigningDurationMs?: number;
  /** --cluster-name (default "kubernetes"): names the cloud routes the route controller makes. */
  clusterName?: string;
  /** --route-reconciliation-period (default 10s). */
  routeReconciliationPeriodMs?: number;
  /** --concurrent-*-syncs, per controller name; default 5 (1 for some, as upstream). */
  workers?: Record<string, number>;
}

export const defaultControllerManagerOptions: ControllerManagerOptions = {
  clusterCIDR: "10.244.0.0/16",
  nodeCIDRMaskSize: 24,
  serviceCIDR: "10.96.0.0/12",
  nodeMonitorGracePeriodMs: 40_000,
  nodeMonitorPeriodMs: 5_000,
  terminatedPodGCThreshold: 12_500,
  hpaSyncPeriodMs: 15_000,
};

export interface ControllerContext {
  client: Client;
  informers: InformerFactory;
  clock: Clock;
  /** An event recorder reporting as the named component (e.g. "deployment-controller"). */
  recorder(component: string): EventRecorder;
  options: ControllerManagerOptions;
  /** Verbosity (--v): controllers log at levels as upstream's klog. */
  verbosity: number;
  log(level: number, message: string): void;
  /** Errors (klog's E lines, upstream's utilruntime.HandleError); absent, they go to log(0). */
  error?(message: string): void;
  /** Where the controllers' work queues report (the controller manager's /metrics). */
  workQueueMetrics?: WorkQueueMetricsProvider;
  /**
   * A client and event recorder acting as another user: each controller's
   * own identity (--use-service-account-credentials). Absent, every
   * controller uses the manager's client.
   */
  clientAs?(user: UserInfo): Pick<ControllerContext, "client" | "recorder">;
}

/** How a controller's worker loop logs: progress at V2, sync errors as errors (upstream's HandleError). */
export function runnerLogs(ctx: ControllerContext): { log(message: string): void; error(message: string): void } {
  return { log: (m) => ctx.log(2, m), error: (m) => (ctx.error ? ctx.error(m) : ctx.log(0, m)) };
}
