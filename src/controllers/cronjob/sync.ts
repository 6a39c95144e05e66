/**
 * One CronJob's reconciliation (upstream's CronJob controller v2): reconcile
 * status.active with the Jobs it owns, record finished ones, start the Job
 * for the most recent missed activation subject to startingDeadlineSeconds
 * and concurrencyPolicy, trim finished Jobs to the history limits, and say
 * when to look again (the next activation).
 */
import type { ObjectReference } from "kubernetes-types/core/v1.js";
import type { CronJobObject } from "../../api/batch/cronjobs.js";
import type { JobObject } from "../../api/batch/jobs.js";
import { parseCronSchedule } from "../../api/batch/cron-schedule.js";
import { isApiError } from "../../api/errors.js";
import type { EventRecorder } from "../../client/events.js";
import { JOBS, CRONJOBS } from "../../client/resources.js";
import { splitKey, type Client, type Lister } from "../../client/types.js";
import type { Clock } from "../../util/clock.js";
import { getControllerOf } from "../shared/index.js";
import { formatRFC3339, localZone, missedActivations, nextActivation } from "./schedule-time.js";
import { formatTime } from "../../util/time.js";

export const SCHEDULED_TIMESTAMP_ANNOTATION = "batch.kubernetes.io/cronjob-scheduled-timestamp";
/** Upstream requeues slightly after the activation so the clock has passed it. */
const NEXT_SCHEDULE_DELTA_MS = 100;

export interface CronJobSyncDeps {
  cronJobs: Lister<CronJobObject>;
  jobs: Lister<JobObject>;
  client: Client;
  clock: Clock;
  recorder: EventRecorder;
}

export interface SyncResult {
  requeueAfterMs?: number;
}

function finishedType(job: JobObject): "Complete" | "Failed" | undefined {
  const c = job.status?.conditions?.find((x) => (x.type === "Complete" || x.type === "Failed") && x.status === "True");
  return c?.type as "Complete" | "Failed" | undefined;
}

/** `<cronjob>-<minutes since the epoch>` (getJobName). */
export function jobNameFor(cj: CronJobObject, scheduled: number): string {
  return `${cj.metadata.name}-${Math.floor(scheduled / 60_000)}`;
}

/** The Job a CronJob starts for an activation (getJobFromTemplate2). */
export function jobFromTemplate(cj: CronJobObject, scheduled: number, zone: string): JobObject {
  const tmpl = structuredClone(cj.spec?.jobTemplate ?? {});
  return {
    apiVersion: "batch/v1",
    kind: "Job",
    metadata: {
      name: jobNameFor(cj, scheduled),
      namespace: cj.metadata.namespace,
      labels: { ...(tmpl.metadata?.labels ?? {}) },
      annotations: { ...(tmpl.metadata?.annotations ?? {}), [SCHEDULED_TIMESTAMP_ANNOTATION]: formatRFC3339(scheduled, zone) },
      ownerReferences: [{ apiVersion: "batch/v1", kind: "CronJob", name: cj.metadata.name ?? "", uid: cj.metadata.uid ?? "", controller: true, blockOwnerDeletion: true }],
    },
    spec: tmpl.spec ?? { template: {} },
  };
}

function refTo(job: JobObject): ObjectReference {
  return { apiVersion: "batch/v1", kind: "Job", name: job.metadata.name, namespace: job.metadata.namespace, uid: job.metadata.uid, resourceVersion: job.metadata.resourceVersion };
}

async function deleteJob(deps: CronJobSyncDeps, cj: CronJobObject, name: string): Promise<void> {
  try {
    await deps.client.delete(JOBS, cj.metadata.namespace, name, { propagationPolicy: "Background" });
    deps.recorder.event(cj, "Normal", "SuccessfulDelete", `Deleted job ${name}`);
  } catch (err) {
    if (isApiError(err, "NotFound")) return;
    deps.recorder.event(cj, "Warning", "FailedDelete", `Deleted job: ${(err as Error).message}`);
    throw err;
  }
}

/** Deletes the oldest finished Jobs beyond the history limits (cleanupFinishedJobs). */
async function cleanupFinished(deps: CronJobSyncDeps, cj: CronJobObject, owned: JobObject[]): Promise<void> {
  const byAge = (a: JobObject, b: JobObject) => String(a.status?.startTime ?? a.metadata.creationTimestamp).localeCompare(String(b.status?.startTime ?? b.metadata.creationTimestamp));
  const limits: [("Complete" | "Failed"), number | undefined][] = [
    ["Complete", cj.spec?.successfulJobsHistoryLimit],
    ["Failed", cj.spec?.failedJobsHistoryLimit],
  ];
  for (const [type, limit] of limits) {
    if (limit == null) continue;
    const done = owned.filter((j) => finishedType(j) === type && !j.metadata.deletionTimestamp).sort(byAge);
    for (const j of done.slice(0, Math.max(0, done.length - limit))) await deleteJob(deps, cj, j.metadata.name ?? "");
  }
}

