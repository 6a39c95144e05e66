/**
 * What a pod sync must do next (upstream's computePodActions): create the
 * sandbox; start init containers one at a time in order, sidecars
 * (restartPolicy Always init containers) before the next init container and
 * kept running; then start every regular container; restart exited ones as
 * the restart policy says, behind CrashLoopBackOff; kill containers whose
 * liveness or startup probe failed. Ephemeral containers start once each,
 * even before initialization is done, and are never restarted; a finished
 * pod stops them. Pure: the caller executes the actions and computes again
 * until nothing is left to do.
 */
import type { Container as ContainerSpec } from "kubernetes-types/core/v1.js";
import type { Pod } from "../../api/core/pod-types.js";
import type { ContainerStatus } from "../runtime/runtime.js";
import { formatDurationMs } from "../duration.js";
import type { ProbeVerdict } from "../prober/container-probes.js";
import type { RestartBackoff } from "./backoff.js";
import { ephemeralContainersToStart, runningEphemeralContainers } from "./ephemeral-containers.js";
import { instancesOf, type PodRuntimeStatus } from "./runtime-status.js";

export type ContainerKind = "init" | "sidecar" | "regular" | "ephemeral";

export interface StartAction {
  spec: ContainerSpec;
  kind: ContainerKind;
  /** The restart count of the new instance. */
  attempt: number;
  /** The exited instance being replaced, whose exit feeds the back-off. */
  previous?: ContainerStatus;
  /** An instance created but never started (an interrupted start): start it instead of creating one. */
  existingId?: string;
  /** An ephemeral container's targetContainerName: the running container whose process namespace it joins. */
  target?: string;
}

export interface KillAction {
  containerId: string;
  name: string;
  reason: "liveness" | "startup" | "completed";
}

export interface PodActions {
  createSandbox: boolean;
  start: StartAction[];
  kill: KillAction[];
  /** Containers held back by CrashLoopBackOff, with upstream's waiting message. */
  backOff: Map<string, string>;
  /** Init containers all done (sidecars started). */
  initialized: boolean;
  /** The pod has finished: nothing runs and nothing will restart. */
  terminal: boolean;
  /** When something may change without a runtime event (a back-off ends, a probe turns). */
  nextSyncAt?: number;
}

export interface ActionInputs {
  pod: Pod;
  status: PodRuntimeStatus;
  now: number;
  backoff: RestartBackoff;
  /** Probe verdict of a running container instance. */
  probes(spec: ContainerSpec, instance: ContainerStatus): ProbeVerdict;
}

export const isSidecar = (c: ContainerSpec) => (c as ContainerSpec & { restartPolicy?: string }).restartPolicy === "Always";

/** upstream's format.Pod: "name_namespace(uid)". */
export function formatPod(pod: Pod): string {
  return `${pod.metadata?.name}_${pod.metadata?.namespace}(${pod.metadata?.uid})`;
}

export function backoffKey(pod: Pod, name: string): string {
  return `${pod.metadata?.uid}/${name}`;
}

