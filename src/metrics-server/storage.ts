/**
 * metrics-server's storage (upstream's pkg/storage): the last two points of
 * every node and container. CPU usage is the rate of cumulative CPU time
 * between them; the window is the time between them. A container that
 * restarted in between counts from its start. A pod has metrics only when
 * every container of it has.
 */
import type { MetricsBatch, MetricsPoint } from "./points.js";

export interface Usage {
  /** Nanocores. */
  cpu: number;
  /** Bytes. */
  memory: number;
}

export interface NodeUsage {
  name: string;
  timestamp: number;
  windowMs: number;
  usage: Usage;
}

export interface PodUsage {
  namespace: string;
  name: string;
  timestamp: number;
  windowMs: number;
  containers: { name: string; usage: Usage }[];
}

interface Pair {
  prev?: MetricsPoint;
  last: MetricsPoint;
}

/** Rate between two points, or undefined when it cannot be computed. */
function rate(p: Pair): { usage: Usage; windowMs: number; timestamp: number } | undefined {
  const { prev, last } = p;
  if (!prev) return undefined;
  let from = prev;
  if (last.startTime > prev.timestamp) {
    // Restarted since the last scrape: count from its start.
    from = { startTime: last.startTime, timestamp: last.startTime, cumulativeCpuUsed: 0, memoryUsage: 0 };
  }
  const windowMs = last.timestamp - from.timestamp;
  if (windowMs <= 0 || last.cumulativeCpuUsed < from.cumulativeCpuUsed) return undefined;
  // core-nanoseconds per millisecond × 1000 = nanocores
  const cpu = Math.round(((last.cumulativeCpuUsed - from.cumulativeCpuUsed) * 1000) / windowMs);
  return { usage: { cpu, memory: last.memoryUsage }, windowMs, timestamp: last.timestamp };
}

function advance(old: Pair | undefined, next: MetricsPoint): Pair {
  if (old && old.last.timestamp === next.timestamp) return old;
  if (old && next.timestamp < old.last.timestamp) return old;
  return { prev: old?.last, last: next };
}

export class MetricsStorage {
  private nodes = new Map<string, Pair>();
  private pods = new Map<string, { namespace: string; name: string; containers: Map<string, Pair> }>();
  private stored = false;

  /** Keeps what the batch has; nodes and pods it lacks are forgotten (gone, or not scraped this round). */
  store(batch: MetricsBatch): void {
    const nodes = new Map<string, Pair>();
    for (const [name, p] of batch.nodes) nodes.set(name, advance(this.nodes.get(name), p));
    const pods = new Map<string, { namespace: string; name: string; containers: Map<string, Pair> }>();
    for (const [key, pod] of batch.pods) {
      const old = this.pods.get(key);
      const containers = new Map<string, Pair>();
      for (const [c, p] of pod.containers) containers.set(c, advance(old?.containers.get(c), p));
      pods.set(key, { namespace: pod.namespace, name: pod.name, containers });
    }
    this.nodes = nodes;
    this.pods = pods;
    this.stored = true;
  }

  /** Whether a scrape has been stored (metrics-server's readiness). */
  ready(): boolean {
    return this.stored;
  }

  node(name: string): NodeUsage | undefined {
    const pair = this.nodes.get(name);
    const r = pair && rate(pair);
    return r && { name, ...r };
  }

  pod(namespace: string, name: string): PodUsage | undefined {
    const pod = this.pods.get(`${namespace}/${name}`);
    if (!pod) return undefined;
    const containers: PodUsage["containers"] = [];
    let timestamp = 0;
    let windowMs = 0;
    for (const [c, pair] of pod.containers) {
      const r = rate(pair);
      if (!r) return undefined;
      containers.push({ name: c, usage: r.usage });
      timestamp = Math.max(timestamp, r.timestamp);
      windowMs = Math.max(windowMs, r.windowMs);
    }
    return { namespace, name, timestamp, windowMs, containers };
  }
}
