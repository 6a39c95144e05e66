/**
 * A Deployment's status and progress conditions (upstream's calculateStatus
 * and deployment progress util): counts from the ReplicaSets, Available by
 * maxUnavailable, Progressing by whether the rollout moved, finished or ran
 * past progressDeadlineSeconds.
 */
import type { DeploymentCondition, DeploymentStatus } from "kubernetes-types/apps/v1.js";
import { rfc3339 } from "../../api/printers.js";
import { findCondition, setCondition } from "../shared/index.js";
import {
  actualReplicaCount,
  availableReplicaCount,
  desiredReplicas,
  maxUnavailable,
  readyReplicaCount,
  specReplicaCount,
  type DeploymentObject,
  type ReplicaSetObject,
} from "./replica-sets.js";

export const AVAILABLE = "Available";
export const PROGRESSING = "Progressing";
export const REPLICA_FAILURE = "ReplicaFailure";

/** Condition reasons, as upstream's deployment util names them. */
export const Reasons = {
  MinimumReplicasAvailable: "MinimumReplicasAvailable",
  MinimumReplicasUnavailable: "MinimumReplicasUnavailable",
  NewReplicaSetCreated: "NewReplicaSetCreated",
  FoundNewReplicaSet: "FoundNewReplicaSet",
  ReplicaSetUpdated: "ReplicaSetUpdated",
  NewReplicaSetAvailable: "NewReplicaSetAvailable",
  ProgressDeadlineExceeded: "ProgressDeadlineExceeded",
  FailedRSCreate: "ReplicaSetCreateError",
  DeploymentPaused: "DeploymentPaused",
  DeploymentResumed: "DeploymentResumed",
} as const;

export function newCondition(type: string, status: "True" | "False" | "Unknown", reason: string, message: string, now: number): DeploymentCondition {
  const t = rfc3339(now);
  return { type, status, reason, message, lastUpdateTime: t, lastTransitionTime: t };
}

export function withCondition(status: DeploymentStatus, cond: DeploymentCondition): DeploymentStatus {
  return { ...status, conditions: setCondition(status.conditions, cond) };
}

export function hasProgressDeadline(d: DeploymentObject): boolean {
  const pds = d.spec?.progressDeadlineSeconds;
  return pds !== undefined && pds !== null && pds !== 2147483647;
}

export function calculateStatus(d: DeploymentObject, allRSs: ReplicaSetObject[], newRS: ReplicaSetObject | undefined, now: number): DeploymentStatus {
  const available = availableReplicaCount(allRSs);
  const status: DeploymentStatus = {
    observedGeneration: d.metadata.generation,
    replicas: actualReplicaCount(allRSs),
    updatedReplicas: actualReplicaCount([newRS]),
    readyReplicas: readyReplicaCount(allRSs),
    availableReplicas: available,
    unavailableReplicas: Math.max(0, specReplicaCount(allRSs) - available),
  };
  if (d.status?.collisionCount !== undefined) status.collisionCount = d.status.collisionCount;
  if (d.status?.conditions) status.conditions = [...d.status.conditions];
  const ok = available >= desiredReplicas(d) - maxUnavailable(d);
  return withCondition(
    status,
    ok
      ? newCondition(AVAILABLE, "True", Reasons.MinimumReplicasAvailable, "Deployment has minimum availability.", now)
      : newCondition(AVAILABLE, "False", Reasons.MinimumReplicasUnavailable, "Deployment does not have minimum availability.", now),
  );
}

/** Every replica updated and available, and the spec observed (DeploymentComplete). */
export function deploymentComplete(d: DeploymentObject, s: DeploymentStatus): boolean {
  const want = desiredReplicas(d);
  return (s.updatedReplicas ?? 0) === want && (s.replicas ?? 0) === want && (s.availableReplicas ?? 0) === want && (s.observedGeneration ?? 0) >= (d.metadata.generation ?? 0);
}

/** The rollout moved since the last status (DeploymentProgressing). */
export function deploymentProgressing(d: DeploymentObject, s: DeploymentStatus): boolean {
  const old = d.status ?? {};
  const oldOld = (old.replicas ?? 0) - (old.updatedReplicas ?? 0);
  const newOld = (s.replicas ?? 0) - (s.updatedReplicas ?? 0);
  return (
    (s.updatedReplicas ?? 0) > (old.updatedReplicas ?? 0) ||
    newOld < oldOld ||
    (s.readyReplicas ?? 0) > (old.readyReplicas ?? 0) ||
    (s.availableReplicas ?? 0) > (old.availableReplicas ?? 0)
  );
}

