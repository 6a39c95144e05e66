/**
 * Pods that still carry the job-tracking finalizer while no running Job
 * will ever count them (upstream's orphan pod queue, handleOrphanPod): the
 * pod lost its controller reference (an orphaning delete), or its Job is
 * gone (deleted, before the garbage collector deletes the pod) or finished.
 * Without this they would stay Terminating forever once deleted.
 */
import type { JobObject } from "../../api/batch/jobs.js";
import { splitKey, type Lister } from "../../client/types.js";
import { getControllerOf, type PodObject } from "../shared/index.js";
import { isFinished } from "./conditions.js";
import type { JobApi } from "./job-api.js";
import { JOB_TRACKING_FINALIZER } from "./pod-template.js";

export function hasTrackingFinalizer(pod: PodObject): boolean {
  return pod.metadata.finalizers?.includes(JOB_TRACKING_FINALIZER) ?? false;
}

/** The batch/v1 Job that a controller reference names, if it exists with that uid. */
export function resolveJob(jobs: Lister<JobObject>, pod: PodObject): JobObject | undefined {
  const ref = getControllerOf(pod);
  if (ref?.kind !== "Job" || ref.apiVersion !== "batch/v1") return undefined;
  const job = jobs.get(pod.metadata.namespace, ref.name);
  return job?.metadata.uid === ref.uid ? job : undefined;
}

/** Whether a pod event should queue the pod for finalizer clean-up (upstream's addPod/updatePod/deletePod checks). */
export function isOrphanCandidate(jobs: Lister<JobObject>, pod: PodObject): boolean {
  if (!hasTrackingFinalizer(pod)) return false;
  const job = resolveJob(jobs, pod);
  if (!job) return true;
  // A deleted pod of a finished Job: syncJob no longer looks at it.
  return Boolean(pod.metadata.deletionTimestamp) && isFinished(job.status?.conditions);
}

/**
 * Removes the finalizer of the pod at key if it is still an orphan: no
 * controller, or a batch/v1 Job controller that is gone or finished. Pods
 * another kind controls keep it (that finalizer is not ours to judge).
 */
export async function handleOrphanPod(pods: Lister<PodObject>, jobs: Lister<JobObject>, api: JobApi, key: string): Promise<void> {
  const { namespace, name } = splitKey(key);
  const pod = pods.get(namespace, name);
  if (!pod || !hasTrackingFinalizer(pod)) return;
  const ref = getControllerOf(pod);
  if (ref) {
    if (ref.kind !== "Job" || ref.apiVersion !== "batch/v1") return;
    const job = resolveJob(jobs, pod);
    if (job && !isFinished(job.status?.conditions)) return; // adopted, or still running
  }
  await api.removeTrackingFinalizer(pod);
}
