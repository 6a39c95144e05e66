/**
 * The CronJob controller: CronJob and Job events enqueue the CronJob's key;
 * each sync requeues the key for the next activation on the injected clock,
 * so a virtual clock can fast-forward schedules.
 */
import type { CronJobObject } from "../../api/batch/cronjobs.js";
import type { JobObject } from "../../api/batch/jobs.js";
import { createWorkQueue, CRONJOBS, JOBS, keyOf, runController, type Controller } from "../../client/index.js";
import type { ControllerContext } from "../context.js";
import { runnerLogs } from "../context.js";
import { getControllerOf } from "../shared/index.js";
import { syncCronJob, type CronJobSyncDeps } from "./sync.js";

export const CRONJOB_CONTROLLER_NAME = "cronjob-controller";

export function createCronJobController(ctx: ControllerContext): Controller {
  const cronJobs = ctx.informers.forResource<CronJobObject>(CRONJOBS);
  const jobs = ctx.informers.forResource<JobObject>(JOBS);
  const queue = createWorkQueue({ clock: ctx.clock, name: "cronjob" });
  const deps: CronJobSyncDeps = { cronJobs: cronJobs.lister, jobs: jobs.lister, client: ctx.client, clock: ctx.clock, recorder: ctx.recorder(CRONJOB_CONTROLLER_NAME) };

  const enqueueOwner = (j: JobObject) => {
    const ref = getControllerOf(j);
    if (ref?.kind === "CronJob") queue.add(`${j.metadata.namespace}/${ref.name}`);
  };
  cronJobs.addEventHandler({
    onAdd: (c) => queue.add(keyOf(c)),
    onUpdate: (_o, c) => queue.add(keyOf(c)),
    onDelete: (c) => queue.add(keyOf(c)),
  });
  jobs.addEventHandler({ onAdd: enqueueOwner, onUpdate: (_o, j) => enqueueOwner(j), onDelete: enqueueOwner });

  return {
    name: CRONJOB_CONTROLLER_NAME,
    async run(signal, workers) {
      if (!(await ctx.informers.waitForCacheSync(signal))) return;
      await runController({
        name: "cronjob",
        queue,
        workers,
        signal,
        ...runnerLogs(ctx),
        sync: async (key) => {
          const r = await syncCronJob(deps, key);
          if (r.requeueAfterMs !== undefined) queue.addAfter(key, r.requeueAfterMs);
        },
      });
    },
  };
}
