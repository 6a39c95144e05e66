/**
 * Deleting old ReplicaSets beyond spec.revisionHistoryLimit (upstream's
 * cleanupDeployment), oldest revision first, and only those already scaled
 * to zero with their status caught up, so no pod is ever lost to it.
 */
import { isApiError } from "../../api/errors.js";
import { REPLICASETS } from "../../client/resources.js";
import { byRevision, type ReplicaSetObject } from "./replica-sets.js";
import type { DeploymentSync } from "./writer.js";

export function replicaSetsToClean(limit: number | undefined, oldRSs: ReplicaSetObject[]): ReplicaSetObject[] {
  if (limit === undefined || limit === null) return [];
  const alive = oldRSs.filter((rs) => !rs.metadata.deletionTimestamp).sort(byRevision);
  const diff = alive.length - limit;
  if (diff <= 0) return [];
  return alive
    .slice(0, diff)
    .filter((rs) => (rs.status?.replicas ?? 0) === 0 && (rs.spec?.replicas ?? 0) === 0 && (rs.metadata.generation ?? 0) <= (rs.status?.observedGeneration ?? 0));
}

export async function cleanupDeployment(s: DeploymentSync, oldRSs: ReplicaSetObject[]): Promise<void> {
  for (const rs of replicaSetsToClean(s.d.spec?.revisionHistoryLimit, oldRSs)) {
    s.log(4, `Trying to cleanup replica set "${rs.metadata.name}" for deployment "${s.d.metadata.name}"`);
    try {
      await s.client.delete(REPLICASETS, rs.metadata.namespace, rs.metadata.name!, { preconditions: { uid: rs.metadata.uid } });
    } catch (err) {
      if (!isApiError(err, "NotFound")) throw err;
    }
  }
}
