/**
 * One pass of the scheduler (upstream's scheduleOne): pop a pod, run the
 * algorithm, and either assume it onto the chosen node and bind it in the
 * background, or report why not — PostFilter (preemption) first, then the
 * FailedScheduling event, the PodScheduled=False condition and the re-queue.
 */
import type { EventRecorder } from "../client/events.js";
import type { Client, KubeObject } from "../client/types.js";
import type { Clock } from "../util/clock.js";
import type { SchedulerCache } from "./cache/cache.js";
import { fitErrorMessage } from "./fit-error.js";
import { CycleState } from "./framework/cycle-state.js";
import type { Framework } from "./framework/framework.js";
import { kv } from "./framework/klog.js";
import { withNodeName, type PodInfo } from "./framework/pod-info.js";
import { Code, type Status } from "./framework/status.js";
import type { QueuedPodInfo, SchedulingQueue } from "./queue/scheduling-queue.js";
import type { Algorithm } from "./schedule-pod.js";
import { formatTime } from "../util/time.js";

export interface CycleDeps {
  client: Client;
  clock: Clock;
  cache: SchedulerCache;
  queue: SchedulingQueue;
  algorithm: Algorithm;
  frameworkFor(schedulerName: string): Framework | undefined;
  recorder: EventRecorder;
  log(level: number, message: string): void;
  /** --v, so that per-pod messages are only formatted when they will be logged. */
  verbosity: number;
  /** Bindings in flight, so that shutdown and tests can wait for them. */
  bindings: Set<Promise<void>>;
  /** scheduler_schedule_attempts_total and scheduler_scheduling_attempt_duration_seconds. */
  metrics?: SchedulingAttemptMetrics;
}

/** Records one scheduling attempt's result and duration (algorithm plus binding), per profile. */
export interface SchedulingAttemptMetrics {
  attempt(result: "scheduled" | "unschedulable" | "error", profile: string, seconds: number): void;
}

/** Which attempt a failure ends: its profile and when it started. */
interface Attempt {
  profile: string;
  start: number;
}

const PODS = { group: "", version: "v1", resource: "pods" };

/** Failure kinds as upstream's PodScheduled condition reasons. */
type FailureReason = "Unschedulable" | "SchedulerError";

interface Failure {
  reason: FailureReason;
  message: string;
  /** undefined: leave the nomination; "": clear it; else nominate that node. */
  nominatedNodeName?: string;
  isError: boolean;
}

/** Schedules one pod; false once the queue is closed. */
export async function scheduleOne(d: CycleDeps): Promise<boolean> {
  const q = await d.queue.pop();
  if (!q) return false;
  const info = q.info;
  const fwk = d.frameworkFor(info.pod.spec?.schedulerName ?? "default-scheduler");
  // Deleted, already assumed (a duplicate add), or no longer ours: nothing to do.
  if (!fwk || info.pod.metadata?.deletionTimestamp || d.cache.isAssumed(info.key)) {
    d.queue.done(info.key);
    return true;
  }
  const attempt: Attempt = { profile: fwk.profileName, start: d.clock.now() };
  const cycle = d.queue.schedulingCycle;
  const state = new CycleState();
  const result = d.algorithm.schedulePod(fwk, state, info);

  if (result.kind === "error") {
    const rejected = result.status.isRejected();
    q.unschedulablePlugins = new Set(result.status.plugin ? [result.status.plugin] : []);
    await handleFailure(d, q, cycle, attempt, { reason: rejected ? "Unschedulable" : "SchedulerError", message: result.status.message(), isError: !rejected });
    return true;
  }
  if (result.kind === "unfit") {
    const diag = result.diagnosis;
    q.unschedulablePlugins = new Set([...diag.statuses.values()].map((s) => s.plugin).filter((p) => p));
    let nominatedNodeName: string | undefined;
    if (fwk.hasPostFilterPlugins()) {
      const post = await fwk.runPostFilterPlugins(state, info, diag.statuses);
      diag.postFilterMsg = post.status.message();
      nominatedNodeName = post.result?.nominatedNodeName;
    }
    const message = fitErrorMessage(diag);
    d.log(2, kv("Unable to schedule pod; no fit; waiting", "pod", info.key, "err", message));
    await handleFailure(d, q, cycle, attempt, { reason: "Unschedulable", message, nominatedNodeName, isError: false });
    return true;
  }

  const nodeName = result.nodeName;
  const assumed = withNodeName(info, nodeName);
  d.cache.assumePod(assumed);
  const reserve = fwk.runReservePluginsReserve(state, assumed, nodeName);
  const permit = reserve.isSuccess() ? fwk.runPermitPlugins(state, assumed, nodeName) : reserve;
  if (!permit.isSuccess()) {
    fwk.runReservePluginsUnreserve(state, assumed, nodeName);
    d.cache.forgetPod(info.key);
    await handleFailure(d, q, cycle, attempt, reservationFailure(q, permit, nodeName));
    return true;
  }
  d.queue.nominator.delete(info.key);
  const binding = bindingCycle(d, fwk, state, q, cycle, attempt, assumed, nodeName, result.evaluatedNodes, result.feasibleNodes);
  d.bindings.add(binding);
  void binding.finally(() => d.bindings.delete(binding));
  return true;
}

