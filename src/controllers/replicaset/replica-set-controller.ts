/**
 * The ReplicaSet controller (upstream's ReplicaSetController): keeps
 * spec.replicas pods matching each ReplicaSet's selector, adopting orphans
 * and releasing pods that stopped matching, and reports their readiness in
 * status. Expectations keep it from acting twice on a gap its informer has
 * not caught up with.
 */
import { isApiError } from "../../api/errors.js";
import { createWorkQueue, runController } from "../../client/index.js";
import { PODS } from "../../client/resources.js";
import { keyOf, splitKey, type Controller } from "../../client/types.js";
import type { ControllerContext } from "../context.js";
import { runnerLogs } from "../context.js";
import type { KubeObject } from "../../api/types.js";
import {
  claimObjects,
  CONTROLLER_UID_INDEX,
  ensureControllerIndex,
  createExpectations,
  createPodControl,
  getControllerOf,
  isPodActive,
  isPodReady,
  msUntilAvailable,
  newControllerRef,
  selectorMatches,
  type PodControl,
  type PodObject,
} from "../shared/index.js";
import { manageReplicas } from "./manage-replicas.js";
import { calculateStatus, statusUnchanged, type ManageFailure, type ReplicaSetObject } from "./status.js";
import { REPLICASET_CONTROLLER, replicaSetKind, type ReplicaSetLikeKind } from "./workload-kind.js";

export { REPLICASET_CONTROLLER };

export interface ReplicaSetControllerOptions {
  /** Replaces the API-backed pod control (tests). */
  podControl?: PodControl;
  /** The kind managed; default ReplicaSets (ReplicationControllers run through an adapter). */
  workloadKind?: ReplicaSetLikeKind<any>;
}

