/**
 * The Job controller in the sample-controller shape: Job and Pod events
 * enqueue the Job's key; syncJob re-reads both from the listers. A second
 * queue (upstream's orphan queue) frees pods whose Job is gone, finished or
 * no longer their controller of the job-tracking finalizer.
 */
import type { JobObject } from "../../api/batch/jobs.js";
import { createWorkQueue, JOBS, keyOf, PODS, runController, type Controller } from "../../client/index.js";
import type { ControllerContext } from "../context.js";
import { runnerLogs } from "../context.js";
import { createExpectations, getControllerOf, ownedPodEvents, type PodObject } from "../shared/index.js";
import type { BackoffRecord } from "./backoff.js";
import { createJobApi } from "./job-api.js";
import { handleOrphanPod, hasTrackingFinalizer, isOrphanCandidate } from "./orphan-pods.js";
import { syncJob, type JobSyncDeps } from "./sync.js";

export const JOB_CONTROLLER_NAME = "job-controller";

export function createJobController(ctx: ControllerContext): Controller {
  const jobs = ctx.informers.forResource<JobObject>(JOBS);
  const pods = ctx.informers.forResource<PodObject>(PODS);
  const queue = createWorkQueue({ clock: ctx.clock, name: "job" });
  const orphanQueue = createWorkQueue({ clock: ctx.clock, name: "job_orphan_pod" });
  const deps: JobSyncDeps = {
    jobs: jobs.lister,
    pods: pods.lister,
    api: createJobApi(ctx.client, ctx.recorder(JOB_CONTROLLER_NAME)),
    clock: ctx.clock,
    recorder: ctx.recorder(JOB_CONTROLLER_NAME),
    expectations: createExpectations(ctx.clock),
    backoff: new Map<string, BackoffRecord>(),
  };

  /** The key of the Job controlling pod, if a Job controls it. */
  const ownerKey = (pod: PodObject): string | undefined => {
    const ref = getControllerOf(pod);
    if (ref?.kind !== "Job" || !ref.apiVersion.startsWith("batch/")) return undefined;
    const job = jobs.lister.get(pod.metadata.namespace, ref.name);
    return job && job.metadata.uid === ref.uid ? keyOf(job) : undefined;
  };

  jobs.addEventHandler({
    onAdd: (j) => queue.add(keyOf(j)),
    onUpdate: (_o, j) => queue.add(keyOf(j)),
    onDelete: (j) => {
      queue.add(keyOf(j));
      // The Job's pods lose their owner: free them (upstream's cleanupPodFinalizers).
      for (const p of pods.lister.list(j.metadata.namespace)) {
        if (getControllerOf(p)?.uid === j.metadata.uid && hasTrackingFinalizer(p)) orphanQueue.add(keyOf(p));
      }
    },
  });
  pods.addEventHandler(ownedPodEvents(ownerKey, deps.expectations, (key) => queue.add(key)));
  const checkOrphan = (p: PodObject) => {
    if (isOrphanCandidate(jobs.lister, p)) orphanQueue.add(keyOf(p));
  };
  pods.addEventHandler({ onAdd: checkOrphan, onUpdate: (_o, p) => checkOrphan(p), onDelete: () => undefined });

  return {
    name: JOB_CONTROLLER_NAME,
    async run(signal, workers) {
      if (!(await ctx.informers.waitForCacheSync(signal))) return;
      const orphans = runController({
        name: "job orphan pod",
        queue: orphanQueue,
        workers: 1,
        signal,
        ...runnerLogs(ctx),
        sync: (key) => handleOrphanPod(pods.lister, jobs.lister, deps.api, key),
      });
      await runController({
        name: "job",
        queue,
        workers,
        signal,
        ...runnerLogs(ctx),
        sync: async (key) => {
          const r = await syncJob(deps, key);
          if (r.requeueAfterMs !== undefined && Number.isFinite(r.requeueAfterMs)) queue.addAfter(key, r.requeueAfterMs);
        },
      });
      await orphans;
    },
  };
}
