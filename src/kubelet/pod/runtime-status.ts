/**
 * A pod's pieces as the runtime has them (upstream's kubecontainer.PodStatus):
 * every sandbox and every container instance, read with a deadline.
 */
import type { Clock } from "../../util/clock.js";
import { deadlineIn, type ContainerStatus, type PodSandboxStatus, type Runtime } from "../runtime/runtime.js";
import { POD_UID_LABEL } from "./labels.js";

export interface PodRuntimeStatus {
  /** Newest first. */
  sandboxes: PodSandboxStatus[];
  /** Every instance of every container, newest first. */
  containers: ContainerStatus[];
}

export const EMPTY_RUNTIME_STATUS: PodRuntimeStatus = { sandboxes: [], containers: [] };

export async function readPodRuntimeStatus(runtime: Runtime, clock: Clock, uid: string, timeoutMs: number): Promise<PodRuntimeStatus> {
  const selector = { labelSelector: { [POD_UID_LABEL]: uid } };
  const sandboxes = await runtime.listPodSandbox(selector, deadlineIn(clock, timeoutMs));
  const containers = await runtime.listContainers(selector, deadlineIn(clock, timeoutMs));
  const sandboxStatuses = await Promise.all(sandboxes.map((s) => runtime.podSandboxStatus(s.id, deadlineIn(clock, timeoutMs))));
  const containerStatuses = await Promise.all(containers.map((c) => runtime.containerStatus(c.id, deadlineIn(clock, timeoutMs))));
  return {
    sandboxes: sandboxStatuses.sort((a, b) => b.metadata.attempt - a.metadata.attempt || b.createdAt - a.createdAt),
    containers: containerStatuses.sort((a, b) => b.metadata.attempt - a.metadata.attempt || b.createdAt - a.createdAt),
  };
}

/** The instances of one container, newest first. */
export function instancesOf(status: PodRuntimeStatus, name: string): ContainerStatus[] {
  return status.containers.filter((c) => c.metadata.name === name);
}
