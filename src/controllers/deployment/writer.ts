/**
 * The writes one Deployment sync makes, over the API: scaling ReplicaSets
 * (with their replica annotations and the ScalingReplicaSet event),
 * deployment status and revision. `d` is the sync's private copy of the
 * Deployment, replaced by what the server returns after each write; cached
 * objects are never mutated.
 */
import type { DeploymentStatus } from "kubernetes-types/apps/v1.js";
import type { Client, Lister } from "../../client/types.js";
import type { EventRecorder } from "../../client/events.js";
import { DEPLOYMENTS, REPLICASETS } from "../../client/resources.js";
import type { Clock } from "../../util/clock.js";
import { REVISION, replicasAnnotationsNeedUpdate, setReplicasAnnotations } from "./annotations.js";
import { desiredReplicas, maxSurge, specReplicas, type DeploymentObject, type ReplicaSetObject } from "./replica-sets.js";

export interface SyncDeps {
  client: Client;
  recorder: EventRecorder;
  clock: Clock;
  replicaSets: Lister<ReplicaSetObject>;
  log(level: number, message: string): void;
}

export interface DeploymentSync extends SyncDeps {
  /** The deployment as this sync last wrote or read it. */
  d: DeploymentObject;
}

/** Scales rs to newScale, keeping its replica annotations current (scaleReplicaSet). Returns the ReplicaSet as it now is. */
export async function scaleReplicaSet(s: DeploymentSync, rs: ReplicaSetObject, newScale: number, operation: "up" | "down"): Promise<ReplicaSetObject> {
  const want = desiredReplicas(s.d);
  const max = want + maxSurge(s.d);
  const sizeChanges = specReplicas(rs) !== newScale;
  if (!sizeChanges && !replicasAnnotationsNeedUpdate(rs, want, max)) return rs;
  const oldScale = specReplicas(rs);
  const annotations = { ...(rs.metadata.annotations ?? {}) };
  setReplicasAnnotations(annotations, want, max);
  const next: ReplicaSetObject = { ...rs, metadata: { ...rs.metadata, annotations }, spec: { ...rs.spec!, replicas: newScale } };
  const updated = await s.client.update<ReplicaSetObject>(REPLICASETS, rs.metadata.namespace, next);
  if (sizeChanges) {
    s.recorder.event(s.d, "Normal", "ScalingReplicaSet", `Scaled ${operation} replica set ${rs.metadata.name} from ${oldScale} to ${newScale}`);
  }
  return updated;
}

/** Scales when the size differs, naming the direction (scaleReplicaSetAndRecordEvent). Returns [scaled, rs]. */
export async function scaleAndRecord(s: DeploymentSync, rs: ReplicaSetObject, newScale: number): Promise<[boolean, ReplicaSetObject]> {
  if (specReplicas(rs) === newScale) return [false, rs];
  const updated = await scaleReplicaSet(s, rs, newScale, specReplicas(rs) < newScale ? "up" : "down");
  return [true, updated];
}

/** Writes the deployment's status. */
export async function writeStatus(s: DeploymentSync, status: DeploymentStatus): Promise<void> {
  const next: DeploymentObject = { ...s.d, status };
  s.d = await s.client.update<DeploymentObject>(DEPLOYMENTS, s.d.metadata.namespace, next, { subresource: "status" });
}

/**
 * Sets the deployment's revision annotation (SetDeploymentRevision). The
 * status subresource does not carry annotations here, so this is its own write.
 */
export async function writeRevision(s: DeploymentSync, revision: string): Promise<void> {
  if (s.d.metadata.annotations?.[REVISION] === revision) return;
  // An update, as upstream: the deployment-controller role may update deployments, not patch them.
  const next: DeploymentObject = { ...s.d, metadata: { ...s.d.metadata, annotations: { ...s.d.metadata.annotations, [REVISION]: revision } } };
  s.d = await s.client.update<DeploymentObject>(DEPLOYMENTS, s.d.metadata.namespace, next);
}