export async function syncCronJob(deps: CronJobSyncDeps, key: string): Promise<SyncResult> {
  const { namespace, name } = splitKey(key);
  const cached = deps.cronJobs.get(namespace, name);
  if (!cached || cached.metadata.deletionTimestamp) return {};
  const cj: CronJobObject = structuredClone(cached);
  const status = (cj.status ??= {});
  const now = deps.clock.now();
  const owned = deps.jobs.list(namespace).filter((j) => getControllerOf(j)?.uid === cj.metadata.uid);
  const ownedByName = new Map(owned.map((j) => [j.metadata.name ?? "", j]));

  // Reconcile status.active with the Jobs that exist.
  let active = [...(status.active ?? [])];
  for (const j of owned) {
    const kind = finishedType(j);
    const inActive = active.some((r) => r.uid === j.metadata.uid);
    if (kind && inActive) {
      active = active.filter((r) => r.uid !== j.metadata.uid);
      deps.recorder.event(cj, "Normal", "SawCompletedJob", `Saw completed job: ${j.metadata.name}, condition: ${kind}`);
    } else if (!kind && !inActive && !j.metadata.deletionTimestamp) {
      active.push(refTo(j));
    }
    const completedAt = kind === "Complete" ? j.status?.completionTime : undefined;
    if (completedAt && (!status.lastSuccessfulTime || completedAt > status.lastSuccessfulTime)) status.lastSuccessfulTime = completedAt;
  }
  active = active.filter((r) => ownedByName.has(r.name ?? "") && ownedByName.get(r.name ?? "")!.metadata.uid === r.uid);
  status.active = active;

  await cleanupFinished(deps, cj, owned);

  const result = await schedule(deps, cj, now);
  if (!status.active.length) delete status.active;
  if (JSON.stringify(cj.status) !== JSON.stringify(cached.status ?? {})) {
    await deps.client.update(CRONJOBS, namespace, cj, { subresource: "status" });
  }
  return result;
}

/** Starts the Job for the most recent missed activation, if allowed; returns when to look again. */
async function schedule(deps: CronJobSyncDeps, cj: CronJobObject, now: number): Promise<SyncResult> {
  const spec = cj.spec!;
  const status = cj.status!;
  if (spec.suspend) return {};
  let sched;
  try {
    sched = parseCronSchedule(spec.schedule);
  } catch (err) {
    deps.recorder.event(cj, "Warning", "UnparseableSchedule", `unparseable schedule: ${JSON.stringify(spec.schedule)} : ${(err as Error).message}`);
    return {};
  }
  const zone = spec.timeZone || localZone();
  const next = (after: number): SyncResult => {
    const t = nextActivation(sched, zone, after);
    return t === undefined ? {} : { requeueAfterMs: t - now + NEXT_SCHEDULE_DELTA_MS };
  };
  let earliest = Date.parse(status.lastScheduleTime ?? cj.metadata.creationTimestamp ?? formatTime(now));
  if (spec.startingDeadlineSeconds != null) earliest = Math.max(earliest, now - spec.startingDeadlineSeconds * 1000);
  const missed = missedActivations(sched, zone, earliest, now);
  if (missed.count > 100) {
    deps.recorder.event(cj, "Warning", "TooManyMissedTimes", "too many missed start times. Set or decrease .spec.startingDeadlineSeconds or check clock skew");
  }
  const scheduled = missed.mostRecent;
  if (scheduled === undefined) return next(now);
  if (spec.startingDeadlineSeconds != null && scheduled + spec.startingDeadlineSeconds * 1000 < now) {
    deps.recorder.event(cj, "Warning", "MissSchedule", `Missed scheduled time to start a job: ${new Date(scheduled).toUTCString().replace(/GMT$/, "+0000")}`);
    return next(now);
  }
  const jobName = jobNameFor(cj, scheduled);
  if ((status.active ?? []).some((r) => r.name === jobName) || deps.jobs.get(cj.metadata.namespace, jobName)) return next(now);
  if (spec.concurrencyPolicy === "Forbid" && (status.active ?? []).length > 0) {
    deps.recorder.event(cj, "Normal", "JobAlreadyActive", "Not starting job because prior execution is running and concurrency policy is Forbid");
    return next(now);
  }
  if (spec.concurrencyPolicy === "Replace") {
    for (const r of status.active ?? []) await deleteJob(deps, cj, r.name ?? "");
    status.active = [];
  }
  let created: JobObject;
  try {
    created = await deps.client.create<JobObject>(JOBS, cj.metadata.namespace, jobFromTemplate(cj, scheduled, zone));
    deps.recorder.event(cj, "Normal", "SuccessfulCreate", `Created job ${created.metadata.name}`);
  } catch (err) {
    if (!isApiError(err, "AlreadyExists")) {
      deps.recorder.event(cj, "Warning", "FailedCreate", `Error creating job: ${(err as Error).message}`);
      throw err;
    }
    // Created by an earlier sync whose status write was lost: adopt it into status.
    created = await deps.client.get<JobObject>(JOBS, cj.metadata.namespace, jobName);
  }
  status.active = [...(status.active ?? []), refTo(created)];
  status.lastScheduleTime = formatTime(scheduled);
  return next(now);
}
