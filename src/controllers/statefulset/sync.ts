/**
 * One StatefulSet's reconciliation (upstream's StatefulSetControl):
 * resolve the current and update revisions, replace failed pods, create
 * missing ordinals (OrderedReady: one at a time, each after its
 * predecessor is Running and Ready; Parallel: all at once), delete
 * ordinals past replicas from the highest down, roll pods from the highest
 * ordinal down to the partition, then write status and trim history.
 */
import { statusChanged } from "../history/status.js";
import type { StatefulSetStatus } from "kubernetes-types/apps/v1.js";
import type { ControllerRevisionObject } from "../../api/apps/controllerrevisions.js";
import type { StatefulSetObject } from "../../api/apps/statefulsets.js";
import { STATEFULSETS } from "../../client/resources.js";
import { splitKey, type Client, type Lister } from "../../client/types.js";
import type { Clock } from "../../util/clock.js";
import { newControllerRevision, ownedRevisions, POD_REVISION_LABEL } from "../history/revision.js";
import { resolveRevisions, truncateHistory, type RevisionStore } from "../history/revisions.js";
import { getControllerOf, isPodAvailable, isPodReady, selectorMatches, type PodObject } from "../shared/index.js";
import { newStatefulSetPod, ordinalOf, revisionData, templateOf } from "./identity.js";
import type { StatefulPodOps } from "./pod-ops.js";

export interface StatefulSetSyncDeps {
  sets: Lister<StatefulSetObject>;
  pods: Lister<PodObject>;
  revisions: Lister<ControllerRevisionObject>;
  client: Client;
  revisionStore: RevisionStore;
  podOps: StatefulPodOps;
  clock: Clock;
}

const isTerminal = (p: PodObject) => p.status?.phase === "Failed" || p.status?.phase === "Succeeded";
const isTerminating = (p: PodObject) => !!p.metadata.deletionTimestamp;
const isRunningAndReady = (p: PodObject) => p.status?.phase === "Running" && isPodReady(p);
const isHealthy = (p: PodObject) => isRunningAndReady(p) && !isTerminating(p);
const revisionOf = (p: PodObject) => p.metadata.labels?.[POD_REVISION_LABEL];

/** Pods the set controls, by selector and controller reference. */
export function setPods(set: StatefulSetObject, pods: Lister<PodObject>): PodObject[] {
  return pods.list(set.metadata.namespace).filter((p) => getControllerOf(p)?.uid === set.metadata.uid && selectorMatches(set.spec?.selector, p.metadata.labels));
}

export async function syncStatefulSet(deps: StatefulSetSyncDeps, key: string): Promise<void> {
  const { namespace, name } = splitKey(key);
  const set = deps.sets.get(namespace, name);
  if (!set || set.metadata.deletionTimestamp) return;
  const spec = set.spec!;
  const owned = ownedRevisions(deps.revisions.list(namespace), set.metadata.uid);
  const build = (revision: number, collisionCount: number) =>
    newControllerRevision({ parent: set, parentApiVersion: "apps/v1", parentKind: "StatefulSet", templateLabels: spec.template.metadata?.labels, data: revisionData(set), revision, collisionCount });
  const revs = await resolveRevisions(deps.revisionStore, owned, build, set.status?.currentRevision, set.status?.collisionCount ?? 0);

  const replicaCount = spec.replicas ?? 1;
  const replicas: (PodObject | undefined)[] = new Array(replicaCount).fill(undefined);
  const condemned: PodObject[] = [];
  for (const p of setPods(set, deps.pods)) {
    const o = ordinalOf(set, p);
    if (o >= 0 && o < replicaCount) replicas[o] = p;
    else if (o >= 0) condemned.push(p);
  }
  condemned.sort((a, b) => ordinalOf(set, b) - ordinalOf(set, a));
  await reconcilePods(deps, set, replicas, condemned, revs.current, revs.update);

  const status = computeStatus(set, [...replicas, ...condemned].filter((p): p is PodObject => !!p), revs.current.metadata.name ?? "", revs.update.metadata.name ?? "", deps.clock.now());
  status.collisionCount = revs.collisionCount;
  if (statusChanged(status, set.status)) {
    await deps.client.update(STATEFULSETS, namespace, { ...set, status }, { subresource: "status" });
  }
  const live = new Set([status.currentRevision ?? "", status.updateRevision ?? "", ...[...replicas, ...condemned].map((p) => (p ? revisionOf(p) ?? "" : ""))]);
  await truncateHistory(deps.revisionStore, revs.all, live, spec.revisionHistoryLimit ?? 10);
}

