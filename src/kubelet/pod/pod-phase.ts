/** A pod's phase from its container statuses (upstream's getPhase). */
import type { ContainerStatus, PodSpec } from "kubernetes-types/core/v1.js";
import { isSidecar } from "./actions.js";

export type PodPhase = "Pending" | "Running" | "Succeeded" | "Failed" | "Unknown";

/** terminal: the kubelet has finished the pod (deleted, or nothing will restart). */
export function podPhase(spec: PodSpec, init: ContainerStatus[], regular: ContainerStatus[], terminal: boolean): PodPhase {
  const byName = (list: ContainerStatus[], name: string) => list.find((s) => s.name === name);
  let pendingSidecars = 0;
  let pendingInit = 0;
  let failedInit = 0;
  for (const c of spec.initContainers ?? []) {
    const s = byName(init, c.name);
    if (isSidecar(c)) {
      if (!s?.state?.running || !s.started) pendingSidecars++;
      continue;
    }
    if (!s) pendingInit++;
    else if (s.state?.running) pendingInit++;
    else if (s.state?.terminated) failedInit += s.state.terminated.exitCode !== 0 ? 1 : 0;
    else if (s.state?.waiting) {
      if (s.lastState?.terminated) failedInit += s.lastState.terminated.exitCode !== 0 ? 1 : 0;
      else pendingInit++;
    } else pendingInit++;
  }
  let unknown = 0, running = 0, waiting = 0, stopped = 0, succeeded = 0;
  for (const c of spec.containers ?? []) {
    const s = byName(regular, c.name);
    if (!s) unknown++;
    else if (s.state?.running) running++;
    else if (s.state?.terminated) {
      stopped++;
      if (s.state.terminated.exitCode === 0) succeeded++;
    } else if (s.state?.waiting) {
      if (s.lastState?.terminated) stopped++;
      else waiting++;
    } else unknown++;
  }
  const policy = spec.restartPolicy ?? "Always";
  if (failedInit > 0 && policy === "Never") return "Failed";
  if (pendingInit > 0 || (pendingSidecars > 0 && running === 0 && stopped === 0)) return "Pending";
  if (waiting > 0) return "Pending";
  if (running > 0 && unknown === 0) return "Running";
  if (running === 0 && stopped > 0 && unknown === 0) {
    if (terminal) return stopped === succeeded ? "Succeeded" : "Failed";
    if (policy === "Always") return "Running";
    if (stopped === succeeded) return "Succeeded";
    if (policy === "Never") return "Failed";
    return "Running";
  }
  return "Pending";
}
