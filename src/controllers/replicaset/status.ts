/**
 * A ReplicaSet's status from its pods (upstream's calculateStatus):
 * replicas, fullyLabeledReplicas, readyReplicas, availableReplicas after
 * minReadySeconds, and the ReplicaFailure condition while creating or
 * deleting pods fails.
 */
import type { ReplicaSet, ReplicaSetCondition, ReplicaSetStatus } from "kubernetes-types/apps/v1.js";
import type { KubeObject } from "../../api/types.js";
import { rfc3339 } from "../../api/printers.js";
import { isPodAvailable, isPodReady, labelsContain, removeCondition, setCondition, findCondition, type PodObject } from "../shared/index.js";

export type ReplicaSetObject = ReplicaSet & KubeObject;

export const REPLICA_FAILURE = "ReplicaFailure";

/** What manageReplicas failed at, if it failed. */
export interface ManageFailure {
  /** "FailedCreate" when pods were missing, "FailedDelete" when there were too many. */
  reason: "FailedCreate" | "FailedDelete";
  message: string;
}

export function calculateStatus(rs: ReplicaSetObject, pods: PodObject[], failure: ManageFailure | undefined, now: number): ReplicaSetStatus {
  const templateLabels = rs.spec?.template?.metadata?.labels;
  const minReady = rs.spec?.minReadySeconds ?? 0;
  let fullyLabeled = 0, ready = 0, available = 0;
  for (const p of pods) {
    if (labelsContain(p.metadata.labels, templateLabels)) fullyLabeled++;
    if (isPodReady(p)) {
      ready++;
      if (isPodAvailable(p, minReady, now)) available++;
    }
  }
  let conditions = rs.status?.conditions as ReplicaSetCondition[] | undefined;
  const current = findCondition(conditions, REPLICA_FAILURE);
  if (failure && !current) {
    conditions = setCondition(conditions, { type: REPLICA_FAILURE, status: "True", reason: failure.reason, message: failure.message, lastTransitionTime: rfc3339(now) });
  } else if (!failure && current) {
    conditions = removeCondition(conditions, REPLICA_FAILURE);
  }
  const status: ReplicaSetStatus = {
    replicas: pods.length,
    fullyLabeledReplicas: fullyLabeled,
    readyReplicas: ready,
    availableReplicas: available,
    observedGeneration: rs.status?.observedGeneration,
  };
  if (conditions?.length) status.conditions = conditions;
  return status;
}

/** Whether writing status would change nothing (observedGeneration included). */
export function statusUnchanged(rs: ReplicaSetObject, status: ReplicaSetStatus): boolean {
  const cur: ReplicaSetStatus = rs.status ?? { replicas: 0 };
  return (
    (cur.replicas ?? 0) === (status.replicas ?? 0) &&
    (cur.fullyLabeledReplicas ?? 0) === (status.fullyLabeledReplicas ?? 0) &&
    (cur.readyReplicas ?? 0) === (status.readyReplicas ?? 0) &&
    (cur.availableReplicas ?? 0) === (status.availableReplicas ?? 0) &&
    cur.observedGeneration === rs.metadata.generation &&
    JSON.stringify(cur.conditions ?? []) === JSON.stringify(status.conditions ?? [])
  );
}
