/**
 * Work queue metrics, as client-go's workqueue.MetricsProvider: a queue
 * asks its provider for its metrics by name when it is created, then
 * reports adds, depth, time waiting in the queue, time being processed,
 * retries, and the work in progress (read when scraped).
 *
 * The provider comes with the queue's options, or from the component
 * creating the queue: withWorkQueueMetrics(provider, build) makes every
 * queue created while build runs (synchronously) report to that provider.
 * Upstream's SetProvider is process-wide; here each component instance
 * (one of several clusters in a process) has its own.
 */
import type { Clock } from "../util/clock.js";

export interface QueueMetricSet {
  depth: { value: number };
  adds: { value: number };
  retries: { value: number };
  /** Seconds from add to get. */
  queueDuration: { observe(seconds: number): void };
  /** Seconds from get to done. */
  workDuration: { observe(seconds: number): void };
  /** Registers what is read, when scraped, for the in-progress gauges. */
  inProgress(read: () => { unfinishedSeconds: number; longestSeconds: number }): void;
}

export interface WorkQueueMetricsProvider {
  forQueue(name: string): QueueMetricSet;
}

let ambient: WorkQueueMetricsProvider | undefined;

/** Runs build with provider as the metrics provider of every queue it creates. */
export function withWorkQueueMetrics<T>(provider: WorkQueueMetricsProvider | undefined, build: () => T): T {
  const previous = ambient;
  ambient = provider;
  try {
    return build();
  } finally {
    ambient = previous;
  }
}

export function currentWorkQueueMetrics(): WorkQueueMetricsProvider | undefined {
  return ambient;
}

/** One queue's bookkeeping (client-go's defaultQueueMetrics): when each key was added and taken. */
export class QueueMetrics<K> {
  private readonly addTimes = new Map<K, number>();
  private readonly processingStart = new Map<K, number>();

  constructor(
    private readonly set: QueueMetricSet,
    private readonly clock: Clock,
  ) {
    set.inProgress(() => {
      const now = clock.now();
      let total = 0;
      let longest = 0;
      for (const t of this.processingStart.values()) {
        const age = (now - t) / 1000;
        total += age;
        if (age > longest) longest = age;
      }
      return { unfinishedSeconds: total, longestSeconds: longest };
    });
  }

  added(key: K): void {
    this.set.adds.value++;
    this.set.depth.value++;
    if (!this.addTimes.has(key)) this.addTimes.set(key, this.clock.now());
  }

  taken(key: K): void {
    const now = this.clock.now();
    this.set.depth.value--;
    this.processingStart.set(key, now);
    const added = this.addTimes.get(key);
    if (added !== undefined) {
      this.set.queueDuration.observe((now - added) / 1000);
      this.addTimes.delete(key);
    }
  }

  done(key: K): void {
    const started = this.processingStart.get(key);
    if (started === undefined) return;
    this.set.workDuration.observe((this.clock.now() - started) / 1000);
    this.processingStart.delete(key);
  }

  retried(): void {
    this.set.retries.value++;
  }
}
