/**
 * The writes the Job controller makes, behind an interface so its sync can
 * be tested against a recording fake. Pod creations and deletions record
 * the upstream events on the Job.
 */
import type { JobObject } from "../../api/batch/jobs.js";
import { isApiError } from "../../api/errors.js";
import type { EventRecorder } from "../../client/events.js";
import { JOBS, PODS } from "../../client/resources.js";
import type { Client } from "../../client/types.js";
import type { PodObject } from "../shared/index.js";
import { isNamespaceTerminating } from "../shared/index.js";
import { JOB_TRACKING_FINALIZER } from "./pod-template.js";

export interface JobApi {
  createPod(job: JobObject, pod: PodObject): Promise<PodObject>;
  deletePod(job: JobObject, pod: PodObject): Promise<void>;
  /** Removes the job-tracking finalizer; resolves false when the pod no longer carries it or is gone. */
  removeTrackingFinalizer(pod: PodObject): Promise<boolean>;
  updateStatus(job: JobObject): Promise<JobObject>;
}

export function createJobApi(client: Client, recorder: EventRecorder): JobApi {
  return {
    async createPod(job, pod) {
      try {
        const created = await client.create<PodObject>(PODS, job.metadata.namespace, pod);
        recorder.event(job, "Normal", "SuccessfulCreate", `Created pod: ${created.metadata.name}`);
        return created;
      } catch (err) {
        if (!isNamespaceTerminating(err)) recorder.event(job, "Warning", "FailedCreate", `Error creating: ${(err as Error).message}`);
        throw err;
      }
    },
    async deletePod(job, pod) {
      try {
        await client.delete(PODS, pod.metadata.namespace, pod.metadata.name ?? "", { preconditions: { uid: pod.metadata.uid } });
        recorder.event(job, "Normal", "SuccessfulDelete", `Deleted pod: ${pod.metadata.name}`);
      } catch (err) {
        if (isApiError(err, "NotFound")) return;
        recorder.event(job, "Warning", "FailedDelete", `Error deleting: ${(err as Error).message}`);
        throw err;
      }
    },
    async removeTrackingFinalizer(pod) {
      const i = (pod.metadata.finalizers ?? []).indexOf(JOB_TRACKING_FINALIZER);
      if (i < 0) return false;
      // test-then-remove so a concurrent finalizer change fails instead of removing the wrong entry
      const patch = [
        { op: "test", path: `/metadata/finalizers/${i}`, value: JOB_TRACKING_FINALIZER },
        { op: "remove", path: `/metadata/finalizers/${i}` },
      ];
      try {
        await client.patch(PODS, pod.metadata.namespace, pod.metadata.name ?? "", "json", patch);
        return true;
      } catch (err) {
        if (isApiError(err, "NotFound")) return false;
        throw err;
      }
    },
    updateStatus: (job) => client.update<JobObject>(JOBS, job.metadata.namespace, { ...job, status: wireStatus(job.status) }, { subresource: "status" }),
  };
}

/**
 * JobStatus as Go serialises it: active, succeeded and failed are omitempty
 * int32s; ready and terminating are pointers (kept at 0); the uncounted lists
 * are omitempty inside a pointer struct that stays as {}.
 */
export function wireStatus(status: JobObject["status"]): JobObject["status"] {
  if (!status) return status;
  const out = { ...status };
  for (const k of ["active", "succeeded", "failed"] as const) if (out[k] === 0) delete out[k];
  if (out.uncountedTerminatedPods) {
    const u = { ...out.uncountedTerminatedPods };
    if (!u.succeeded?.length) delete u.succeeded;
    if (!u.failed?.length) delete u.failed;
    out.uncountedTerminatedPods = u;
  }
  return out;
}
