/**
 * The TTL-after-finished controller: deletes a finished Job (and, through
 * the garbage collector, its pods) once spec.ttlSecondsAfterFinished has
 * passed. The check is repeated on a fresh read before deleting, as
 * upstream, so a TTL just extended is honoured.
 */
import type { JobObject } from "../../api/batch/jobs.js";
import { isApiError } from "../../api/errors.js";
import { createWorkQueue, JOBS, keyOf, runController, splitKey, type Controller } from "../../client/index.js";
import type { ControllerContext } from "../context.js";
import { runnerLogs } from "../context.js";
import { timeLeft } from "./ttl.js";

export const TTL_CONTROLLER_NAME = "ttl-after-finished-controller";

export function createTTLAfterFinishedController(ctx: ControllerContext): Controller {
  const jobs = ctx.informers.forResource<JobObject>(JOBS);
  const queue = createWorkQueue({ clock: ctx.clock, name: "ttl_jobs_to_delete" });
  const enqueue = (j: JobObject) => {
    if (j.spec?.ttlSecondsAfterFinished != null && !j.metadata.deletionTimestamp) queue.add(keyOf(j));
  };
  jobs.addEventHandler({ onAdd: enqueue, onUpdate: (_o, j) => enqueue(j) });

  const sync = async (key: string): Promise<void> => {
    const { namespace, name } = splitKey(key);
    const cached = jobs.lister.get(namespace, name);
    if (!cached) return;
    const left = timeLeft(cached, ctx.clock.now());
    if (left === undefined) return;
    if (left > 0) return queue.addAfter(key, left);
    let fresh: JobObject;
    try {
      fresh = await ctx.client.get<JobObject>(JOBS, namespace, name);
    } catch (err) {
      if (isApiError(err, "NotFound")) return;
      throw err;
    }
    const freshLeft = timeLeft(fresh, ctx.clock.now());
    if (freshLeft === undefined) return;
    if (freshLeft > 0) return queue.addAfter(key, freshLeft);
    ctx.log(2, `Cleaning up Job ${key}`);
    try {
      // Foreground, as upstream: the Job goes once its pods are gone.
      await ctx.client.delete(JOBS, namespace, name, { propagationPolicy: "Foreground", preconditions: { uid: fresh.metadata.uid } });
    } catch (err) {
      if (!isApiError(err, "NotFound")) throw err;
    }
  };

  return {
    name: TTL_CONTROLLER_NAME,
    async run(signal, workers) {
      if (!(await ctx.informers.waitForCacheSync(signal))) return;
      await runController({ name: "ttl-after-finished", queue, workers, signal, sync, ...runnerLogs(ctx) });
    },
  };
}
