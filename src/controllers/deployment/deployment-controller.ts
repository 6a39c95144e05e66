/**
 * The Deployment controller (upstream's DeploymentController): owns one
 * ReplicaSet per pod template, rolls pods from old to new ReplicaSets by
 * the deployment's strategy, keeps revisions for rollback, and reports
 * progress in status conditions that `kubectl rollout status` reads.
 */
import { isApiError } from "../../api/errors.js";
import { createWorkQueue, runController } from "../../client/index.js";
import { DEPLOYMENTS, PODS, REPLICASETS } from "../../client/resources.js";
import { keyOf, splitKey, type Controller } from "../../client/types.js";
import type { ControllerContext } from "../context.js";
import { runnerLogs } from "../context.js";
import { claimObjects, CONTROLLER_UID_INDEX, ensureControllerIndex, getControllerOf, newControllerRef, selectorMatches, selectsEverything, type PodObject } from "../shared/index.js";
import { DEPLOYMENT_KIND } from "./new-replica-set.js";
import type { DeploymentObject, ReplicaSetObject } from "./replica-sets.js";
import { syncDeploymentObject } from "./deployment-sync.js";
import { writeStatus, type DeploymentSync } from "./writer.js";

export const DEPLOYMENT_CONTROLLER = "deployment-controller";

export function createDeploymentController(ctx: ControllerContext): Controller {
  const { client, clock } = ctx;
  const deployments = ctx.informers.forResource<DeploymentObject>(DEPLOYMENTS);
  const replicaSets = ctx.informers.forResource<ReplicaSetObject>(REPLICASETS);
  const pods = ctx.informers.forResource<PodObject>(PODS);
  ensureControllerIndex(pods);
  const recorder = ctx.recorder(DEPLOYMENT_CONTROLLER);
  const queue = createWorkQueue<string>({ clock, name: "deployment" });

  const ownerOf = (obj: ReplicaSetObject): DeploymentObject | undefined => {
    const ref = getControllerOf(obj);
    if (!ref || ref.kind !== "Deployment") return undefined;
    const d = deployments.lister.get(obj.metadata.namespace, ref.name);
    return d?.metadata.uid === ref.uid ? d : undefined;
  };
  const enqueueOwner = (rs: ReplicaSetObject) => {
    const d = ownerOf(rs);
    if (d) queue.add(keyOf(d));
  };
  const enqueueMatching = (rs: ReplicaSetObject) => {
    for (const d of deployments.lister.list(rs.metadata.namespace)) {
      if (!selectsEverything(d.spec?.selector) && selectorMatches(d.spec?.selector, rs.metadata.labels)) queue.add(keyOf(d));
    }
  };

  deployments.addEventHandler({
    onAdd: (d) => queue.add(keyOf(d)),
    onUpdate: (_o, d) => queue.add(keyOf(d)),
    onDelete: (d) => queue.add(keyOf(d)),
  });
  replicaSets.addEventHandler({
    onAdd: (rs) => {
      if (getControllerOf(rs)) enqueueOwner(rs);
      else enqueueMatching(rs);
    },
    onUpdate: (old, cur) => {
      if (old.metadata.resourceVersion === cur.metadata.resourceVersion) return;
      const oldRef = getControllerOf(old), curRef = getControllerOf(cur);
      if (oldRef && oldRef.uid !== curRef?.uid) enqueueOwner(old);
      if (curRef) return enqueueOwner(cur);
      if (JSON.stringify(old.metadata.labels ?? {}) !== JSON.stringify(cur.metadata.labels ?? {}) || oldRef) enqueueMatching(cur);
    },
    onDelete: enqueueOwner,
  });
  pods.addEventHandler({
    // Recreate waits for old pods to go away before it starts new ones.
    onDelete: (pod) => {
      const ref = getControllerOf(pod);
      if (ref?.kind !== "ReplicaSet") return;
      const rs = replicaSets.lister.get(pod.metadata.namespace, ref.name);
      const d = rs && ownerOf(rs);
      if (d?.spec?.strategy?.type === "Recreate") queue.add(keyOf(d));
    },
  });

  async function sync(key: string): Promise<void> {
    const { namespace, name } = splitKey(key);
    const cached = deployments.lister.get(namespace, name);
    if (!cached) return;
    const s: DeploymentSync = { client, recorder, clock, replicaSets: replicaSets.lister, log: ctx.log, d: cached };
    if (selectsEverything(cached.spec?.selector)) {
      recorder.event(cached, "Warning", "SelectingAll", "This deployment is selecting all pods. A non-empty selector is required.");
      if ((cached.status?.observedGeneration ?? 0) < (cached.metadata.generation ?? 0)) {
        await writeStatus(s, { ...(cached.status ?? {}), observedGeneration: cached.metadata.generation });
      }
      return;
    }
    const rsList = await claimObjects(replicaSets.lister.list(namespace), {
      client,
      owner: cached,
      ownerRef: newControllerRef(cached, DEPLOYMENT_KIND),
      gvr: REPLICASETS,
      matches: (rs) => selectorMatches(cached.spec?.selector, rs.metadata.labels),
      recheckOwner: () => client.get<DeploymentObject>(DEPLOYMENTS, namespace, name).catch((err) => (isApiError(err, "NotFound") ? undefined : Promise.reject(err))),
    });
    const podsByRS = new Map<string, PodObject[]>(rsList.map((rs) => [rs.metadata.uid!, []]));
    for (const [uid, list] of podsByRS) {
      for (const p of pods.lister.byIndex(CONTROLLER_UID_INDEX, uid)) {
        if (p.metadata.namespace === namespace && selectorMatches(cached.spec?.selector, p.metadata.labels)) list.push(p);
      }
    }
    const result = await syncDeploymentObject(s, rsList, podsByRS);
    if (result.requeueAfterMs !== undefined) queue.addAfter(key, result.requeueAfterMs);
  }

  return {
    name: DEPLOYMENT_CONTROLLER,
    async run(signal, workers) {
      if (!(await ctx.informers.waitForCacheSync(signal))) return;
      await runController({ name: "deployment", queue, workers, signal, sync, ...runnerLogs(ctx) });
    },
  };
}
