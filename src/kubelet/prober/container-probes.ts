/**
 * What a running container's probes say at a given time: started (startup
 * probe), ready (readiness probe, or running without one, as M11), and
 * whether liveness or startup failed (the kubelet then kills it). In sim
 * the outcomes come from the pod's annotations (runtime/sim/annotations.ts).
 */
import type { Container as ContainerSpec, Probe } from "kubernetes-types/core/v1.js";
import { LIVENESS, READINESS, simAnnotation } from "../runtime/sim/annotations.js";
import { probeResultAt, probeTimeline } from "./probe-schedule.js";

export interface ProbeVerdict {
  started: boolean;
  ready: boolean;
  /** The probe whose failure means the container must be killed. */
  killedBy?: "liveness" | "startup";
  /** When any of the above may next change (for re-syncing the pod). */
  nextChangeAt?: number;
}

export function evaluateProbes(spec: ContainerSpec, annotations: Record<string, string> | undefined, startedAt: number, now: number): ProbeVerdict {
  const name = spec.name;
  // sim.skiff.dev/startup-delay delays StartContainer itself (the sim runtime), not the probes.
  const upAt = startedAt;
  const changes: (number | undefined)[] = [];
  const verdict: ProbeVerdict = { started: true, ready: false };

  let gate = startedAt;
  if (spec.startupProbe) {
    const t = probeTimeline({ probe: spec.startupProbe, startedAt, gate: startedAt, upAt });
    const r = probeResultAt(t, "unknown", now);
    changes.push(r.nextChangeAt);
    verdict.started = r.result === "success";
    if (r.result === "failure") verdict.killedBy = "startup";
    gate = t.successAt ?? Infinity;
  }
  if (!verdict.started) return { ...verdict, nextChangeAt: min(changes) };

  if (spec.livenessProbe) {
    const scriptedUp = simAnnotation(annotations, LIVENESS, name) === "fail" ? Infinity : upAt;
    const r = probeResultAt(probeTimeline({ probe: spec.livenessProbe, startedAt, gate, upAt: scriptedUp }), "success", now);
    changes.push(r.nextChangeAt);
    if (r.result === "failure") verdict.killedBy = "liveness";
  }
  if (spec.readinessProbe) {
    const scriptedUp = simAnnotation(annotations, READINESS, name) === "fail" ? Infinity : upAt;
    const r = probeResultAt(probeTimeline({ probe: spec.readinessProbe, startedAt, gate, upAt: scriptedUp }), "failure", now);
    changes.push(r.nextChangeAt);
    verdict.ready = r.result === "success";
  } else {
    verdict.ready = true;
  }
  return { ...verdict, nextChangeAt: min(changes) };
}

/** The failure text a probe of this kind reports in events, as upstream's probers word it. */
export function probeFailureMessage(probe: Probe, podIP: string | undefined): string {
  if (probe.httpGet) return "HTTP probe failed with statuscode: 503";
  if (probe.tcpSocket) return `dial tcp ${podIP ?? ""}:${String(probe.tcpSocket.port)}: connect: connection refused`;
  if (probe.grpc) return `timeout: failed to connect service ":${probe.grpc.port}" within 1s: context deadline exceeded`;
  return "command failed with exit code 1";
}

function min(xs: (number | undefined)[]): number | undefined {
  const v = xs.filter((x): x is number => x !== undefined);
  return v.length ? Math.min(...v) : undefined;
}
