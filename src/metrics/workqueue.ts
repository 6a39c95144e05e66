/**
 * The work queue metrics provider (upstream's component-base
 * prometheus/workqueue): workqueue_depth, workqueue_adds_total,
 * workqueue_queue_duration_seconds, workqueue_work_duration_seconds,
 * workqueue_unfinished_work_seconds, workqueue_longest_running_processor_seconds
 * and workqueue_retries_total, labelled with the queue's name.
 */
import { Gauge, Histogram, type Registry } from "prom-client";
import type { QueueMetricSet, WorkQueueMetricsProvider } from "../client/workqueue-metrics.js";
import { CounterFamily, GaugeFamily } from "./counter-family.js";
import { exponentialBuckets, help } from "./registry.js";

/** Upstream's ExponentialBuckets(10e-9, 10, 10): 10ns to 10s. */
const DURATION_BUCKETS = exponentialBuckets(10e-9, 10, 10);

export function createWorkQueueMetricsProvider(registry: Registry): WorkQueueMetricsProvider {
  const depth = new GaugeFamily(registry, "workqueue_depth", help("ALPHA", "Current depth of workqueue"), ["name"]);
  const adds = new CounterFamily(registry, "workqueue_adds_total", help("ALPHA", "Total number of adds handled by workqueue"), ["name"]);
  const queueDuration = new Histogram({ name: "workqueue_queue_duration_seconds", help: help("ALPHA", "How long in seconds an item stays in workqueue before being requested."), labelNames: ["name"], buckets: DURATION_BUCKETS, registers: [registry] });
  const workDuration = new Histogram({ name: "workqueue_work_duration_seconds", help: help("ALPHA", "How long in seconds processing an item from workqueue takes."), labelNames: ["name"], buckets: DURATION_BUCKETS, registers: [registry] });
  const readers = new Map<string, (() => { unfinishedSeconds: number; longestSeconds: number })[]>();
  const inProgress = (pick: (r: { unfinishedSeconds: number; longestSeconds: number }) => number, combine: (a: number, b: number) => number) =>
    function (this: Gauge<"name">) {
      this.reset();
      for (const [name, rs] of readers) this.set({ name }, rs.map((r) => pick(r())).reduce(combine, 0));
    };
  new Gauge({
    name: "workqueue_unfinished_work_seconds",
    help: help("ALPHA", "How many seconds of work has done that is in progress and hasn't been observed by work_duration. Large values indicate stuck threads. One can deduce the number of stuck threads by observing the rate at which this increases."),
    labelNames: ["name"],
    registers: [registry],
    collect: inProgress((r) => r.unfinishedSeconds, (a, b) => a + b),
  });
  new Gauge({
    name: "workqueue_longest_running_processor_seconds",
    help: help("ALPHA", "How many seconds has the longest running processor for workqueue been running."),
    labelNames: ["name"],
    registers: [registry],
    collect: inProgress((r) => r.longestSeconds, Math.max),
  });
  const retries = new CounterFamily(registry, "workqueue_retries_total", help("ALPHA", "Total number of retries handled by workqueue"), ["name"]);
  return {
    forQueue(name): QueueMetricSet {
      return {
        depth: depth.holder({ name }),
        adds: adds.holder({ name }),
        retries: retries.holder({ name }),
        queueDuration: queueDuration.labels({ name }),
        workDuration: workDuration.labels({ name }),
        inProgress: (read) => {
          const rs = readers.get(name) ?? [];
          rs.push(read);
          readers.set(name, rs);
        },
      };
    },
  };
}
