/**
 * Where the HPA gets pod resource usage: the resource metrics API
 * (metrics.k8s.io/v1beta1 PodMetrics, served by metrics-server through the
 * aggregator). Errors carry upstream's wording, which ends up in events
 * and conditions.
 */
import type { Pod } from "kubernetes-types/core/v1.js";
import { parseQuantity } from "../../api/validation/core-quantity.js";
import type { Client } from "../../client/types.js";

export interface ResourceUtilization {
  /** Average utilisation in percent of request over the pods with metrics. */
  utilization: number;
  /** Average raw usage in milli-units. */
  averageMilli: number;
  /** Pods that contributed. */
  podCount: number;
}

/** One adapter to plug a metrics backend into the HPA. */
export interface MetricsSource {
  /** Rejects with an Error whose message is upstream's (e.g. "unable to fetch metrics from resource metrics API: ..."). */
  podResourceUtilization(namespace: string, labelSelector: string, resource: string, pods: readonly Pod[]): Promise<ResourceUtilization>;
}

interface PodMetrics {
  metadata: { name: string };
  containers: { name: string; usage: Record<string, string> }[];
}

function apiErrorText(status: number): string {
  if (status === 404) return "the server could not find the requested resource (get pods.metrics.k8s.io)";
  if (status === 503) return "the server is currently unable to handle the request (get pods.metrics.k8s.io)";
  return `an error on the server has prevented the request from succeeding (get pods.metrics.k8s.io)`;
}

export function createResourceMetricsSource(client: Client): MetricsSource {
  return {
    async podResourceUtilization(namespace, labelSelector, resource, pods) {
      const res = await client.raw("GET", `/apis/metrics.k8s.io/v1beta1/namespaces/${namespace}/pods?labelSelector=${encodeURIComponent(labelSelector)}`);
      if (res.status >= 300) throw new Error(`unable to fetch metrics from resource metrics API: ${apiErrorText(res.status)}`);
      const items = (JSON.parse(res.body.toString()) as { items?: PodMetrics[] }).items ?? [];
      if (!items.length) throw new Error("no metrics returned from resource metrics API");
      const byName = new Map(pods.map((p) => [p.metadata?.name, p]));
      let usage = 0n;
      let requests = 0n;
      let count = 0;
      for (const m of items) {
        const pod = byName.get(m.metadata.name);
        if (!pod || pod.status?.phase !== "Running") continue;
        for (const c of pod.spec?.containers ?? []) {
          const req = c.resources?.requests?.[resource];
          if (req === undefined) throw new Error(`missing request for ${resource} in container ${c.name} of Pod ${m.metadata.name}`);
          requests += parseQuantity(req).milliValue();
        }
        for (const c of m.containers) if (c.usage[resource] !== undefined) usage += parseQuantity(c.usage[resource]).milliValue();
        count++;
      }
      if (!count || requests === 0n) throw new Error("did not receive metrics for targeted pods (pods might be unready)");
      return { utilization: Number((usage * 100n) / requests), averageMilli: Number(usage) / count, podCount: count };
    },
  };
}
