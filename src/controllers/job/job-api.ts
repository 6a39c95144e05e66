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
    updateStatus: (job) => client.update<JobObject>(JOBS, job.metadata.namespace, job, { subresource: "status" }),
  };
}