async function reconcilePods(deps: StatefulSetSyncDeps, set: StatefulSetObject, replicas: (PodObject | undefined)[], condemned: PodObject[], current: ControllerRevisionObject, update: ControllerRevisionObject): Promise<void> {
  const spec = set.spec!;
  const monotonic = spec.podManagementPolicy !== "Parallel";
  const rolling = spec.updateStrategy?.type !== "OnDelete";
  const partition = rolling ? (spec.updateStrategy?.rollingUpdate?.partition ?? 0) : 0;

  for (let i = 0; i < replicas.length; i++) {
    const pod = replicas[i];
    if (pod && isTerminal(pod) && !isTerminating(pod)) {
      // A failed or finished pod is replaced: delete now, recreate once it is gone.
      await deps.podOps.delete(set, pod);
      if (monotonic) return;
      continue;
    }
    if (!pod) {
      const useCurrent = rolling && i < partition;
      const rev = useCurrent ? current : update;
      replicas[i] = await deps.podOps.create(set, newStatefulSetPod(set, templateOf(rev.data), i, rev.metadata.name ?? ""), i);
      if (monotonic) return;
      continue;
    }
    if (monotonic && !isHealthy(pod)) return; // wait for this ordinal before the next
  }

  for (const pod of condemned) {
    if (isTerminating(pod)) {
      if (monotonic) return;
      continue;
    }
    const unhealthyOther = [...replicas, ...condemned].some((p) => p && p !== pod && !isHealthy(p));
    if (monotonic && unhealthyOther) return;
    await deps.podOps.delete(set, pod);
    if (monotonic) return;
  }

  if (!rolling) return;
  for (let i = replicas.length - 1; i >= partition; i--) {
    const pod = replicas[i];
    if (!pod) continue;
    if (revisionOf(pod) !== update.metadata.name && !isTerminating(pod)) {
      await deps.podOps.delete(set, pod);
      return;
    }
    if (!isHealthy(pod)) return;
  }
}

/** Status from the pods as they now stand (computeReplicaStatus + completeRollingUpdate). */
export function computeStatus(set: StatefulSetObject, pods: PodObject[], currentRevision: string, updateRevision: string, now: number): StatefulSetStatus {
  const minReady = set.spec?.minReadySeconds ?? 0;
  const s: StatefulSetStatus = { observedGeneration: set.metadata.generation, replicas: 0, readyReplicas: 0, currentReplicas: 0, updatedReplicas: 0, availableReplicas: 0, currentRevision, updateRevision };
  for (const p of pods) {
    if (p.status?.phase) s.replicas++;
    if (isRunningAndReady(p)) {
      s.readyReplicas!++;
      if (isPodAvailable(p, minReady, now)) s.availableReplicas!++;
    }
    if (!isTerminating(p)) {
      if (revisionOf(p) === currentRevision) s.currentReplicas!++;
      if (revisionOf(p) === updateRevision) s.updatedReplicas!++;
    }
  }
  if (set.spec?.updateStrategy?.type !== "OnDelete" && s.updatedReplicas === s.replicas && s.readyReplicas === s.replicas) {
    s.currentRevision = updateRevision;
    s.currentReplicas = s.updatedReplicas;
  }
  return s;
}
