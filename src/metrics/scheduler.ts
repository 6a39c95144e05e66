/**
 * The scheduler's metrics: scheduler_schedule_attempts_total and
 * scheduler_scheduling_attempt_duration_seconds by result (scheduled,
 * unschedulable, error) and profile, with upstream's buckets, plus the
 * process_* metrics.
 */
import { Counter, Histogram, type Registry } from "prom-client";
import type { SchedulingAttemptMetrics } from "../scheduler/index.js";
import { registerProcessMetrics } from "./process-metrics.js";
import { createRegistry, exponentialBuckets, help } from "./registry.js";

export interface SchedulerMetrics extends SchedulingAttemptMetrics {
  readonly registry: Registry;
}

export function createSchedulerMetrics(): SchedulerMetrics {
  const registry = createRegistry();
  const attempts = new Counter({
    name: "scheduler_schedule_attempts_total",
    help: help("STABLE", "Number of attempts to schedule pods, by the result. 'unschedulable' means a pod could not be scheduled, while 'error' means an internal scheduler problem."),
    labelNames: ["profile", "result"],
    registers: [registry],
  });
  const durations = new Histogram({
    name: "scheduler_scheduling_attempt_duration_seconds",
    help: help("STABLE", "Scheduling attempt latency in seconds (scheduling algorithm + binding)"),
    labelNames: ["profile", "result"],
    buckets: exponentialBuckets(0.001, 2, 15),
    registers: [registry],
  });
  registerProcessMetrics(registry);
  return {
    registry,
    attempt(result, profile, seconds) {
      const labels = { profile, result };
      attempts.inc(labels);
      durations.observe(labels, seconds);
    },
  };
}