export function computePodActions(inp: ActionInputs): PodActions {
  const { pod, status, now, backoff } = inp;
  const policy = pod.spec?.restartPolicy ?? "Always";
  const out: PodActions = { createSandbox: false, start: [], kill: [], backOff: new Map(), initialized: false, terminal: false };
  const later = (t: number | undefined) => {
    if (t !== undefined && t > now) out.nextSyncAt = out.nextSyncAt === undefined ? t : Math.min(out.nextSyncAt, t);
  };

  /** Start spec again unless its back-off holds it; true when a start was planned. */
  const restart = (spec: ContainerSpec, kind: ContainerKind, latest: ContainerStatus): boolean => {
    const key = backoffKey(pod, spec.name);
    if (backoff.inBackOffSince(key, latest.finishedAt, now)) {
      out.backOff.set(spec.name, `back-off ${formatDurationMs(backoff.get(key))} restarting failed container=${spec.name} pod=${formatPod(pod)}`);
      later(backoff.readyAt(key, latest.finishedAt));
      return false;
    }
    out.start.push({ spec, kind, attempt: latest.metadata.attempt + 1, previous: latest });
    return true;
  };
  /** A running instance's probes: kill it on failure, note when they may change. */
  const watch = (spec: ContainerSpec, latest: ContainerStatus): ProbeVerdict => {
    const v = inp.probes(spec, latest);
    later(v.nextChangeAt);
    if (v.killedBy) out.kill.push({ containerId: latest.id, name: spec.name, reason: v.killedBy });
    return v;
  };

  const sandbox = status.sandboxes[0];
  if (!sandbox || sandbox.state !== "SANDBOX_READY") {
    // A Never pod whose sandbox went away after its containers ran is not started again.
    if (policy === "Never" && status.containers.length > 0) return { ...out, terminal: true };
    return { ...out, createSandbox: true };
  }
  // Started before init containers, as upstream does, so a debugger can join a pod whose init is stuck.
  out.start.push(...ephemeralContainersToStart(pod, status));

  let initDone = true;
  let initFailed = false;
  for (const spec of pod.spec?.initContainers ?? []) {
    const latest = instancesOf(status, spec.name)[0];
    if (isSidecar(spec)) {
      if (!latest) out.start.push({ spec, kind: "sidecar", attempt: 0 });
      else if (latest.state === "CONTAINER_CREATED") out.start.push({ spec, kind: "sidecar", attempt: latest.metadata.attempt, existingId: latest.id });
      else if (latest.state === "CONTAINER_EXITED") restart(spec, "sidecar", latest);
      else if (latest.state === "CONTAINER_RUNNING" && watch(spec, latest).started) continue;
      initDone = false;
      break;
    }
    if (latest?.state === "CONTAINER_EXITED" && latest.exitCode === 0) continue;
    initDone = false;
    if (!latest) out.start.push({ spec, kind: "init", attempt: 0 });
    else if (latest.state === "CONTAINER_CREATED") out.start.push({ spec, kind: "init", attempt: latest.metadata.attempt, existingId: latest.id });
    else if (latest.state === "CONTAINER_EXITED") {
      if (policy === "Never") initFailed = true;
      else restart(spec, "init", latest);
    }
    break;
  }
  out.initialized = initDone;
  if (initFailed) return finish(inp, out);
  if (!initDone) return out;

  let finished = 0;
  const regular = pod.spec?.containers ?? [];
  for (const spec of regular) {
    const latest = instancesOf(status, spec.name)[0];
    if (!latest) out.start.push({ spec, kind: "regular", attempt: 0 });
    else if (latest.state === "CONTAINER_RUNNING") watch(spec, latest);
    else if (latest.state === "CONTAINER_EXITED") {
      const again = policy === "Always" || (policy === "OnFailure" && latest.exitCode !== 0);
      if (again) restart(spec, "regular", latest);
      else finished++;
    } else out.start.push({ spec, kind: "regular", attempt: latest.metadata.attempt, existingId: latest.id });
  }
  if (regular.length > 0 && finished === regular.length) return finish(inp, out);
  return out;
}

/** The pod's work is done: nothing more starts; ephemeral containers and sidecars still running are stopped. */
function finish(inp: ActionInputs, out: PodActions): PodActions {
  return { ...out, terminal: true, start: [], kill: [...runningEphemeralContainers(inp.pod, inp.status), ...runningSidecars(inp)] };
}

/** Sidecars still running once the pod's work is done: stopped as upstream does. */
function runningSidecars({ pod, status }: ActionInputs): KillAction[] {
  const kills: KillAction[] = [];
  for (const spec of pod.spec?.initContainers ?? []) {
    if (!isSidecar(spec)) continue;
    const latest = instancesOf(status, spec.name)[0];
    if (latest?.state === "CONTAINER_RUNNING") kills.push({ containerId: latest.id, name: spec.name, reason: "completed" });
  }
  return kills;
}
