/**
 * When a finished Job's TTL runs out (upstream's ttlafterfinished
 * timeLeft): from its completion time, or for a failed Job the time its
 * Failed condition turned True.
 */
import type { JobObject } from "../../api/batch/jobs.js";

/** The time the Job finished, or undefined while it runs. */
export function finishedAt(job: JobObject): number | undefined {
  const c = job.status?.conditions?.find((x) => (x.type === "Complete" || x.type === "Failed") && x.status === "True");
  if (!c) return undefined;
  const t = c.type === "Complete" && job.status?.completionTime ? job.status.completionTime : c.lastTransitionTime;
  return t ? Date.parse(t) : undefined;
}

/** Milliseconds until the Job should be deleted (<= 0: now); undefined when it has no TTL or is not finished. */
export function timeLeft(job: JobObject, now: number): number | undefined {
  const ttl = job.spec?.ttlSecondsAfterFinished;
  if (ttl == null || job.metadata.deletionTimestamp) return undefined;
  const at = finishedAt(job);
  return at === undefined ? undefined : at + ttl * 1000 - now;
}
