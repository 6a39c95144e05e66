/**
 * Pod facts controllers count by (upstream's podutil): active, ready,
 * available after minReadySeconds.
 */
import type { Pod } from "kubernetes-types/core/v1.js";
import type { KubeObject } from "../../api/types.js";

export type PodObject = Pod & KubeObject;

/** Not terminated and not being deleted (controller.IsPodActive). */
export function isPodActive(pod: PodObject): boolean {
  const phase = pod.status?.phase;
  return phase !== "Succeeded" && phase !== "Failed" && !pod.metadata.deletionTimestamp;
}

export function readyCondition(pod: PodObject) {
  return pod.status?.conditions?.find((c) => c.type === "Ready");
}

export function isPodReady(pod: PodObject): boolean {
  return readyCondition(pod)?.status === "True";
}

/** Ready for at least minReadySeconds at `now` (podutil.IsPodAvailable). */
export function isPodAvailable(pod: PodObject, minReadySeconds: number, now: number): boolean {
  const c = readyCondition(pod);
  if (c?.status !== "True") return false;
  if (!minReadySeconds) return true;
  if (!c.lastTransitionTime) return false;
  return Date.parse(c.lastTransitionTime) + minReadySeconds * 1000 < now;
}

/** Milliseconds until pod becomes available, or undefined when it is not ready (or already available). */
export function msUntilAvailable(pod: PodObject, minReadySeconds: number, now: number): number | undefined {
  const c = readyCondition(pod);
  if (c?.status !== "True" || !minReadySeconds || !c.lastTransitionTime) return undefined;
  const left = Date.parse(c.lastTransitionTime) + minReadySeconds * 1000 - now;
  return left >= 0 ? left + 1 : undefined;
}
