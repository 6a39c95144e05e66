/**
 * Ephemeral containers (`kubectl debug`), as upstream's kubelet runs them:
 * each is started once when it appears in pod.spec.ephemeralContainers and
 * never restarted, has no probes, does not count towards readiness, and is
 * reported in status.ephemeralContainerStatuses. Everything else (image
 * pull, env, volume mounts, stdin/tty) is as for a regular container.
 */
import type { Container as ContainerSpec, ContainerStatus as ApiContainerStatus, EphemeralContainer } from "kubernetes-types/core/v1.js";
import type { Pod } from "../../api/core/pod-types.js";
import type { KillAction, StartAction } from "./actions.js";
import { apiContainerStatus, type ContainerStatusInputs } from "./container-statuses.js";
import { instancesOf, type PodRuntimeStatus } from "./runtime-status.js";

/** The pod's ephemeral containers as container specs (upstream converts EphemeralContainerCommon the same way). */
export function ephemeralContainerSpecs(pod: Pod): ContainerSpec[] {
  return (pod.spec?.ephemeralContainers ?? []).map(({ targetContainerName: _target, ...common }: EphemeralContainer) => common as ContainerSpec);
}

/**
 * Ephemeral containers to start (upstream's EphemeralContainersToStart):
 * those with no instance yet. One created but never started (an interrupted
 * start) is started; one that ran is never started again, whatever its exit.
 */
export function ephemeralContainersToStart(pod: Pod, status: PodRuntimeStatus): StartAction[] {
  const starts: StartAction[] = [];
  for (const [i, spec] of ephemeralContainerSpecs(pod).entries()) {
    const target = pod.spec!.ephemeralContainers![i].targetContainerName || undefined;
    const latest = instancesOf(status, spec.name)[0];
    if (!latest) starts.push({ spec, kind: "ephemeral", attempt: 0, target });
    else if (latest.state === "CONTAINER_CREATED") starts.push({ spec, kind: "ephemeral", attempt: latest.metadata.attempt, existingId: latest.id, target });
  }
  return starts;
}

/**
 * Why an ephemeral container cannot be created yet: its target container
 * (whose process namespace it joins) is not running. Upstream's message;
 * the kubelet reports it as CreateContainerConfigError and tries again.
 */
export function targetProblem(a: Pick<StartAction, "target">, status: PodRuntimeStatus): string | undefined {
  if (!a.target) return undefined;
  const latest = instancesOf(status, a.target)[0];
  return latest?.state === "CONTAINER_RUNNING" ? undefined : `unable to find target container ${a.target}`;
}

/** Running ephemeral containers, stopped when the pod is done or deleted (upstream's KillPod stops every container). */
export function runningEphemeralContainers(pod: Pod, status: PodRuntimeStatus): KillAction[] {
  return ephemeralContainerSpecs(pod).flatMap((spec) =>
    instancesOf(status, spec.name)
      .filter((c) => c.state === "CONTAINER_RUNNING")
      .map((c): KillAction => ({ containerId: c.id, name: spec.name, reason: "completed" })),
  );
}

/** No probes run for ephemeral containers: never ready. */
const NO_PROBES = () => ({ started: false, ready: false });

/**
 * status.ephemeralContainerStatuses, sorted by name as upstream sorts
 * non-init statuses. ready is always false and started is absent: upstream's
 * prober sets started only for regular and init containers.
 */
export function ephemeralContainerStatuses(pod: Pod, inp: Omit<ContainerStatusInputs, "probes">): ApiContainerStatus[] {
  return ephemeralContainerSpecs(pod)
    .map((spec) => {
      const { started: _started, ...status } = apiContainerStatus(spec, { ...inp, probes: NO_PROBES });
      return { ...status, ready: false };
    })
    .sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
}
