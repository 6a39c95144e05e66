/**
 * The API's ContainerStatus of each container of a pod from its runtime
 * instances (upstream's convertToAPIContainerStatuses): the newest instance
 * gives state, the one before it lastState, the attempt restartCount.
 */
import type { Container as ContainerSpec, ContainerState, ContainerStatus as ApiContainerStatus } from "kubernetes-types/core/v1.js";
import { rfc3339 } from "../../api/printers.js";
import type { ContainerStatus } from "../runtime/runtime.js";
import type { ProbeVerdict } from "../prober/container-probes.js";
import { imageIdOf, normalizeImage } from "./images.js";
import { instancesOf, type PodRuntimeStatus } from "./runtime-status.js";

export interface ContainerStatusInputs {
  status: PodRuntimeStatus;
  /** CrashLoopBackOff messages by container name. */
  backOff: ReadonlyMap<string, string>;
  probes(spec: ContainerSpec, instance: ContainerStatus): ProbeVerdict;
  /** Waiting reason of containers not created yet ("ContainerCreating" or "PodInitializing"). */
  notCreatedReason: string;
  /** Containers whose config failed (env sources, mounts): waiting CreateContainerConfigError with the message. */
  configErrors?: ReadonlyMap<string, string>;
  /** Containers waiting on an image that cannot be pulled: ErrImagePull or ImagePullBackOff with the message. */
  pullErrors?: ReadonlyMap<string, { reason: string; message: string }>;
}

export const containerId = (id: string) => `sim://${id}`;

function terminated(c: ContainerStatus): ContainerState {
  return {
    terminated: {
      exitCode: c.exitCode,
      reason: c.reason || (c.exitCode === 0 ? "Completed" : "Error"),
      ...(c.message ? { message: c.message } : {}),
      startedAt: c.startedAt ? rfc3339(c.startedAt) : undefined,
      finishedAt: rfc3339(c.finishedAt || c.startedAt),
      containerID: containerId(c.id),
    },
  } as ContainerState;
}

export function apiContainerStatus(spec: ContainerSpec, inp: ContainerStatusInputs): ApiContainerStatus {
  const [latest, previous] = instancesOf(inp.status, spec.name);
  const base = { name: spec.name, image: spec.image ?? "", imageID: "", restartCount: 0, ready: false, started: false };
  const configError = inp.configErrors?.get(spec.name);
  const pullError = inp.pullErrors?.get(spec.name);
  const configWaiting =
    configError !== undefined ? { waiting: { reason: "CreateContainerConfigError", message: configError } } : pullError ? { waiting: { reason: pullError.reason, message: pullError.message } } : undefined;
  if (!latest) return { ...base, state: configWaiting ?? { waiting: { reason: inp.notCreatedReason } }, lastState: {} };
  const common = {
    ...base,
    image: normalizeImage(latest.image),
    imageID: imageIdOf(latest.image, latest.imageRef),
    containerID: containerId(latest.id),
    restartCount: latest.metadata.attempt,
  };
  const backOff = inp.backOff.get(spec.name);
  if (latest.state === "CONTAINER_RUNNING") {
    const v = inp.probes(spec, latest);
    return { ...common, state: { running: { startedAt: rfc3339(latest.startedAt) } }, lastState: previous ? terminated(previous) : {}, ready: v.started && v.ready, started: v.started };
  }
  if (latest.state === "CONTAINER_EXITED" && configWaiting) return { ...common, state: configWaiting, lastState: terminated(latest) };
  if (latest.state === "CONTAINER_EXITED" && backOff) {
    return { ...common, state: { waiting: { reason: "CrashLoopBackOff", message: backOff } }, lastState: terminated(latest) };
  }
  if (latest.state === "CONTAINER_EXITED") return { ...common, state: terminated(latest), lastState: previous ? terminated(previous) : {} };
  return { ...common, state: { waiting: { reason: "ContainerCreating" } }, lastState: previous ? terminated(previous) : {} };
}
