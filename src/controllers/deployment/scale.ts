/**
 * Scaling without a rollout (upstream's sync and scale): a paused
 * deployment, or a change of spec.replicas in the middle of a rollout,
 * resizes the ReplicaSets in proportion to their size, so a rollout that
 * was 30/70 stays 30/70 at the new size.
 */
import { desiredReplicasOf, maxReplicasOf } from "./annotations.js";
import {
  activeReplicaSets,
  byCreation,
  desiredReplicas,
  findActiveOrLatest,
  isRollingUpdate,
  isSaturated,
  maxSurge,
  specReplicaCount,
  specReplicas,
  type DeploymentObject,
  type ReplicaSetObject,
} from "./replica-sets.js";
import { scaleAndRecord, scaleReplicaSet, type DeploymentSync } from "./writer.js";

/** Whether spec.replicas changed since the active ReplicaSets were sized (isScalingEvent). */
export function isScalingEvent(d: DeploymentObject, newRS: ReplicaSetObject | undefined, oldRSs: ReplicaSetObject[]): boolean {
  return activeReplicaSets([...oldRSs, newRS]).some((rs) => {
    const desired = desiredReplicasOf(rs);
    return desired !== undefined && desired !== desiredReplicas(d);
  });
}

/** How many replicas rs should gain (or lose) of toAdd (GetProportion). */
export function proportion(d: DeploymentObject, rs: ReplicaSetObject, toAdd: number, added: number): number {
  if (specReplicas(rs) === 0 || toAdd === 0 || toAdd === added) return 0;
  const fraction = replicaSetFraction(d, rs);
  const allowed = toAdd - added;
  return toAdd > 0 ? Math.min(fraction, allowed) : Math.max(fraction, allowed);
}

function replicaSetFraction(d: DeploymentObject, rs: ReplicaSetObject): number {
  const want = desiredReplicas(d);
  if (want === 0) return -specReplicas(rs);
  const total = want + maxSurge(d);
  const annotated = maxReplicasOf(rs) ?? d.status?.replicas ?? 0;
  if (!annotated) return 0;
  // Go's math.Round: halves away from zero.
  const size = (specReplicas(rs) * total) / annotated;
  return Math.sign(size) * Math.round(Math.abs(size)) - specReplicas(rs);
}

/** Planned sizes for proportional scaling, in the order they are written. */
export function proportionalSizes(d: DeploymentObject, newRS: ReplicaSetObject | undefined, oldRSs: ReplicaSetObject[]): { rs: ReplicaSetObject; size: number }[] {
  const all = activeReplicaSets([...oldRSs, newRS]);
  const allowed = desiredReplicas(d) > 0 ? desiredReplicas(d) + maxSurge(d) : 0;
  const toAdd = allowed - specReplicaCount(all);
  // Scale up the largest (newest on ties) first; scale down the largest (oldest on ties) first.
  all.sort((a, b) => specReplicas(b) - specReplicas(a) || (toAdd > 0 ? byCreation(b, a) : byCreation(a, b)));
  let added = 0;
  const plan = all.map((rs) => {
    const p = toAdd !== 0 ? proportion(d, rs, toAdd, added) : 0;
    added += p;
    return { rs, size: specReplicas(rs) + p };
  });
  if (plan.length && toAdd !== 0) plan[0].size = Math.max(0, plan[0].size + toAdd - added);
  return plan;
}

/** Resizes the ReplicaSets to spec.replicas without moving the rollout (scale). */
export async function scaleDeployment(s: DeploymentSync, newRS: ReplicaSetObject | undefined, oldRSs: ReplicaSetObject[]): Promise<void> {
  const d = s.d;
  const only = findActiveOrLatest(newRS, oldRSs);
  if (only) {
    if (specReplicas(only) !== desiredReplicas(d)) await scaleAndRecord(s, only, desiredReplicas(d));
    return;
  }
  if (isSaturated(d, newRS)) {
    for (const rs of activeReplicaSets(oldRSs)) await scaleAndRecord(s, rs, 0);
    return;
  }
  if (!isRollingUpdate(d)) return;
  const plan = proportionalSizes(d, newRS, oldRSs);
  const allowed = desiredReplicas(d) > 0 ? desiredReplicas(d) + maxSurge(d) : 0;
  const operation = allowed - specReplicaCount(activeReplicaSets([...oldRSs, newRS])) > 0 ? "up" : "down";
  for (const { rs, size } of plan) await scaleReplicaSet(s, rs, size, operation);
}
