/**
 * The RollingUpdate strategy's two moves (upstream's rolloutRolling): grow
 * the new ReplicaSet within maxSurge, and shrink old ones only as far as
 * maxUnavailable allows, unhealthy replicas first.
 */
import {
  availableReplicaCount,
  byCreation,
  desiredReplicas,
  maxUnavailable,
  newRSNewReplicas,
  specReplicaCount,
  specReplicas,
  type ReplicaSetObject,
} from "./replica-sets.js";
import { scaleAndRecord, type DeploymentSync } from "./writer.js";

/** Scales the new ReplicaSet toward spec.replicas within maxSurge. Returns whether it scaled. */
export async function reconcileNewReplicaSet(s: DeploymentSync, allRSs: ReplicaSetObject[], newRS: ReplicaSetObject): Promise<boolean> {
  const want = desiredReplicas(s.d);
  if (specReplicas(newRS) === want) return false;
  if (specReplicas(newRS) > want) return (await scaleAndRecord(s, newRS, want))[0];
  return (await scaleAndRecord(s, newRS, newRSNewReplicas(s.d, allRSs, newRS)))[0];
}

/** Scales old ReplicaSets down as far as availability allows. Returns whether any scaled. */
export async function reconcileOldReplicaSets(s: DeploymentSync, allRSs: ReplicaSetObject[], oldRSs: ReplicaSetObject[], newRS: ReplicaSetObject): Promise<boolean> {
  if (specReplicaCount(oldRSs) === 0) return false;
  const minAvailable = desiredReplicas(s.d) - maxUnavailable(s.d);
  const newUnavailable = specReplicas(newRS) - (newRS.status?.availableReplicas ?? 0);
  let maxScaledDown = specReplicaCount(allRSs) - minAvailable - newUnavailable;
  if (maxScaledDown <= 0) return false;

  // Unhealthy replicas cost no availability: remove them first.
  const olds = [...oldRSs].sort(byCreation);
  let cleaned = 0;
  for (let i = 0; i < olds.length && cleaned < maxScaledDown; i++) {
    const rs = olds[i];
    const unhealthy = specReplicas(rs) - (rs.status?.availableReplicas ?? 0);
    if (specReplicas(rs) === 0 || unhealthy <= 0) continue;
    const down = Math.min(maxScaledDown - cleaned, unhealthy);
    const [, updated] = await scaleAndRecord(s, rs, specReplicas(rs) - down);
    olds[i] = updated;
    cleaned += down;
  }
  maxScaledDown -= cleaned;

  // Then available replicas, never below minAvailable.
  let scaledDown = 0;
  const available = availableReplicaCount([...olds, newRS]);
  if (available > minAvailable) {
    const total = available - minAvailable;
    for (const rs of olds) {
      if (scaledDown >= total) break;
      if (specReplicas(rs) === 0) continue;
      const down = Math.min(specReplicas(rs), total - scaledDown);
      await scaleAndRecord(s, rs, specReplicas(rs) - down);
      scaledDown += down;
    }
  }
  return cleaned + scaledDown > 0;
}
