/**
 * One Deployment sync (upstream's syncDeployment after the claim): paused
 * and scaling-only syncs, the RollingUpdate and Recreate rollouts, and the
 * status they end in.
 */
import type { PodObject } from "../shared/index.js";
import { findCondition } from "../shared/index.js";
import { cleanupDeployment } from "./cleanup.js";
import { getAllReplicaSets } from "./new-replica-set.js";
import { PROGRESSING, Reasons, calculateStatus, deploymentComplete, hasProgressDeadline, newCondition, rolloutStatus, statusEqual, stuckRequeueMs, withCondition } from "./progress.js";
import { oldPodsRunning } from "./recreate.js";
import { activeReplicaSets, desiredReplicas, type ReplicaSetObject } from "./replica-sets.js";
import { reconcileNewReplicaSet, reconcileOldReplicaSets } from "./rolling.js";
import { isScalingEvent, scaleDeployment } from "./scale.js";
import { scaleAndRecord, writeStatus, type DeploymentSync } from "./writer.js";

export interface SyncResult {
  /** Look again after this many milliseconds (the progress deadline check). */
  requeueAfterMs?: number;
}

export async function syncDeploymentObject(s: DeploymentSync, rsList: ReplicaSetObject[], podsByRS: Map<string, PodObject[]>): Promise<SyncResult> {
  if (s.d.metadata.deletionTimestamp) return syncStatusOnly(s, rsList);
  await checkPausedConditions(s);
  if (s.d.spec?.paused) return scaleOnly(s, rsList);
  const peek = await getAllReplicaSets(s, rsList, false);
  // The peek may have moved an old ReplicaSet to the newest revision: carry its new version on.
  if (peek.newRS) rsList = rsList.map((rs) => (rs.metadata.uid === peek.newRS!.metadata.uid ? peek.newRS! : rs));
  if (isScalingEvent(s.d, peek.newRS, peek.oldRSs)) return scaleOnly(s, rsList);
  return s.d.spec?.strategy?.type === "Recreate" ? rolloutRecreate(s, rsList, podsByRS) : rolloutRolling(s, rsList);
}

async function syncStatusOnly(s: DeploymentSync, rsList: ReplicaSetObject[]): Promise<SyncResult> {
  const { newRS, oldRSs } = await getAllReplicaSets(s, rsList, false);
  await syncDeploymentStatus(s, [...oldRSs, ...(newRS ? [newRS] : [])], newRS);
  return {};
}

async function scaleOnly(s: DeploymentSync, rsList: ReplicaSetObject[]): Promise<SyncResult> {
  const { newRS, oldRSs } = await getAllReplicaSets(s, rsList, false);
  await scaleDeployment(s, newRS, oldRSs);
  if (s.d.spec?.paused) await cleanupDeployment(s, oldRSs);
  // Re-read: scaling replaced some ReplicaSets.
  const fresh = rsList.map((rs) => s.replicaSets.get(rs.metadata.namespace, rs.metadata.name!) ?? rs);
  const again = await getAllReplicaSets(s, fresh, false);
  await syncDeploymentStatus(s, [...again.oldRSs, ...(again.newRS ? [again.newRS] : [])], again.newRS);
  return {};
}

async function syncDeploymentStatus(s: DeploymentSync, allRSs: ReplicaSetObject[], newRS: ReplicaSetObject | undefined): Promise<void> {
  const status = calculateStatus(s.d, allRSs, newRS, s.clock.now());
  if (statusEqual(s.d.status, status)) return;
  await writeStatus(s, status);
}

async function rolloutRolling(s: DeploymentSync, rsList: ReplicaSetObject[]): Promise<SyncResult> {
  const { newRS, oldRSs } = await getAllReplicaSets(s, rsList, true);
  const allRSs = [...oldRSs, newRS!];
  if (await reconcileNewReplicaSet(s, allRSs, newRS!)) return syncRolloutStatus(s, allRSs, newRS);
  if (await reconcileOldReplicaSets(s, allRSs, activeReplicaSets(oldRSs), newRS!)) return syncRolloutStatus(s, allRSs, newRS);
  if (deploymentComplete(s.d, s.d.status ?? {})) await cleanupDeployment(s, oldRSs);
  return syncRolloutStatus(s, allRSs, newRS);
}

async function rolloutRecreate(s: DeploymentSync, rsList: ReplicaSetObject[], podsByRS: Map<string, PodObject[]>): Promise<SyncResult> {
  let { newRS, oldRSs } = await getAllReplicaSets(s, rsList, false);
  let scaledDown = false;
  for (const rs of activeReplicaSets(oldRSs)) scaledDown = (await scaleAndRecord(s, rs, 0))[0] || scaledDown;
  if (scaledDown || oldPodsRunning(newRS, oldRSs, podsByRS)) return syncRolloutStatus(s, [...oldRSs, ...(newRS ? [newRS] : [])], newRS);
  if (!newRS) ({ newRS, oldRSs } = await getAllReplicaSets(s, rsList, true));
  await scaleAndRecord(s, newRS!, desiredReplicas(s.d));
  if (deploymentComplete(s.d, s.d.status ?? {})) await cleanupDeployment(s, oldRSs);
  return syncRolloutStatus(s, [...oldRSs, newRS!], newRS);
}

async function syncRolloutStatus(s: DeploymentSync, allRSs: ReplicaSetObject[], newRS: ReplicaSetObject | undefined): Promise<SyncResult> {
  const now = s.clock.now();
  const status = rolloutStatus(s.d, allRSs, newRS, now);
  const requeueAfterMs = stuckRequeueMs(s.d, status, now);
  if (!statusEqual(s.d.status, status)) await writeStatus(s, status);
  return { requeueAfterMs };
}

/** Progressing=Unknown DeploymentPaused / DeploymentResumed as spec.paused flips (checkPausedConditions). */
async function checkPausedConditions(s: DeploymentSync): Promise<void> {
  if (!hasProgressDeadline(s.d)) return;
  const cond = findCondition(s.d.status?.conditions, PROGRESSING);
  if (cond?.reason === Reasons.ProgressDeadlineExceeded) return;
  const pausedCond = cond?.reason === Reasons.DeploymentPaused;
  const now = s.clock.now();
  if (s.d.spec?.paused && !pausedCond) {
    await writeStatus(s, withCondition(s.d.status ?? {}, newCondition(PROGRESSING, "Unknown", Reasons.DeploymentPaused, "Deployment is paused", now)));
  } else if (!s.d.spec?.paused && pausedCond) {
    await writeStatus(s, withCondition(s.d.status ?? {}, newCondition(PROGRESSING, "Unknown", Reasons.DeploymentResumed, "Deployment is resumed", now)));
  }
}
