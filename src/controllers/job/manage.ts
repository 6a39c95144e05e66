/**
 * Keeping a running Job's pods at the wanted count (upstream's manageJob):
 * min(parallelism, remaining completions) pods, created in slow-start
 * batches and held back while the failure back-off runs; extra pods
 * (and, for Indexed Jobs, pods of duplicate or invalid indexes) deleted.
 */
import type { JobStatus } from "kubernetes-types/batch/v1.js";
import type { JobObject } from "../../api/batch/jobs.js";
import { compareForDeletion, rankByRelatedPodsOnSameNode, slowStartBatch, SLOW_START_INITIAL_BATCH_SIZE, type PodObject } from "../shared/index.js";
import { parseIndexes, pendingIndexes } from "./indexes.js";
import { newJobPod, podIndex } from "./pod-template.js";
import type { JobSyncDeps } from "./sync.js";

export interface ManageResult {
  /** Active pods once the requested creations and deletions land. */
  active: number;
  /** Creations were wanted but held back by the failure back-off. */
  backoffWait: boolean;
}

/** How many pods should run now. */
export function wantedActive(job: JobObject, status: JobStatus): number {
  const parallelism = job.spec?.parallelism ?? 1;
  const completions = job.spec?.completions;
  if (completions == null) return (status.succeeded ?? 0) > 0 ? 0 : parallelism;
  const done = job.spec?.completionMode === "Indexed" ? parseIndexes(status.completedIndexes, completions).size : (status.succeeded ?? 0);
  return Math.max(0, Math.min(parallelism, completions - done));
}

/** Active pods to delete first for an Indexed Job: invalid indexes, then duplicates of one index. */
function indexedExtras(job: JobObject, status: JobStatus, active: PodObject[]): PodObject[] {
  const completions = job.spec?.completions ?? 0;
  const done = parseIndexes(status.completedIndexes, completions);
  const seen = new Set<number>();
  const extras: PodObject[] = [];
  for (const p of active) {
    const ix = podIndex(p, completions);
    if (ix === undefined || done.has(ix) || seen.has(ix)) extras.push(p);
    else seen.add(ix);
  }
  return extras;
}

export async function manageActivePods(deps: JobSyncDeps, key: string, job: JobObject, status: JobStatus, active: PodObject[], inBackoff: boolean): Promise<ManageResult> {
  const indexed = job.spec?.completionMode === "Indexed";
  const want = wantedActive(job, status);
  const now = deps.clock.now();
  let toDelete: PodObject[] = indexed ? indexedExtras(job, status, active) : [];
  const kept = active.filter((p) => !toDelete.includes(p));
  if (kept.length > want) {
    const ranked = rankByRelatedPodsOnSameNode(kept, active).sort((a, b) => compareForDeletion(a, b, now));
    toDelete = [...toDelete, ...ranked.slice(0, kept.length - want).map((r) => r.pod)];
  }
  if (toDelete.length > 0) {
    const uids = toDelete.map((p) => p.metadata.uid ?? "");
    deps.expectations.expectDeletions(key, uids);
    const results = await Promise.allSettled(toDelete.map((p) => deps.api.deletePod(job, p)));
    results.forEach((r, i) => r.status === "rejected" && deps.expectations.deletionObserved(key, uids[i]));
    const failed = results.find((r): r is PromiseRejectedResult => r.status === "rejected");
    if (failed) throw failed.reason;
    return { active: active.length - toDelete.length, backoffWait: false };
  }
  const missing = want - kept.length;
  if (missing <= 0) return { active: active.length, backoffWait: false };
  if (inBackoff) return { active: active.length, backoffWait: true };

  const indexes = indexed
    ? pendingIndexes(job.spec?.completions ?? 0, parseIndexes(status.completedIndexes, job.spec?.completions ?? 0), new Set(kept.map((p) => podIndex(p, job.spec?.completions ?? 0) ?? -1)), missing)
    : [];
  const count = indexed ? indexes.length : missing;
  deps.expectations.expectCreations(key, count);
  let next = 0;
  const { successes, error } = await slowStartBatch(count, SLOW_START_INITIAL_BATCH_SIZE, async () => {
    const pod = newJobPod(job, indexed ? indexes[next++] : undefined);
    await deps.api.createPod(job, pod);
  });
  for (let i = successes; i < count; i++) deps.expectations.creationObserved(key);
  if (error) throw error;
  return { active: active.length + successes, backoffWait: false };
}
