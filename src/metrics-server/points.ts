/**
 * What one scrape of a kubelet yields (upstream's storage.MetricsPoint and
 * MetricsBatch): cumulative CPU time and memory working set at a time, for
 * the node and each running container, read from the kubelet's
 * /metrics/resource.
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

interface Sample {
  name: string;
  labels: Record<string, string>;
  value: number;
  /** ms, when the sample has a timestamp. */
  time?: number;
}

/** One sample line of the Prometheus text format; undefined for comments, blanks and lines it cannot read. */
export function parseSample(line: string): Sample | undefined {
  const m = /^([a-zA-Z_:][a-zA-Z0-9_:]*)(\{(.*)\})?\s+(\S+)(?:\s+(-?\d+))?\s*$/.exec(line);
  if (!m) return undefined;
  const labels: Record<string, string> = {};
  if (m[3]) {
    for (const l of m[3].matchAll(/([a-zA-Z_][a-zA-Z0-9_]*)="((?:[^"\\]|\\.)*)"/g)) labels[l[1]] = l[2].replace(/\\(.)/g, (_x, ch: string) => (ch === "n" ? "\n" : ch));
  }
  const value = m[4] === "+Inf" ? Infinity : m[4] === "-Inf" ? -Infinity : Number(m[4]);
  if (Number.isNaN(value) && m[4] !== "NaN") return undefined;
  return { name: m[1], labels, value, ...(m[5] !== undefined ? { time: Number(m[5]) } : {}) };
}

/**
 * The batch of one node's /metrics/resource (upstream's decodeBatch): the
 * node's and each container's cumulative CPU seconds and working set, at
 * the samples' timestamps; containers lacking a figure are left out.
 */
export function batchFromResourceMetrics(nodeName: string, text: string): MetricsBatch {
  const batch: MetricsBatch = { nodes: new Map(), pods: new Map() };
  const node: Partial<MetricsPoint> = { startTime: 0 };
  const containers = new Map<string, Partial<MetricsPoint> & { namespace: string; pod: string; container: string }>();
  const container = (l: Record<string, string>) => {
    const key = `${l.namespace}/${l.pod}/${l.container}`;
    let c = containers.get(key);
    if (!c) containers.set(key, (c = { namespace: l.namespace ?? "", pod: l.pod ?? "", container: l.container ?? "" }));
    return c;
  };
  for (const line of text.split("\n")) {
    if (!line || line.startsWith("#")) continue;
    const s = parseSample(line);
    if (!s) continue;
    switch (s.name) {
      case "node_cpu_usage_seconds_total":
        node.cumulativeCpuUsed = Math.round(s.value * 1e9);
        node.timestamp = s.time;
        break;
      case "node_memory_working_set_bytes":
        node.memoryUsage = s.value;
        break;
      case "container_cpu_usage_seconds_total": {
        const c = container(s.labels);
        c.cumulativeCpuUsed = Math.round(s.value * 1e9);
        c.timestamp = s.time;
        break;
      }
      case "container_memory_working_set_bytes":
        container(s.labels).memoryUsage = s.value;
        break;
      case "container_start_time_seconds":
        container(s.labels).startTime = Math.round(s.value * 1000);
        break;
    }
  }
  const complete = (p: Partial<MetricsPoint>): p is MetricsPoint => p.cumulativeCpuUsed !== undefined && p.memoryUsage !== undefined && p.timestamp !== undefined && p.startTime !== undefined;
  if (complete(node)) batch.nodes.set(nodeName, { startTime: node.startTime, timestamp: node.timestamp, cumulativeCpuUsed: node.cumulativeCpuUsed, memoryUsage: node.memoryUsage });
  for (const c of containers.values()) {
    if (!c.namespace || !c.pod || !c.container || !complete(c)) continue;
    const key = `${c.namespace}/${c.pod}`;
    let pod = batch.pods.get(key);
    if (!pod) batch.pods.set(key, (pod = { namespace: c.namespace, name: c.pod, containers: new Map() }));
    pod.containers.set(c.container, { startTime: c.startTime, timestamp: c.timestamp, cumulativeCpuUsed: c.cumulativeCpuUsed, memoryUsage: c.memoryUsage });
  }
  return batch;
}
