/**
 * ReplicationControllers seen as ReplicaSets and back (upstream's
 * pkg/controller/replication/conversion.go): the only difference the
 * controller cares about is the selector, a plain label map on an RC and a
 * LabelSelector's matchLabels on a ReplicaSet. Status fields and condition
 * types are the same.
 */
import type { ReplicaSetStatus } from "kubernetes-types/apps/v1.js";
import type { ReplicationController, ReplicationControllerStatus } from "kubernetes-types/core/v1.js";
import type { KubeObject } from "../../api/types.js";
import { RCS } from "../../client/resources.js";
import type { ReplicaSetObject } from "../replicaset/index.js";
import type { ReplicaSetLikeKind } from "../replicaset/workload-kind.js";

export type ReplicationControllerObject = ReplicationController & KubeObject;

export const REPLICATION_CONTROLLER = "replication-controller";

/** The RC as a ReplicaSet view; kind, apiVersion and metadata stay the RC's own. */
export function rcToReplicaSet(rc: ReplicationControllerObject): ReplicaSetObject {
  const spec = rc.spec ?? {};
  return {
    apiVersion: rc.apiVersion,
    kind: rc.kind,
    metadata: rc.metadata,
    spec: {
      replicas: spec.replicas,
      minReadySeconds: spec.minReadySeconds,
      // An RC's selector selects on equality only, as matchLabels does (the
      // API defaults it from the template labels and refuses it empty).
      selector: { matchLabels: { ...(spec.selector ?? {}) } },
      template: spec.template,
    },
    status: rc.status as ReplicaSetStatus | undefined,
  } as ReplicaSetObject;
}

/** The RC with a status computed for its ReplicaSet view. */
export function rcWithStatus(rc: ReplicationControllerObject, status: ReplicaSetStatus): ReplicationControllerObject {
  return { ...rc, status: status as ReplicationControllerStatus };
}

export const replicationControllerKind: ReplicaSetLikeKind<ReplicationControllerObject> = {
  gvr: RCS,
  apiVersion: "v1",
  kind: "ReplicationController",
  controllerName: REPLICATION_CONTROLLER,
  queueName: "replicationmanager",
  toReplicaSet: rcToReplicaSet,
  withStatus: rcWithStatus,
};
