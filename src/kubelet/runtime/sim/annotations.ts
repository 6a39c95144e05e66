/**
 * The pod annotations that script a sim container's life. Each may be
 * narrowed to one container by suffixing its name, which wins over the
 * pod-wide key:
 *
 *   sim.skiff.dev/exit-after: 30s        every container exits after 30 s (over what its command does)
 *   sim.skiff.dev/exit-code.worker: "3"  container "worker" exits with code 3 (with exit-after)
 *   sim.skiff.dev/readiness: fail        readiness probes keep failing (and the log says so)
 *   sim.skiff.dev/liveness: fail         liveness probes fail (the kubelet restarts the container)
 *   sim.skiff.dev/startup-delay: 3s      StartContainer takes 3 s (the pod shows ContainerCreating meanwhile)
 *   sim.skiff.dev/ignore-sigterm: "true" survives SIGTERM until the grace period ends (SIGKILL, 137)
 *   sim.skiff.dev/log-every: 5s          the container writes a log line every 5 s while it runs
 *   sim.skiff.dev/cpu-usage: 250m        the container uses 250m of CPU (usage.ts; read live)
 *   sim.skiff.dev/memory-usage: 64Mi     its memory working set is 64Mi (usage.ts; read live)
 *   sim.skiff.dev/depends-on: "web:80"   its HTTP endpoints answer 503 while web:80 cannot be reached from the pod (dependencies.ts)
 *
 * Without annotations, a container whose command the sim shell knows
 * (sh -c '...', echo, sleep, cat ...) runs it: output to its log, its exit
 * code to its status. Any other program runs until stopped.
 */
import { parseDurationMs } from "../../duration.js";

export const SIM_ANNOTATION_PREFIX = "sim.skiff.dev/";
export const EXIT_AFTER = "sim.skiff.dev/exit-after";
export const EXIT_CODE = "sim.skiff.dev/exit-code";
export const READINESS = "sim.skiff.dev/readiness";
export const LIVENESS = "sim.skiff.dev/liveness";
export const STARTUP_DELAY = "sim.skiff.dev/startup-delay";
export const IGNORE_SIGTERM = "sim.skiff.dev/ignore-sigterm";
export const LOG_EVERY = "sim.skiff.dev/log-every";
export const DEPENDS_ON = "sim.skiff.dev/depends-on";

/** The annotation for one container: "<key>.<container>" first, then "<key>". */
export function simAnnotation(annotations: Record<string, string> | undefined, key: string, container: string): string | undefined {
  return annotations?.[`${key}.${container}`] ?? annotations?.[key];
}

export function simDuration(annotations: Record<string, string> | undefined, key: string, container: string): number | undefined {
  return parseDurationMs(simAnnotation(annotations, key, container));
}

export function simExitCode(annotations: Record<string, string> | undefined, container: string): number {
  const n = Number(simAnnotation(annotations, EXIT_CODE, container) ?? "0");
  return Number.isInteger(n) && n >= 0 && n <= 255 ? n : 0;
}
