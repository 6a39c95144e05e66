/**
 * Where the HPA gets pod resource usage: the resource metrics API
 * (metrics.k8s.io/v1beta1 PodMetrics, served by metrics-server through the
 * aggregator), as upstream's resourceMetricsClient. Errors carry upstream's
 * wording, which ends up in events and conditions.
 */
import { tryParseQuantity } from "../../api/validation/core-quantity.js";
import type { Client } from "../../client/types.js";
import { parseDurationMs } from "../../kubelet/duration.js";
import type { PodMetric } from "./resource-replicas.js";

/** One adapter to plug a metrics backend into the HPA. */
export interface MetricsSource {
  /** Each pod's usage of the resource, by pod name. Rejects with upstream's message (e.g. "unable to fetch metrics from resource metrics API: ..."). */
  podResourceMetrics(namespace: string, labelSelector: string, resource: string): Promise<Map<string, PodMetric>>;
}

interface PodMetrics {
  metadata: { name: string };
  timestamp?: string;
  window?: string;
  containers?: { name: string; usage?: Record<string, string> }[];
}

function apiErrorText(status: number): string {
  if (status === 404) return "the server could not find the requested resource (get pods.metrics.k8s.io)";
  if (status === 503) return "the server is currently unable to handle the request (get pods.metrics.k8s.io)";
  if (status === 403) return "pods.metrics.k8s.io is forbidden";
  return "an error on the server has prevented the request from succeeding (get pods.metrics.k8s.io)";
}

export function createResourceMetricsSource(client: Client): MetricsSource {
  return {
    async podResourceMetrics(namespace, labelSelector, resource) {
      const res = await client.raw("GET", `/apis/metrics.k8s.io/v1beta1/namespaces/${encodeURIComponent(namespace)}/pods?labelSelector=${encodeURIComponent(labelSelector)}`);
      if (res.status >= 300) throw new Error(`unable to fetch metrics from resource metrics API: ${apiErrorText(res.status)}`);
      const items = (JSON.parse(res.body.toString()) as { items?: PodMetrics[] }).items ?? [];
      if (!items.length) throw new Error("no metrics returned from resource metrics API");
      const out = new Map<string, PodMetric>();
      for (const m of items) {
        // A pod with a container lacking the resource is left out, as upstream's getPodMetrics does.
        let sum = 0;
        let complete = (m.containers ?? []).length > 0;
        for (const c of m.containers ?? []) {
          const q = tryParseQuantity(c.usage?.[resource]);
          if (!q) {
            complete = false;
            break;
          }
          sum += Number(q.milliValue());
        }
        if (complete) out.set(m.metadata.name, { valueMilli: sum, timestamp: Date.parse(m.timestamp ?? "") || 0, windowMs: parseDurationMs(m.window) ?? 0 });
      }
      return out;
    },
  };
}
