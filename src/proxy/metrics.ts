/**
 * kube-proxy's metrics, named and described as upstream's
 * pkg/proxy/metrics (all ALPHA), with its buckets
 * (ExponentialBuckets(0.001, 2, 15) for sync durations).
 */
import { Counter, Gauge, Histogram, type Registry } from "prom-client";
import { registerProcessMetrics } from "../metrics/process-metrics.js";
import { createRegistry, exponentialBuckets, help } from "../metrics/registry.js";

export interface ProxyMetrics {
  readonly registry: Registry;
  /** A sync's duration, full or partial. */
  synced(seconds: number, full: boolean): void;
  syncedAt(epochSeconds: number): void;
  queuedAt(epochSeconds: number): void;
  rules(table: "filter" | "nat", total: number, lastSync: number): void;
  restoreFailed(partial: boolean): void;
  changes(services: { pending: number; total: number }, endpoints: { pending: number; total: number }): void;
  noLocalEndpoints(internal: number, external: number): void;
  healthz(kind: "healthz" | "livez", code: number): void;
}

export function createProxyMetrics(registry: Registry = createRegistry(), withProcess = true): ProxyMetrics {
  const a = (text: string) => help("ALPHA", text);
  const buckets = exponentialBuckets(0.001, 2, 15);
  const registers = [registry];
  const duration = new Histogram({ name: "kubeproxy_sync_proxy_rules_duration_seconds", help: a("SyncProxyRules latency in seconds"), buckets, registers });
  const fullDuration = new Histogram({ name: "kubeproxy_sync_full_proxy_rules_duration_seconds", help: a("SyncProxyRules latency in seconds for full resyncs"), buckets, registers });
  const partialDuration = new Histogram({ name: "kubeproxy_sync_partial_proxy_rules_duration_seconds", help: a("SyncProxyRules latency in seconds for partial resyncs"), buckets, registers });
  const last = new Gauge({ name: "kubeproxy_sync_proxy_rules_last_timestamp_seconds", help: a("The last time proxy rules were successfully synced"), registers });
  const queued = new Gauge({ name: "kubeproxy_sync_proxy_rules_last_queued_timestamp_seconds", help: a("The last time a sync of proxy rules was queued"), registers });
  const epPending = new Gauge({ name: "kubeproxy_sync_proxy_rules_endpoint_changes_pending", help: a("Pending proxy rules Endpoint changes"), registers });
  const epTotal = new Counter({ name: "kubeproxy_sync_proxy_rules_endpoint_changes_total", help: a("Cumulative proxy rules Endpoint changes"), registers });
  const svcPending = new Gauge({ name: "kubeproxy_sync_proxy_rules_service_changes_pending", help: a("Pending proxy rules Service changes"), registers });
  const svcTotal = new Counter({ name: "kubeproxy_sync_proxy_rules_service_changes_total", help: a("Cumulative proxy rules Service changes"), registers });
  const restoreFailures = new Counter({ name: "kubeproxy_sync_proxy_rules_iptables_restore_failures_total", help: a("Cumulative proxy iptables restore failures"), registers });
  const partialFailures = new Counter({ name: "kubeproxy_sync_proxy_rules_iptables_partial_restore_failures_total", help: a("Cumulative proxy iptables partial restore failures"), registers });
  const total = new Gauge({ name: "kubeproxy_sync_proxy_rules_iptables_total", help: a("Total number of iptables rules owned by kube-proxy"), labelNames: ["table"], registers });
  const lastSync = new Gauge({ name: "kubeproxy_sync_proxy_rules_iptables_last", help: a("Number of iptables rules written by kube-proxy in last sync"), labelNames: ["table"], registers });
  const noLocal = new Gauge({ name: "kubeproxy_sync_proxy_rules_no_local_endpoints_total", help: a("Number of services with a Local traffic policy and no endpoints"), labelNames: ["traffic_policy"], registers });
  const healthz = new Counter({ name: "kubeproxy_proxy_healthz_total", help: a("Cumulative proxy healthz HTTP status"), labelNames: ["code"], registers });
  const livez = new Counter({ name: "kubeproxy_proxy_livez_total", help: a("Cumulative proxy livez HTTP status"), labelNames: ["code"], registers });
  if (withProcess) registerProcessMetrics(registry);
  let seenSvc = 0;
  let seenEp = 0;
  return {
    registry,
    synced(seconds, full) {
      duration.observe(seconds);
      (full ? fullDuration : partialDuration).observe(seconds);
    },
    syncedAt: (s) => last.set(s),
    queuedAt: (s) => queued.set(s),
    rules(table, t, l) {
      total.set({ table }, t);
      lastSync.set({ table }, l);
    },
    restoreFailed(partial) {
      restoreFailures.inc();
      if (partial) partialFailures.inc();
    },
    changes(svc, ep) {
      svcPending.set(svc.pending);
      epPending.set(ep.pending);
      if (svc.total > seenSvc) svcTotal.inc(svc.total - seenSvc);
      if (ep.total > seenEp) epTotal.inc(ep.total - seenEp);
      seenSvc = svc.total;
      seenEp = ep.total;
    },
    noLocalEndpoints(internal, external) {
      noLocal.set({ traffic_policy: "internal" }, internal);
      noLocal.set({ traffic_policy: "external" }, external);
    },
    healthz(kind, code) {
      (kind === "healthz" ? healthz : livez).inc({ code: String(code) });
    },
  };
}
