/**
 * Probe outcomes as a function of time, so the kubelet needs no timer per
 * probe. A probe runs at start + initialDelaySeconds + k * periodSeconds;
 * runs before `gate` (for readiness and liveness: until the startup probe
 * succeeded) are skipped, as upstream's workers skip them. In sim a run
 * succeeds from `upAt` on (never when the script says "fail"). The result
 * turns to failure after failureThreshold failures in a row and to success
 * after successThreshold successes in a row, as upstream's prober worker.
 */
import type { Probe } from "kubernetes-types/core/v1.js";

export type ProbeResult = "unknown" | "success" | "failure";

export interface ProbeTimeline {
  /** When the result turns to failure (absent if it never does before succeeding). */
  failureAt?: number;
  /** When the result turns to success (absent if it never does). */
  successAt?: number;
}

export interface ProbeInputs {
  probe: Probe;
  /** When the container started (ms). */
  startedAt: number;
  /** Runs before this time are skipped. */
  gate: number;
  /** Runs from this time on succeed; Infinity for a probe scripted to fail. */
  upAt: number;
}

export function probeTimeline({ probe, startedAt, gate, upAt }: ProbeInputs): ProbeTimeline {
  const period = Math.max(1, probe.periodSeconds ?? 10) * 1000;
  const t0 = startedAt + Math.max(0, probe.initialDelaySeconds ?? 0) * 1000;
  const failureThreshold = Math.max(1, probe.failureThreshold ?? 3);
  const successThreshold = Math.max(1, probe.successThreshold ?? 1);
  const at = (k: number) => t0 + k * period;
  const kStart = Math.max(0, Math.ceil((gate - t0) / period));
  const kUp = upAt === Infinity ? Infinity : Math.max(kStart, Math.ceil((upAt - t0) / period));
  const out: ProbeTimeline = {};
  if (kUp - kStart >= failureThreshold) out.failureAt = at(kStart + failureThreshold - 1);
  if (kUp !== Infinity) out.successAt = at(kUp + successThreshold - 1);
  return out;
}

/** The result at now, starting from `initial`, and when it next changes. */
export function probeResultAt(t: ProbeTimeline, initial: ProbeResult, now: number): { result: ProbeResult; nextChangeAt?: number } {
  let result = initial;
  if (t.failureAt !== undefined && now >= t.failureAt) result = "failure";
  if (t.successAt !== undefined && now >= t.successAt) result = "success";
  const upcoming = [t.failureAt, t.successAt].filter((x): x is number => x !== undefined && x > now);
  return { result, nextChangeAt: upcoming.length ? Math.min(...upcoming) : undefined };
}