export function createReplicaSetController(ctx: ControllerContext, opts: ReplicaSetControllerOptions = {}): Controller {
  const { client, clock } = ctx;
  const wk: ReplicaSetLikeKind<KubeObject> = opts.workloadKind ?? (replicaSetKind as ReplicaSetLikeKind<KubeObject>);
  const RS_KIND = { apiVersion: wk.apiVersion, kind: wk.kind };
  const informer = ctx.informers.forResource<KubeObject>(wk.gvr);
  // Every read goes through the kind's conversion, so the logic below sees ReplicaSets.
  const replicaSets = {
    lister: {
      get: (namespace: string | undefined, name: string) => {
        const obj = informer.lister.get(namespace, name);
        return obj && wk.toReplicaSet(obj);
      },
      list: (namespace?: string) => informer.lister.list(namespace).map((o) => wk.toReplicaSet(o)),
    },
  };
  const pods = ctx.informers.forResource<PodObject>(PODS);
  // Pods by controller uid ("" for orphans): a sync looks only at its own pods and
  // the orphans it might adopt, not at every pod of the namespace.
  ensureControllerIndex(pods);
  const podControl = opts.podControl ?? createPodControl(client, ctx.recorder(wk.controllerName));
  const expectations = createExpectations(clock);
  const queue = createWorkQueue<string>({ clock, name: wk.queueName });

  /** The ReplicaSet a controller reference names, if it is the one in the cache. */
  const resolve = (namespace: string | undefined, ref: ReturnType<typeof getControllerOf>): ReplicaSetObject | undefined => {
    if (!ref || ref.kind !== wk.kind) return undefined;
    const rs = replicaSets.lister.get(namespace, ref.name);
    return rs && rs.metadata.uid === ref.uid ? rs : undefined;
  };
  const matchingReplicaSets = (pod: PodObject) =>
    replicaSets.lister.list(pod.metadata.namespace).filter((rs) => selectorMatches(rs.spec?.selector, pod.metadata.labels));

  const onPodDeleted = (pod: PodObject) => {
    const rs = resolve(pod.metadata.namespace, getControllerOf(pod));
    if (!rs) return;
    expectations.deletionObserved(keyOf(rs), pod.metadata.uid!);
    queue.add(keyOf(rs));
  };

  informer.addEventHandler({
    onAdd: (rs) => queue.add(keyOf(rs)),
    onUpdate: (_old, rs) => queue.add(keyOf(rs)),
    onDelete: (rs) => {
      expectations.delete(keyOf(rs));
      queue.add(keyOf(rs));
    },
  });
  pods.addEventHandler({
    onAdd: (pod) => {
      if (pod.metadata.deletionTimestamp) return onPodDeleted(pod);
      const ref = getControllerOf(pod);
      if (ref) {
        const rs = resolve(pod.metadata.namespace, ref);
        if (!rs) return;
        expectations.creationObserved(keyOf(rs));
        queue.add(keyOf(rs));
        return;
      }
      for (const rs of matchingReplicaSets(pod)) queue.add(keyOf(rs));
    },
    onUpdate: (old, cur) => {
      if (old.metadata.resourceVersion === cur.metadata.resourceVersion) return;
      const labelsChanged = JSON.stringify(old.metadata.labels ?? {}) !== JSON.stringify(cur.metadata.labels ?? {});
      if (cur.metadata.deletionTimestamp) {
        onPodDeleted(cur);
        if (labelsChanged) onPodDeleted(old);
        return;
      }
      const curRef = getControllerOf(cur), oldRef = getControllerOf(old);
      const refChanged = curRef?.uid !== oldRef?.uid;
      if (refChanged && oldRef) {
        const rs = resolve(old.metadata.namespace, oldRef);
        if (rs) queue.add(keyOf(rs));
      }
      if (curRef) {
        const rs = resolve(cur.metadata.namespace, curRef);
        if (!rs) return;
        queue.add(keyOf(rs));
        // A pod that just became ready becomes available minReadySeconds later: look again then.
        const minReady = rs.spec?.minReadySeconds ?? 0;
        if (minReady > 0 && !isPodReady(old) && isPodReady(cur)) queue.addAfter(keyOf(rs), minReady * 1000 + 1000);
        return;
      }
      if (labelsChanged || refChanged) for (const rs of matchingReplicaSets(cur)) queue.add(keyOf(rs));
    },
    onDelete: onPodDeleted,
  });

  async function sync(key: string): Promise<void> {
    const { namespace, name } = splitKey(key);
    const rs = replicaSets.lister.get(namespace, name);
    if (!rs) {
      expectations.delete(key);
      return;
    }
    const needsSync = expectations.satisfied(key);
    const ownerRef = newControllerRef(rs, RS_KIND);
    const candidates = [...pods.lister.byIndex(CONTROLLER_UID_INDEX, rs.metadata.uid!), ...pods.lister.byIndex(CONTROLLER_UID_INDEX, "")].filter((p) => p.metadata.namespace === namespace && isPodActive(p));
    const owned = await claimObjects(candidates, {
      client,
      owner: rs,
      ownerRef,
      gvr: PODS,
      matches: (p) => selectorMatches(rs.spec?.selector, p.metadata.labels),
      recheckOwner: () => client.get<KubeObject>(wk.gvr, namespace, name).then((o) => wk.toReplicaSet(o), (err) => (isApiError(err, "NotFound") ? undefined : Promise.reject(err))),
    });
    let failure: ManageFailure | undefined;
    if (needsSync && !rs.metadata.deletionTimestamp) {
      failure = await manageReplicas({ rs, key, ownerRef, pods: owned, related: relatedPods(rs, owned), podControl, expectations, now: clock.now() });
    }
    const now = clock.now();
    const status = calculateStatus(rs, owned, failure, now);
    await writeStatus(rs, status);
    if (!failure) requeueForAvailability(rs, owned, now);
    if (failure) throw new Error(failure.message);
  }

  /** Pods of this ReplicaSet and of its siblings under the same controller (getIndirectlyRelatedPods). */
  function relatedPods(rs: ReplicaSetObject, owned: PodObject[]): PodObject[] {
    const controller = getControllerOf(rs);
    if (!controller) return owned;
    const siblings = replicaSets.lister.list(rs.metadata.namespace).filter((s) => getControllerOf(s)?.uid === controller.uid);
    return siblings.flatMap((s) => (s.metadata.uid === rs.metadata.uid ? owned : pods.lister.byIndex(CONTROLLER_UID_INDEX, s.metadata.uid!).filter((p) => p.metadata.namespace === rs.metadata.namespace && isPodActive(p))));
  }

  function requeueForAvailability(rs: ReplicaSetObject, owned: PodObject[], now: number): void {
    const minReady = rs.spec?.minReadySeconds ?? 0;
    if (!minReady) return;
    const waits = owned.map((p) => msUntilAvailable(p, minReady, now)).filter((w): w is number => w !== undefined);
    if (waits.length) queue.addAfter(keyOf(rs), Math.min(...waits));
  }

  async function writeStatus(rs: ReplicaSetObject, status: ReturnType<typeof calculateStatus>): Promise<void> {
    if (statusUnchanged(rs, status)) return;
    let current: KubeObject | undefined = informer.lister.get(rs.metadata.namespace, rs.metadata.name!);
    if (!current) return;
    for (let attempt = 0; ; attempt++) {
      const next = wk.withStatus(current, { ...status, observedGeneration: current.metadata.generation });
      try {
        await client.update(wk.gvr, current.metadata.namespace, next, { subresource: "status" });
        return;
      } catch (err) {
        if (attempt >= 1 || !isApiError(err, "Conflict")) throw err;
        current = await client.get<KubeObject>(wk.gvr, rs.metadata.namespace, rs.metadata.name!);
      }
    }
  }

  return {
    name: wk.controllerName,
    async run(signal, workers) {
      if (!(await ctx.informers.waitForCacheSync(signal))) return;
      await runController({ name: wk.queueName, queue, workers, signal, sync, ...runnerLogs(ctx) });
    },
  };
}
