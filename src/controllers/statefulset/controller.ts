/**
 * The StatefulSet controller: StatefulSet and Pod events enqueue the set's
 * key; syncStatefulSet re-reads from the listers.
 */
import type { ControllerRevisionObject } from "../../api/apps/controllerrevisions.js";
import type { StatefulSetObject } from "../../api/apps/statefulsets.js";
import { CONTROLLERREVISIONS, createWorkQueue, keyOf, PODS, runController, STATEFULSETS, type Controller } from "../../client/index.js";
import type { ControllerContext } from "../context.js";
import { runnerLogs } from "../context.js";
import { clientRevisionStore } from "../history/revisions.js";
import { getControllerOf, type PodObject } from "../shared/index.js";
import { createStatefulPodOps } from "./pod-ops.js";
import { syncStatefulSet, type StatefulSetSyncDeps } from "./sync.js";

export const STATEFULSET_CONTROLLER_NAME = "statefulset-controller";

export function createStatefulSetController(ctx: ControllerContext): Controller {
  const sets = ctx.informers.forResource<StatefulSetObject>(STATEFULSETS);
  const pods = ctx.informers.forResource<PodObject>(PODS);
  const revisions = ctx.informers.forResource<ControllerRevisionObject>(CONTROLLERREVISIONS);
  const queue = createWorkQueue({ clock: ctx.clock, name: "statefulset" });
  const deps: StatefulSetSyncDeps = {
    sets: sets.lister,
    pods: pods.lister,
    revisions: revisions.lister,
    client: ctx.client,
    revisionStore: clientRevisionStore(ctx.client),
    podOps: createStatefulPodOps(ctx.client, ctx.recorder(STATEFULSET_CONTROLLER_NAME)),
    clock: ctx.clock,
  };
  const enqueueOwner = (p: PodObject) => {
    const ref = getControllerOf(p);
    if (ref?.kind === "StatefulSet" && ref.apiVersion.startsWith("apps/")) queue.add(`${p.metadata.namespace}/${ref.name}`);
  };
  sets.addEventHandler({ onAdd: (s) => queue.add(keyOf(s)), onUpdate: (_o, s) => queue.add(keyOf(s)), onDelete: (s) => queue.add(keyOf(s)) });
  pods.addEventHandler({ onAdd: enqueueOwner, onUpdate: (_o, p) => enqueueOwner(p), onDelete: enqueueOwner });

  return {
    name: STATEFULSET_CONTROLLER_NAME,
    async run(signal, workers) {
      if (!(await ctx.informers.waitForCacheSync(signal))) return;
      await runController({ name: "statefulset", queue, workers, signal, sync: (key) => syncStatefulSet(deps, key), ...runnerLogs(ctx) });
    },
  };
}
