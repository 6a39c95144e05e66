/**
 * What a running container's probes say: started (startup probe), ready
 * (readiness probe, or running without one), and whether liveness or
 * startup failed (the kubelet then kills it), from the probe workers'
 * results (prober.ts).
 */
import type { Container as ContainerSpec, Probe } from "kubernetes-types/core/v1.js";
import type { ProbeWorker } from "./probe-schedule.js";

export interface ProbeVerdict {
  started: boolean;
  ready: boolean;
  /** The probe whose failure means the container must be killed. */
  killedBy?: "liveness" | "startup";
  /** When any of the above may next change: the next probe run (for re-syncing the pod). */
  nextChangeAt?: number;
}

export type ProbeKind = "startup" | "liveness" | "readiness";

/** A container instance's probe workers and when each runs next. */
export interface ContainerProbeState {
  workers: Partial<Record<ProbeKind, ProbeWorker>>;
  nextAt: Partial<Record<ProbeKind, number>>;
}

export function probeVerdict(spec: ContainerSpec, state: ContainerProbeState | undefined): ProbeVerdict {
  const w = state?.workers ?? {};
  const next = state?.nextAt ?? {};
  const started = !spec.startupProbe || w.startup?.result === "success";
  if (!started) {
    return { started, ready: false, killedBy: w.startup?.result === "failure" ? "startup" : undefined, nextChangeAt: finite(next.startup) };
  }
  const verdict: ProbeVerdict = { started, ready: spec.readinessProbe ? w.readiness?.result === "success" : true };
  if (spec.livenessProbe && w.liveness?.result === "failure") verdict.killedBy = "liveness";
  const times = [spec.livenessProbe ? next.liveness : undefined, spec.readinessProbe ? next.readiness : undefined].filter((t): t is number => t !== undefined && t !== Infinity);
  if (times.length) verdict.nextChangeAt = Math.min(...times);
  return verdict;
}

/** The failure text of a probe scripted to fail (sim annotations), as upstream's probers word a refused or failed run. */
export function probeFailureMessage(probe: Probe, podIP: string | undefined): string {
  if (probe.httpGet) return "HTTP probe failed with statuscode: 503";
  if (probe.tcpSocket) return `dial tcp ${podIP ?? ""}:${String(probe.tcpSocket.port)}: connect: connection refused`;
  if (probe.grpc) return `timeout: failed to connect service ":${probe.grpc.port}" within 1s: context deadline exceeded`;
  return "command failed with exit code 1";
}

function finite(t: number | undefined): number | undefined {
  return t === undefined || t === Infinity ? undefined : t;
}
