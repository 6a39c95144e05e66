/**
 * One Job's reconciliation (upstream's syncJob): count finished pods,
 * decide whether the Job has failed (pod failure policy, backoffLimit,
 * activeDeadlineSeconds) or succeeded (completions, success policy), and
 * otherwise keep the wanted number of pods running, with back-off after
 * failures. Terminal conditions follow upstream's two steps: FailureTarget
 * / SuccessCriteriaMet first, Failed / Complete once no pod is left running.
 */
import type { JobStatus } from "kubernetes-types/batch/v1.js";
import type { JobObject } from "../../api/batch/jobs.js";
import type { JobSpecLike } from "../../api/batch/job-spec-validation.js";
import type { EventRecorder } from "../../client/events.js";
import { splitKey, type Lister } from "../../client/types.js";
import type { Clock } from "../../util/clock.js";
import { getControllerOf, isPodActive, isPodReady, selectorMatches, type Expectations, type PodObject } from "../shared/index.js";
import { nextBackoff, remainingBackoff, type BackoffRecord } from "./backoff.js";
import * as C from "./conditions.js";
import { matchPodFailurePolicy } from "./failure-policy.js";
import type { JobApi } from "./job-api.js";
import { manageActivePods } from "./manage.js";
import { parseIndexes } from "./indexes.js";
import { matchSuccessPolicy, successPolicyMessage, type SuccessPolicy } from "./success-policy.js";
import { trackFinishedPods } from "./track-finished.js";
import { formatTime } from "../../util/time.js";

export interface JobSyncDeps {
  jobs: Lister<JobObject>;
  pods: Lister<PodObject>;
  api: JobApi;
  clock: Clock;
  recorder: EventRecorder;
  expectations: Expectations;
  /** Per-Job failure streaks for back-off, keyed like the queue. */
  backoff: Map<string, BackoffRecord>;
}

export interface SyncResult {
  /** Sync this key again after this many milliseconds (back-off, deadline). */
  requeueAfterMs?: number;
}

interface Verdict {
  kind: "failure" | "success";
  reason: string;
  message: string;
}

/** Pods the Job controls, by selector and controller reference. */
export function jobPods(job: JobObject, pods: Lister<PodObject>): PodObject[] {
  return pods
    .list(job.metadata.namespace)
    .filter((p) => getControllerOf(p)?.uid === job.metadata.uid && selectorMatches(job.spec?.selector, p.metadata.labels));
}

function isTerminal(p: PodObject): boolean {
  return p.status?.phase === "Succeeded" || p.status?.phase === "Failed";
}

function verdictFor(job: JobObject, status: JobStatus, newlyFailed: PodObject[], active: number, now: number): Verdict | undefined {
  const conds = status.conditions;
  const target = C.findCondition(conds, "FailureTarget");
  if (target?.status === "True") return { kind: "failure", reason: target.reason ?? "", message: target.message ?? "" };
  const met = C.findCondition(conds, "SuccessCriteriaMet");
  if (met?.status === "True") return { kind: "success", reason: met.reason ?? "", message: met.message ?? "" };
  const spec: JobSpecLike = job.spec ?? { template: {} };
  for (const pod of newlyFailed) {
    const m = matchPodFailurePolicy(spec.podFailurePolicy, pod);
    if (m?.action === "FailJob") return { kind: "failure", reason: C.REASON_POD_FAILURE_POLICY, message: m.message ?? "" };
  }
  if ((status.failed ?? 0) > (spec.backoffLimit ?? 6)) return { kind: "failure", reason: C.REASON_BACKOFF_LIMIT, message: C.MSG_BACKOFF_LIMIT };
  const start = status.startTime ? Date.parse(status.startTime) : undefined;
  if (start !== undefined && spec.activeDeadlineSeconds != null && !spec.suspend && now - start >= spec.activeDeadlineSeconds * 1000) {
    return { kind: "failure", reason: C.REASON_DEADLINE, message: C.MSG_DEADLINE };
  }
  const succeeded = status.succeeded ?? 0;
  if (spec.completionMode === "Indexed") {
    const completions = spec.completions ?? 0;
    const done = parseIndexes(status.completedIndexes, completions);
    const rule = matchSuccessPolicy(spec.successPolicy as SuccessPolicy | undefined, completions, done);
    if (rule >= 0) return { kind: "success", reason: C.REASON_SUCCESS_POLICY, message: successPolicyMessage(rule) };
    if (done.size >= completions) return { kind: "success", reason: C.REASON_COMPLETIONS, message: C.MSG_COMPLETIONS };
  } else if (spec.completions == null ? succeeded > 0 && active === 0 : succeeded >= spec.completions) {
    return { kind: "success", reason: C.REASON_COMPLETIONS, message: C.MSG_COMPLETIONS };
  }
  return undefined;
}

