/**
 * What one scrape of a kubelet yields (upstream's storage.MetricsPoint and
 * MetricsBatch): cumulative CPU time and memory working set at a time, for
 * the node and each running container. Read from the kubelet's summary API.
 */

export interface MetricsPoint {
  /** When the container (or node) started, ms. */
  startTime: number;
  /** When the figures were taken, ms. */
  timestamp: number;
  /** Cumulative CPU time in core-nanoseconds. */
  cumulativeCpuUsed: number;
  memoryUsage: number;
}

export interface PodPoints {
  namespace: string;
  name: string;
  containers: Map<string, MetricsPoint>;
}

export interface MetricsBatch {
  nodes: Map<string, MetricsPoint>;
  /** By "namespace/name". */
  pods: Map<string, PodPoints>;
}

interface SummaryUsage {
  startTime?: string;
  cpu?: { time?: string; usageCoreNanoSeconds?: number };
  memory?: { time?: string; workingSetBytes?: number };
}

interface Summary {
  node?: SummaryUsage & { nodeName?: string };
  pods?: { podRef?: { name?: string; namespace?: string }; containers?: (SummaryUsage & { name?: string })[] }[];
}

/** A point when the figures are complete (upstream skips those that are not). */
function point(u: SummaryUsage): MetricsPoint | undefined {
  const cpu = u.cpu?.usageCoreNanoSeconds;
  const mem = u.memory?.workingSetBytes;
  const time = Date.parse(u.cpu?.time ?? u.memory?.time ?? "");
  const start = Date.parse(u.startTime ?? "");
  if (typeof cpu !== "number" || typeof mem !== "number" || Number.isNaN(time)) return undefined;
  return { startTime: Number.isNaN(start) ? 0 : start, timestamp: time, cumulativeCpuUsed: cpu, memoryUsage: mem };
}

/** The batch of one node's /stats/summary. */
export function batchFromSummary(nodeName: string, body: unknown): MetricsBatch {
  const s = (body ?? {}) as Summary;
  const batch: MetricsBatch = { nodes: new Map(), pods: new Map() };
  const node = s.node && point(s.node);
  if (node) batch.nodes.set(nodeName, node);
  for (const pod of s.pods ?? []) {
    const { namespace, name } = pod.podRef ?? {};
    if (!namespace || !name) continue;
    const containers = new Map<string, MetricsPoint>();
    for (const c of pod.containers ?? []) {
      const p = c.name && point(c);
      if (p && c.name) containers.set(c.name, p);
    }
    if (containers.size) batch.pods.set(`${namespace}/${name}`, { namespace, name, containers });
  }
  return batch;
}
