/**
 * The Recreate strategy (upstream's rolloutRecreate): scale every old
 * ReplicaSet to zero, wait until none of their pods is running, then create
 * or scale up the new ReplicaSet.
 */
import type { PodObject } from "../shared/index.js";
import { actualReplicaCount, activeReplicaSets, type ReplicaSetObject } from "./replica-sets.js";

/** Whether pods of old ReplicaSets may still run (oldPodsRunning); podsByRS maps ReplicaSet uid to its pods. */
export function oldPodsRunning(newRS: ReplicaSetObject | undefined, oldRSs: ReplicaSetObject[], podsByRS: Map<string, PodObject[]>): boolean {
  if (actualReplicaCount(oldRSs) > 0) return true;
  for (const [uid, pods] of podsByRS) {
    if (newRS && newRS.metadata.uid === uid) continue;
    if (pods.some((p) => p.status?.phase !== "Failed" && p.status?.phase !== "Succeeded")) return true;
  }
  return false;
}

export { activeReplicaSets };