/** No progress for progressDeadlineSeconds since the Progressing condition last moved (DeploymentTimedOut). */
export function deploymentTimedOut(d: DeploymentObject, s: DeploymentStatus, now: number): boolean {
  if (!hasProgressDeadline(d)) return false;
  const cond = findCondition(s.conditions, PROGRESSING);
  if (!cond) return false;
  if (cond.reason === Reasons.ProgressDeadlineExceeded) return true;
  if (cond.reason === Reasons.NewReplicaSetAvailable) return false;
  const from = Date.parse(cond.lastUpdateTime ?? "");
  if (Number.isNaN(from)) return false;
  return from + (d.spec!.progressDeadlineSeconds! * 1000) < now;
}

/**
 * The rollout's new status with Progressing moved on (syncRolloutStatus's
 * core): complete, progressing, or timed out; ReplicaFailure mirrored from
 * the ReplicaSets.
 */
export function rolloutStatus(d: DeploymentObject, allRSs: ReplicaSetObject[], newRS: ReplicaSetObject | undefined, now: number): DeploymentStatus {
  let status = calculateStatus(d, allRSs, newRS, now);
  const current = findCondition(d.status?.conditions, PROGRESSING);
  const complete = status.replicas === status.updatedReplicas && current?.reason === Reasons.NewReplicaSetAvailable;
  if (hasProgressDeadline(d) && !complete) {
    if (deploymentComplete(d, status)) {
      const msg = newRS ? `ReplicaSet "${newRS.metadata.name}" has successfully progressed.` : `Deployment "${d.metadata.name}" has successfully progressed.`;
      status = withCondition(status, newCondition(PROGRESSING, "True", Reasons.NewReplicaSetAvailable, msg, now));
    } else if (deploymentProgressing(d, status)) {
      const msg = newRS ? `ReplicaSet "${newRS.metadata.name}" is progressing.` : `Deployment "${d.metadata.name}" is progressing.`;
      const cond = newCondition(PROGRESSING, "True", Reasons.ReplicaSetUpdated, msg, now);
      // Progress refreshes lastUpdateTime even when the reason stays the same.
      if (current?.status === "True" && current.lastTransitionTime) cond.lastTransitionTime = current.lastTransitionTime;
      status = { ...status, conditions: [...(status.conditions ?? []).filter((c) => c.type !== PROGRESSING), cond] };
    } else if (deploymentTimedOut(d, status, now)) {
      const msg = newRS ? `ReplicaSet "${newRS.metadata.name}" has timed out progressing.` : `Deployment "${d.metadata.name}" has timed out progressing.`;
      status = withCondition(status, newCondition(PROGRESSING, "False", Reasons.ProgressDeadlineExceeded, msg, now));
    }
  }
  const failure = replicaFailure(allRSs, newRS);
  if (failure) status = withCondition(status, { ...failure, type: REPLICA_FAILURE });
  else status = { ...status, conditions: (status.conditions ?? []).filter((c) => c.type !== REPLICA_FAILURE) };
  return status;
}

/** The new ReplicaSet's ReplicaFailure condition, else the first old one's (getReplicaFailures). */
function replicaFailure(allRSs: ReplicaSetObject[], newRS: ReplicaSetObject | undefined): DeploymentCondition | undefined {
  const ordered = newRS ? [newRS, ...allRSs.filter((rs) => rs !== newRS)] : allRSs;
  for (const rs of ordered) {
    const c = rs.status?.conditions?.find((x) => x.type === REPLICA_FAILURE);
    if (c) return { type: REPLICA_FAILURE, status: c.status, reason: c.reason, message: c.message, lastTransitionTime: c.lastTransitionTime, lastUpdateTime: c.lastTransitionTime };
  }
  return undefined;
}

/** Milliseconds until the deadline check should run again, or undefined (requeueStuckDeployment). */
export function stuckRequeueMs(d: DeploymentObject, s: DeploymentStatus, now: number): number | undefined {
  const cond = findCondition(s.conditions, PROGRESSING);
  if (!hasProgressDeadline(d) || !cond || cond.reason === Reasons.ProgressDeadlineExceeded || deploymentComplete(d, s)) return undefined;
  const from = Date.parse(cond.lastUpdateTime ?? "");
  if (Number.isNaN(from)) return undefined;
  const after = from + d.spec!.progressDeadlineSeconds! * 1000 - now;
  return after < 1000 ? 0 : after + 1000;
}

export function statusEqual(a: DeploymentStatus | undefined, b: DeploymentStatus): boolean {
  return JSON.stringify(normalize(a ?? {})) === JSON.stringify(normalize(b));
}

function normalize(s: DeploymentStatus): unknown {
  return {
    observedGeneration: s.observedGeneration ?? 0,
    replicas: s.replicas ?? 0,
    updatedReplicas: s.updatedReplicas ?? 0,
    readyReplicas: s.readyReplicas ?? 0,
    availableReplicas: s.availableReplicas ?? 0,
    unavailableReplicas: s.unavailableReplicas ?? 0,
    collisionCount: s.collisionCount,
    conditions: s.conditions ?? [],
  };
}