/**
 * A Reserve or Permit failure, as upstream: a rejection reads as a fit
 * error on the one chosen node ("0/1 nodes are available: ..."), and the
 * pod's nomination is cleared either way.
 */
function reservationFailure(q: QueuedPodInfo, s: Status, nodeName: string): Failure {
  if (!s.isRejected()) return { reason: "SchedulerError", message: s.message(), nominatedNodeName: "", isError: true };
  q.unschedulablePlugins = new Set(s.plugin ? [s.plugin] : []);
  const message = fitErrorMessage({ numAllNodes: 1, statuses: new Map([[nodeName, s]]) });
  return { reason: "Unschedulable", message, nominatedNodeName: "", isError: false };
}

function failureOf(s: Status): Failure {
  const rejected = s.isRejected();
  return { reason: rejected ? "Unschedulable" : "SchedulerError", message: s.message(), isError: !rejected };
}

async function bindingCycle(d: CycleDeps, fwk: Framework, state: CycleState, q: QueuedPodInfo, cycle: number, attempt: Attempt, assumed: PodInfo, nodeName: string, evaluated: number, feasible: number): Promise<void> {
  let s = await fwk.runPreBindPlugins(state, assumed, nodeName);
  if (s.isSuccess()) s = await fwk.runBindPlugins(state, assumed, nodeName);
  if (!s.isSuccess()) {
    fwk.runReservePluginsUnreserve(state, assumed, nodeName);
    d.cache.forgetPod(assumed.key);
    // The assumed pod's resources are free again: others may fit now.
    d.queue.moveAllToActiveOrBackoffQueue("AssignedPodDelete");
    const message = s.code === Code.Error ? `binding rejected: ${s.message()}` : s.message();
    // As upstream's binding-cycle errors: the nomination goes too.
    await handleFailure(d, q, cycle, attempt, { ...failureOf(s), message, nominatedNodeName: "" });
    return;
  }
  d.metrics?.attempt("scheduled", attempt.profile, (d.clock.now() - attempt.start) / 1000);
  d.cache.finishBinding(assumed.key);
  d.queue.done(assumed.key);
  const meta = assumed.pod.metadata!;
  if (d.verbosity >= 2) d.log(2, kv("Successfully bound pod to node", "pod", assumed.key, "node", nodeName, "evaluatedNodes", evaluated, "feasibleNodes", feasible));
  d.recorder.event(asObject(assumed.pod), "Normal", "Scheduled", `Successfully assigned ${meta.namespace}/${meta.name} to ${nodeName}`, "Binding");
}

/** events.k8s.io/v1 notes hold at most 1024 characters: longer messages end in " ...", as upstream's scheduler cuts them. */
function truncateNote(message: string): string {
  const max = 1024;
  return message.length <= max ? message : `${message.slice(0, max - 4)} ...`;
}

async function handleFailure(d: CycleDeps, q: QueuedPodInfo, cycle: number, attempt: Attempt, f: Failure): Promise<void> {
  d.metrics?.attempt(f.reason === "Unschedulable" ? "unschedulable" : "error", attempt.profile, (d.clock.now() - attempt.start) / 1000);
  const latest = d.queue.inFlightInfo(q.info.key);
  if (!latest) return; // deleted meanwhile: nothing to report
  d.queue.addUnschedulableIfNotPresent(q, cycle, f.isError);
  if (f.nominatedNodeName === "") d.queue.nominator.delete(q.info.key);
  else if (f.nominatedNodeName) d.queue.nominator.add(latest, f.nominatedNodeName);
  const pod = latest.pod;
  d.recorder.event(asObject(pod), "Warning", "FailedScheduling", truncateNote(f.message), "Scheduling");
  await updatePodScheduledCondition(d, pod, f);
}

/** Patches PodScheduled=False (and the nomination) through pods/status, only when something changed. */
async function updatePodScheduledCondition(d: CycleDeps, pod: PodInfo["pod"], f: Failure): Promise<void> {
  const old = pod.status?.conditions?.find((c) => c.type === "PodScheduled");
  const nominationChanges = f.nominatedNodeName !== undefined && (pod.status?.nominatedNodeName ?? "") !== f.nominatedNodeName;
  if (old && old.status === "False" && old.reason === f.reason && old.message === f.message && !nominationChanges) return;
  const condition = {
    type: "PodScheduled",
    status: "False",
    reason: f.reason,
    message: f.message,
    lastProbeTime: null,
    lastTransitionTime: old?.status === "False" && old.lastTransitionTime ? old.lastTransitionTime : formatTime(d.clock.now()),
  };
  const status: Record<string, unknown> = { conditions: [condition] };
  if (nominationChanges) status.nominatedNodeName = f.nominatedNodeName || null;
  const meta = pod.metadata!;
  try {
    await d.client.patch(PODS, meta.namespace, meta.name!, "strategic", { status }, { subresource: "status" });
  } catch (err) {
    d.log(2, kv("Error updating pod", "pod", `${meta.namespace}/${meta.name}`, "err", (err as Error).message));
  }
}

/** The pod as an event's involved object (list items may lack kind). */
export function asObject(pod: PodInfo["pod"]): KubeObject {
  return { ...(pod as unknown as KubeObject), apiVersion: "v1", kind: "Pod" };
}
