/**
 * When a probe runs and what its runs add up to, so the kubelet needs no
 * timer per probe: a probe runs at start + initialDelaySeconds + k *
 * periodSeconds, and the pod's sync is simply scheduled at the next run.
 * Runs before `gate` (for readiness and liveness: until the startup probe
 * succeeded) are skipped, as upstream's workers skip them. The result turns
 * to failure after failureThreshold failures in a row and to success after
 * successThreshold successes in a row, as upstream's prober worker.
 */
import type { Probe } from "kubernetes-types/core/v1.js";

export type ProbeResult = "unknown" | "success" | "failure";

/** One probe of one container instance (upstream's worker state). */
export interface ProbeWorker {
  result: ProbeResult;
  /** The outcome of the last run, and how many runs in a row had it. */
  last?: "success" | "failure";
  streak: number;
  /** The index of the next run not yet carried out. */
  nextRun: number;
  /** When result last changed (ms). */
  changedAt?: number;
}

export function newWorker(initial: ProbeResult): ProbeWorker {
  return { result: initial, streak: 0, nextRun: 0 };
}

export interface DueRuns {
  /** How many runs are due by now (0: none). */
  count: number;
  /** When the run after the due ones is. */
  nextAt: number;
}

/** The runs of `probe` due by `now` that the worker has not carried out. */
export function dueRuns(probe: Probe, startedAt: number, gate: number, w: ProbeWorker, now: number): DueRuns {
  const period = Math.max(1, probe.periodSeconds ?? 10) * 1000;
  const t0 = startedAt + Math.max(0, probe.initialDelaySeconds ?? 0) * 1000;
  const first = Math.max(w.nextRun, Math.ceil((gate - t0) / period), 0);
  const at = (k: number) => t0 + k * period;
  if (gate === Infinity || now < at(first)) return { count: 0, nextAt: gate === Infinity ? Infinity : at(first) };
  const count = Math.floor((now - t0) / period) - first + 1;
  w.nextRun = first + count;
  return { count, nextAt: at(first + count) };
}

/** Counts `count` runs with `outcome` (runs the kubelet caught up on share the one outcome it saw). */
export function recordRuns(probe: Probe, w: ProbeWorker, outcome: "success" | "failure", count: number, at: number): void {
  const failureThreshold = Math.max(1, probe.failureThreshold ?? 3);
  const successThreshold = Math.max(1, probe.successThreshold ?? 1);
  w.streak = w.last === outcome ? w.streak + count : count;
  w.last = outcome;
  const enough = w.streak >= (outcome === "failure" ? failureThreshold : successThreshold);
  if (enough && w.result !== outcome) {
    w.result = outcome;
    w.changedAt = at;
  }
}
