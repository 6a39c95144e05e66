/**
 * Counting finished pods exactly once (upstream's finalizer-based
 * tracking): a finished pod still carrying batch.kubernetes.io/job-tracking
 * is first recorded in status.uncountedTerminatedPods, then loses the
 * finalizer, then moves into status.succeeded / status.failed. A crash
 * between the steps neither loses nor double-counts a pod.
 */
import type { JobStatus } from "kubernetes-types/batch/v1.js";
import type { JobObject } from "../../api/batch/jobs.js";
import type { PodObject } from "../shared/index.js";
import type { JobApi } from "./job-api.js";
import { formatIndexes, parseIndexes } from "./indexes.js";
import { JOB_TRACKING_FINALIZER, podIndex } from "./pod-template.js";

/** A pod that counts as failed: Failed, or deleted before it succeeded (isPodFailed). */
export function isPodFailed(pod: PodObject, job: JobObject): boolean {
  if (pod.status?.phase === "Failed") return true;
  if (job.spec?.podReplacementPolicy === "Failed" && job.spec.podFailurePolicy) return false;
  return !!pod.metadata.deletionTimestamp && pod.status?.phase !== "Succeeded";
}

export function hasTrackingFinalizer(pod: PodObject): boolean {
  return (pod.metadata.finalizers ?? []).includes(JOB_TRACKING_FINALIZER);
}

export interface TrackResult {
  job: JobObject;
  /** status with finished pods counted and uncountedTerminatedPods emptied of what was counted. */
  status: JobStatus;
  newlySucceeded: number;
  newlyFailed: PodObject[];
}

/**
 * Runs the three steps for every finished pod still holding the finalizer.
 * Returns the (possibly rewritten) Job and the status to build on.
 */
export async function trackFinishedPods(api: JobApi, job: JobObject, pods: readonly PodObject[]): Promise<TrackResult> {
  const completions = job.spec?.completions ?? 0;
  const indexed = job.spec?.completionMode === "Indexed";
  const status: JobStatus = structuredClone(job.status ?? {});
  const uSucceeded = new Set(status.uncountedTerminatedPods?.succeeded ?? []);
  const uFailed = new Set(status.uncountedTerminatedPods?.failed ?? []);
  const done = parseIndexes(status.completedIndexes, completions);
  const finished: PodObject[] = [];
  const newlyFailed: PodObject[] = [];
  for (const pod of pods) {
    if (!hasTrackingFinalizer(pod)) continue;
    const uid = pod.metadata.uid ?? "";
    const succeeded = pod.status?.phase === "Succeeded";
    if (!succeeded && !isPodFailed(pod, job)) continue;
    finished.push(pod);
    if (uSucceeded.has(uid) || uFailed.has(uid)) continue;
    if (succeeded) {
      const ix = indexed ? podIndex(pod, completions) : undefined;
      if (indexed && (ix === undefined || done.has(ix))) continue; // a duplicate or stray index counts for nothing
      if (ix !== undefined) done.add(ix);
      uSucceeded.add(uid);
    } else {
      uFailed.add(uid);
      newlyFailed.push(pod);
    }
  }
  if (finished.length === 0 && uSucceeded.size === 0 && uFailed.size === 0) return { job, status, newlySucceeded: 0, newlyFailed };

  // Step 1: persist which pods are about to be counted.
  const before = JSON.stringify(status.uncountedTerminatedPods ?? {});
  status.uncountedTerminatedPods = { succeeded: [...uSucceeded], failed: [...uFailed] };
  if (indexed) status.completedIndexes = formatIndexes(done);
  if (JSON.stringify(status.uncountedTerminatedPods) !== before) {
    job = await api.updateStatus({ ...job, status });
  }
  // Step 2: release the pods.
  const withFinalizer = new Set(pods.filter(hasTrackingFinalizer).map((p) => p.metadata.uid ?? ""));
  const results = await Promise.allSettled(finished.map((p) => api.removeTrackingFinalizer(p)));
  const failedRelease = results.some((r) => r.status === "rejected");
  results.forEach((r, i) => {
    if (r.status === "fulfilled") withFinalizer.delete(finished[i].metadata.uid ?? "");
  });
  // Step 3: count every uncounted pod that no longer holds the finalizer.
  const next: JobStatus = structuredClone(status);
  let newlySucceeded = 0;
  let countedFailed = 0;
  const keepS: string[] = [];
  const keepF: string[] = [];
  for (const uid of uSucceeded) {
    if (withFinalizer.has(uid)) keepS.push(uid);
    else newlySucceeded++;
  }
  for (const uid of uFailed) {
    if (withFinalizer.has(uid)) keepF.push(uid);
    else countedFailed++;
  }
  next.succeeded = indexed ? done.size : (next.succeeded ?? 0) + newlySucceeded;
  next.failed = (next.failed ?? 0) + countedFailed;
  next.uncountedTerminatedPods = { succeeded: keepS, failed: keepF };
  if (failedRelease) {
    const err = results.find((r): r is PromiseRejectedResult => r.status === "rejected")!.reason;
    // Step 1 persisted the uncounted pods, so a retry counts them.
    throw err;
  }
  return { job, status: next, newlySucceeded, newlyFailed: newlyFailed.filter((p) => !withFinalizer.has(p.metadata.uid ?? "")) };
}
