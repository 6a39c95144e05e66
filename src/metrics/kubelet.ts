/**
 * A kubelet's metrics, served on its /metrics (port 10250):
 * kubelet_pleg_relist_duration_seconds, kubelet_pleg_relist_interval_seconds
 * (Prometheus' default buckets, as upstream), kubelet_pleg_last_seen_seconds
 * and kubelet_node_name. Sim kubelets share their process, so the process_*
 * metrics are left to the control plane components.
 */
import { Gauge, Histogram, type Registry } from "prom-client";
import type { PlegMetrics } from "../kubelet/pleg/pleg.js";
import { createRegistry, DEFAULT_BUCKETS, help } from "./registry.js";

export interface KubeletMetrics {
  readonly registry: Registry;
  readonly pleg: PlegMetrics;
}

export function createKubeletMetrics(o: { nodeName: string; lastRelistMs: () => number }): KubeletMetrics {
  const registry = createRegistry();
  const duration = new Histogram({ name: "kubelet_pleg_relist_duration_seconds", help: help("ALPHA", "Duration in seconds for relisting pods in PLEG."), buckets: [...DEFAULT_BUCKETS], registers: [registry] });
  const interval = new Histogram({ name: "kubelet_pleg_relist_interval_seconds", help: help("ALPHA", "Interval in seconds between relisting in PLEG."), buckets: [...DEFAULT_BUCKETS], registers: [registry] });
  new Gauge({
    name: "kubelet_pleg_last_seen_seconds",
    help: help("ALPHA", "Timestamp in seconds when PLEG was last seen active."),
    registers: [registry],
    collect() {
      const at = o.lastRelistMs();
      if (at !== 0) this.set(at / 1000);
    },
  });
  new Gauge({ name: "kubelet_node_name", help: help("ALPHA", "The node's name. The count is always 1."), labelNames: ["node"], registers: [registry] }).set({ node: o.nodeName }, 1);
  return {
    registry,
    pleg: { relistDuration: (s) => duration.observe(s), relistInterval: (s) => interval.observe(s) },
  };
}
