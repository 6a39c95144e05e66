/**
 * Finding or creating the Deployment's new ReplicaSet (upstream's
 * getNewReplicaSet): the one whose template is the deployment's, carrying
 * the next revision. Re-using an old ReplicaSet (a rollback) moves it to
 * the newest revision and records its old one in revision-history. A name
 * taken by a ReplicaSet with another template is a hash collision: bump
 * status.collisionCount and try again with a new name.
 */
import type { ReplicaSet } from "kubernetes-types/apps/v1.js";
import { isApiError } from "../../api/errors.js";
import { REPLICASETS } from "../../client/resources.js";
import { findCondition, getControllerOf, newControllerRef } from "../shared/index.js";
import { POD_TEMPLATE_HASH, REVISION, copyDeploymentAnnotations, maxRevision, setReplicasAnnotations, setRevision } from "./annotations.js";
import { computeHash } from "./hash.js";
import { PROGRESSING, Reasons, hasProgressDeadline, newCondition, withCondition } from "./progress.js";
import { desiredReplicas, equalIgnoreHash, findNewReplicaSet, maxSurge, newRSNewReplicas, type ReplicaSetObject } from "./replica-sets.js";
import { writeRevision, writeStatus, type DeploymentSync } from "./writer.js";

export const DEPLOYMENT_KIND = { apiVersion: "apps/v1", kind: "Deployment" };

export interface ReplicaSetsOfRollout {
  newRS: ReplicaSetObject | undefined;
  oldRSs: ReplicaSetObject[];
}

/** The new and old ReplicaSets; creates the new one when asked and missing (getAllReplicaSetsAndSyncRevision). */
export async function getAllReplicaSets(s: DeploymentSync, rsList: ReplicaSetObject[], createIfMissing: boolean): Promise<ReplicaSetsOfRollout> {
  const existing = findNewReplicaSet(s.d, rsList);
  const oldRSs = rsList.filter((rs) => rs !== existing);
  const newRS = await getNewReplicaSet(s, existing, oldRSs, createIfMissing);
  return { newRS, oldRSs };
}

async function getNewReplicaSet(s: DeploymentSync, existing: ReplicaSetObject | undefined, oldRSs: ReplicaSetObject[], create: boolean): Promise<ReplicaSetObject | undefined> {
  const { d } = s;
  const newRevision = maxRevision(oldRSs) + 1n;
  const now = s.clock.now();
  if (existing) {
    const annotations = { ...(existing.metadata.annotations ?? {}) };
    let changed = copyDeploymentAnnotations(d, annotations);
    changed = setRevision(annotations, newRevision) || changed;
    const minReadyChanged = (existing.spec?.minReadySeconds ?? 0) !== (d.spec?.minReadySeconds ?? 0);
    if (changed || minReadyChanged) {
      const next: ReplicaSetObject = { ...existing, metadata: { ...existing.metadata, annotations }, spec: { ...existing.spec!, minReadySeconds: d.spec?.minReadySeconds } };
      return s.client.update<ReplicaSetObject>(REPLICASETS, existing.metadata.namespace, next);
    }
    await writeRevision(s, existing.metadata.annotations?.[REVISION] ?? String(newRevision));
    if (hasProgressDeadline(s.d) && !findCondition(s.d.status?.conditions, PROGRESSING)) {
      const cond = newCondition(PROGRESSING, "True", Reasons.FoundNewReplicaSet, `Found new replica set "${existing.metadata.name}"`, now);
      await writeStatus(s, withCondition(s.d.status ?? {}, cond));
    }
    return existing;
  }
  if (!create) return undefined;

  const hash = computeHash(d.spec?.template, d.status?.collisionCount);
  const template = structuredClone(d.spec!.template);
  template.metadata = { ...(template.metadata ?? {}), labels: { ...(template.metadata?.labels ?? {}), [POD_TEMPLATE_HASH]: hash } };
  const selector = structuredClone(d.spec!.selector);
  selector.matchLabels = { ...(selector.matchLabels ?? {}), [POD_TEMPLATE_HASH]: hash };
  const rs: ReplicaSetObject = {
    apiVersion: "apps/v1",
    kind: "ReplicaSet",
    metadata: {
      name: `${d.metadata.name}-${hash}`,
      namespace: d.metadata.namespace,
      ownerReferences: [newControllerRef(d, DEPLOYMENT_KIND)],
      labels: { ...template.metadata.labels },
    },
    spec: { replicas: 0, minReadySeconds: d.spec?.minReadySeconds, selector, template },
  };
  const replicas = newRSNewReplicas(d, [...oldRSs, rs], rs);
  rs.spec!.replicas = replicas;
  const annotations: Record<string, string> = {};
  copyDeploymentAnnotations(d, annotations);
  setRevision(annotations, newRevision);
  setReplicasAnnotations(annotations, desiredReplicas(d), desiredReplicas(d) + maxSurge(d));
  rs.metadata.annotations = annotations;

  let created: ReplicaSetObject;
  let alreadyExisted = false;
  try {
    created = await s.client.create<ReplicaSetObject>(REPLICASETS, d.metadata.namespace, rs);
  } catch (err) {
    if (isApiError(err, "AlreadyExists")) {
      const other = s.replicaSets.get(d.metadata.namespace, rs.metadata.name!) ?? (await s.client.get<ReplicaSet & ReplicaSetObject>(REPLICASETS, d.metadata.namespace, rs.metadata.name!));
      if (getControllerOf(other)?.uid === d.metadata.uid && equalIgnoreHash(d.spec?.template, other.spec?.template)) {
        created = other;
        alreadyExisted = true;
      } else {
        // A different template hashed to this name: salt the hash and retry on the next sync.
        await writeStatus(s, { ...(s.d.status ?? {}), collisionCount: (s.d.status?.collisionCount ?? 0) + 1 });
        s.log(2, `Found a hash collision for deployment "${d.metadata.name}" - bumping collisionCount to ${s.d.status?.collisionCount}`);
        throw err;
      }
    } else {
      const msg = `Failed to create new replica set "${rs.metadata.name}": ${(err as Error).message}`;
      if (hasProgressDeadline(d)) await writeStatus(s, withCondition(s.d.status ?? {}, newCondition(PROGRESSING, "False", Reasons.FailedRSCreate, msg, now))).catch(() => undefined);
      s.recorder.event(d, "Warning", Reasons.FailedRSCreate, msg);
      throw err;
    }
  }
  if (!alreadyExisted && replicas > 0) {
    s.recorder.event(d, "Normal", "ScalingReplicaSet", `Scaled up replica set ${created.metadata.name} from 0 to ${replicas}`);
  }
  await writeRevision(s, String(newRevision));
  if (!alreadyExisted && hasProgressDeadline(s.d)) {
    const cond = newCondition(PROGRESSING, "True", Reasons.NewReplicaSetCreated, `Created new replica set "${created.metadata.name}"`, now);
    await writeStatus(s, withCondition(s.d.status ?? {}, cond));
  }
  return created;
}
