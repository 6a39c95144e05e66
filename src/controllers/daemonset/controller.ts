/**
 * The DaemonSet controller: DaemonSet, Pod and Node events enqueue the
 * affected DaemonSets' keys; syncDaemonSet re-reads from the listers.
 */
import type { ControllerRevisionObject } from "../../api/apps/controllerrevisions.js";
import type { DaemonSetObject } from "../../api/apps/daemonsets.js";
import { CONTROLLERREVISIONS, createWorkQueue, DAEMONSETS, keyOf, NODES, PODS, runController, type Controller } from "../../client/index.js";
import type { ControllerContext } from "../context.js";
import { runnerLogs } from "../context.js";
import { clientRevisionStore } from "../history/revisions.js";
import { createExpectations, createPodControl, getControllerOf, ownedPodEvents, type PodObject } from "../shared/index.js";
import { syncDaemonSet, type DaemonSetSyncDeps, type NodeObject } from "./sync.js";

export const DAEMONSET_CONTROLLER_NAME = "daemonset-controller";

export function createDaemonSetController(ctx: ControllerContext): Controller {
  const daemonSets = ctx.informers.forResource<DaemonSetObject>(DAEMONSETS);
  const pods = ctx.informers.forResource<PodObject>(PODS);
  const nodes = ctx.informers.forResource<NodeObject>(NODES);
  const revisions = ctx.informers.forResource<ControllerRevisionObject>(CONTROLLERREVISIONS);
  const queue = createWorkQueue({ clock: ctx.clock, name: "daemonset" });
  const recorder = ctx.recorder(DAEMONSET_CONTROLLER_NAME);
  const deps: DaemonSetSyncDeps = {
    daemonSets: daemonSets.lister,
    pods: pods.lister,
    nodes: nodes.lister,
    revisions: revisions.lister,
    client: ctx.client,
    podControl: createPodControl(ctx.client, recorder),
    revisionStore: clientRevisionStore(ctx.client),
    expectations: createExpectations(ctx.clock),
    recorder,
    clock: ctx.clock,
  };
  const ownerKey = (p: PodObject) => {
    const ref = getControllerOf(p);
    return ref?.kind === "DaemonSet" && ref.apiVersion.startsWith("apps/") ? `${p.metadata.namespace}/${ref.name}` : undefined;
  };
  const enqueueAll = () => daemonSets.lister.list().forEach((d) => queue.add(keyOf(d)));

  daemonSets.addEventHandler({ onAdd: (d) => queue.add(keyOf(d)), onUpdate: (_o, d) => queue.add(keyOf(d)), onDelete: (d) => queue.add(keyOf(d)) });
  pods.addEventHandler(ownedPodEvents(ownerKey, deps.expectations, (key) => queue.add(key)));
  // A node's labels, taints or existence decide where daemons run.
  nodes.addEventHandler({
    onAdd: enqueueAll,
    onUpdate: (o, n) => {
      if (JSON.stringify(o.metadata.labels) !== JSON.stringify(n.metadata.labels) || JSON.stringify(o.spec?.taints) !== JSON.stringify(n.spec?.taints)) enqueueAll();
    },
    onDelete: enqueueAll,
  });

  return {
    name: DAEMONSET_CONTROLLER_NAME,
    async run(signal, workers) {
      if (!(await ctx.informers.waitForCacheSync(signal))) return;
      await runController({ name: "daemonset", queue, workers, signal, sync: (key) => syncDaemonSet(deps, key), ...runnerLogs(ctx) });
    },
  };
}