export async function syncJob(deps: JobSyncDeps, key: string): Promise<SyncResult> {
  const { namespace, name } = splitKey(key);
  const cached = deps.jobs.get(namespace, name);
  if (!cached) {
    deps.expectations.delete(key);
    deps.backoff.delete(key);
    return {};
  }
  const pods = jobPods(cached, deps.pods);
  if (C.isFinished(cached.status?.conditions)) {
    // A finished Job only releases the pods it still holds.
    await Promise.all(pods.map((p) => deps.api.removeTrackingFinalizer(p)));
    return {};
  }
  if (!deps.expectations.satisfied(key)) return {};

  const now = deps.clock.now();
  const nowIso = formatTime(now);
  const tracked = await trackFinishedPods(deps.api, cached, pods);
  let job = tracked.job;
  const status = tracked.status;
  deps.backoff.set(key, nextBackoff(deps.backoff.get(key), tracked.newlySucceeded, tracked.newlyFailed.length, now));

  const spec: JobSpecLike = job.spec ?? { template: {} };
  const active = pods.filter(isPodActive);
  const stillRunning = pods.filter((p) => !isTerminal(p));
  if (!spec.suspend && !status.startTime) status.startTime = nowIso;

  const verdict = verdictFor(job, status, tracked.newlyFailed, active.length, now);
  let result: SyncResult = {};
  let activeCount = active.length;
  if (verdict) {
    const interim = verdict.kind === "failure" ? "FailureTarget" : "SuccessCriteriaMet";
    status.conditions = C.setCondition(status.conditions, interim, "True", verdict.reason, verdict.message, nowIso);
    if (active.length > 0) {
      deps.expectations.expectDeletions(key, active.map((p) => p.metadata.uid ?? ""));
      await Promise.all(active.map((p) => deps.api.deletePod(job, p).catch((e) => (deps.expectations.deletionObserved(key, p.metadata.uid ?? ""), Promise.reject(e)))));
    }
    activeCount = 0;
    if (stillRunning.length === 0) {
      if (verdict.kind === "failure") {
        status.conditions = C.setCondition(status.conditions, "Failed", "True", verdict.reason, verdict.message, nowIso);
        deps.recorder.event(job, "Warning", verdict.reason, verdict.message);
      } else {
        status.conditions = C.setCondition(status.conditions, "Complete", "True", verdict.reason, verdict.message, nowIso);
        status.completionTime = nowIso;
        deps.recorder.event(job, "Normal", "Completed", "Job completed");
      }
    }
  } else if (spec.suspend) {
    if (active.length > 0) {
      deps.expectations.expectDeletions(key, active.map((p) => p.metadata.uid ?? ""));
      await Promise.all(active.map((p) => deps.api.deletePod(job, p)));
    }
    activeCount = 0;
    if (!C.isTrue(status.conditions, "Suspended")) {
      status.conditions = C.setCondition(status.conditions, "Suspended", "True", "JobSuspended", "Job suspended", nowIso);
      deps.recorder.event(job, "Normal", "Suspended", "Job suspended");
    }
  } else {
    if (C.isTrue(status.conditions, "Suspended")) {
      status.conditions = C.setCondition(status.conditions, "Suspended", "False", "JobResumed", "Job resumed", nowIso);
      status.startTime = nowIso; // the deadline counts from the resume
      deps.recorder.event(job, "Normal", "Resumed", "Job resumed");
    }
    const wait = remainingBackoff(deps.backoff.get(key), now);
    const managed = await manageActivePods(deps, key, job, status, active, wait > 0);
    activeCount = managed.active;
    if (managed.backoffWait) result = { requeueAfterMs: wait };
    if (spec.activeDeadlineSeconds != null && status.startTime) {
      const left = Date.parse(status.startTime) + spec.activeDeadlineSeconds * 1000 - now;
      result.requeueAfterMs = Math.min(result.requeueAfterMs ?? Infinity, Math.max(left, 0));
    }
  }

  status.active = activeCount;
  status.ready = verdict ? 0 : active.filter(isPodReady).length;
  status.terminating = pods.filter((p) => p.metadata.deletionTimestamp && !isTerminal(p)).length;
  if (JSON.stringify(status) !== JSON.stringify(job.status ?? {})) job = await deps.api.updateStatus({ ...job, status });
  return result;
}
