/**
 * The kubelet's probe workers (upstream's prober manager), without a timer
 * each: on every pod sync, refresh() carries out the runs that are due for
 * the pod's running containers (exec through ExecSync, httpGet and
 * tcpSocket through the runtime's portForward: run-probe.ts) and the
 * verdicts tell the sync when the next run is, so the pod is synced again
 * then. The sim annotations `sim.skiff.dev/readiness: fail` and
 * `sim.skiff.dev/liveness: fail` override a probe: its runs fail without
 * being carried out.
 *
 * Example (one sync round):
 *   await prober.refresh(pod, status, (kind, out) => recorder.event(pod, "Warning", "Unhealthy", `${kind} probe failed: ${out}`));
 *   const v = prober.verdict(spec, containerStatus); // { started, ready, killedBy?, nextChangeAt? }
 */
import type { Container as ContainerSpec, Probe } from "kubernetes-types/core/v1.js";
import type { Pod } from "../../api/core/pod-types.js";
import type { Clock } from "../../util/clock.js";
import type { ContainerStatus, Runtime } from "../runtime/runtime.js";
import { LIVENESS, READINESS, simAnnotation } from "../runtime/sim/annotations.js";
import type { PodRuntimeStatus } from "../pod/runtime-status.js";
import { probeFailureMessage, probeVerdict, type ContainerProbeState, type ProbeKind, type ProbeVerdict } from "./container-probes.js";
import { dueRuns, newWorker, recordRuns } from "./probe-schedule.js";
import { runProbe, type ProbeRun } from "./run-probe.js";

export interface ProberDeps {
  runtime: Runtime;
  clock: Clock;
  callTimeoutMs: number;
}

/** Reports a failed or errored run: upstream's Unhealthy event text after "<Kind> probe ". */
export type ProbeReport = (kind: "Startup" | "Liveness" | "Readiness", text: string) => void;

const INITIAL = { startup: "unknown", liveness: "success", readiness: "failure" } as const;
const SCRIPTED = { liveness: LIVENESS, readiness: READINESS } as const;

export class Prober {
  /** Pod uid -> container id -> its probes. */
  private readonly pods = new Map<string, Map<string, ContainerProbeState>>();

  constructor(private readonly deps: ProberDeps) {}

  /** Runs every due probe of the pod's running containers; forgets containers that are gone. */
  async refresh(pod: Pod, status: PodRuntimeStatus, report: ProbeReport): Promise<void> {
    const uid = pod.metadata?.uid ?? "";
    const states = this.pods.get(uid) ?? new Map<string, ContainerProbeState>();
    this.pods.set(uid, states);
    const present = new Set(status.containers.map((c) => c.id));
    for (const id of states.keys()) if (!present.has(id)) states.delete(id);
    const specs = [...(pod.spec?.containers ?? []), ...(pod.spec?.initContainers ?? [])];
    const podIP = status.sandboxes[0]?.network.ip ?? pod.status?.podIP;
    await Promise.all(
      status.containers
        .filter((c) => c.state === "CONTAINER_RUNNING")
        .map(async (c) => {
          const spec = specs.find((s) => s.name === c.metadata.name);
          if (!spec || !(spec.startupProbe || spec.livenessProbe || spec.readinessProbe)) return;
          let state = states.get(c.id);
          if (!state) states.set(c.id, (state = { workers: {}, nextAt: {} }));
          await this.refreshContainer(pod, spec, c, podIP, state, report);
        }),
    );
  }

  /** The verdict of a container instance from its workers' results (before its first run: the initial ones). */
  verdict(pod: Pod, spec: ContainerSpec, c: ContainerStatus): ProbeVerdict {
    return probeVerdict(spec, this.pods.get(pod.metadata?.uid ?? "")?.get(c.id));
  }

  forget(uid: string): void {
    this.pods.delete(uid);
  }

  private async refreshContainer(pod: Pod, spec: ContainerSpec, c: ContainerStatus, podIP: string | undefined, state: ContainerProbeState, report: ProbeReport) {
    const now = this.deps.clock.now();
    const run = (kind: ProbeKind, probe: Probe, gate: number) => this.step(pod, spec, c, podIP, state, kind, probe, gate, now, report);
    let gate = c.startedAt;
    if (spec.startupProbe) {
      const w = (state.workers.startup ??= newWorker(INITIAL.startup));
      // A startup probe stops running once it succeeded.
      if (w.result !== "success") await run("startup", spec.startupProbe, c.startedAt);
      if (w.result !== "success") return;
      state.nextAt.startup = undefined;
      gate = w.changedAt ?? c.startedAt;
    }
    await Promise.all([spec.livenessProbe && run("liveness", spec.livenessProbe, gate), spec.readinessProbe && run("readiness", spec.readinessProbe, gate)]);
  }

  private async step(pod: Pod, spec: ContainerSpec, c: ContainerStatus, podIP: string | undefined, state: ContainerProbeState, kind: ProbeKind, probe: Probe, gate: number, now: number, report: ProbeReport) {
    const w = (state.workers[kind] ??= newWorker(INITIAL[kind]));
    const due = dueRuns(probe, c.startedAt, gate, w, now);
    state.nextAt[kind] = due.nextAt;
    if (!due.count) return;
    const scripted = kind !== "startup" && simAnnotation(pod.metadata?.annotations, SCRIPTED[kind], spec.name) === "fail";
    const r: ProbeRun = scripted
      ? { outcome: "failure", output: probeFailureMessage(probe, podIP) }
      : await runProbe(probe, { runtime: this.deps.runtime, clock: this.deps.clock, callTimeoutMs: this.deps.callTimeoutMs, containerId: c.id, sandboxId: c.podSandboxId, podIP, spec });
    const label = kind === "startup" ? "Startup" : kind === "liveness" ? "Liveness" : "Readiness";
    if (r.outcome === "error") return report(label, `errored: ${r.output}`);
    if (r.outcome === "failure") report(label, `failed: ${r.output}`);
    recordRuns(probe, w, r.outcome, due.count, now);
  }
}
