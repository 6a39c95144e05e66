/**
 * What the ReplicaSet controller's logic needs to know about the kind it
 * manages. Upstream runs the same controller over ReplicationControllers
 * through an adapter (pkg/controller/replication): only the resource, the
 * kind named in owner references and events, the component name, and the
 * conversion of objects into ReplicaSet shape differ.
 */
import type { ReplicaSetStatus } from "kubernetes-types/apps/v1.js";
import type { KubeObject } from "../../api/types.js";
import { REPLICASETS } from "../../client/resources.js";
import type { GVR } from "../../client/types.js";
import type { ReplicaSetObject } from "./status.js";

export interface ReplicaSetLikeKind<T extends KubeObject = KubeObject> {
  gvr: GVR;
  apiVersion: string;
  kind: string;
  /** The event source component, e.g. "replicaset-controller". */
  controllerName: string;
  /** The work queue's name, as upstream's queue metrics name. */
  queueName: string;
  /**
   * The object seen as a ReplicaSet. Keeps kind, apiVersion and metadata,
   * so events and owner references name the real object. Never mutates obj.
   */
  toReplicaSet(obj: T): ReplicaSetObject;
  /** obj with status replaced, in its own shape, ready to write to /status. */
  withStatus(obj: T, status: ReplicaSetStatus): T;
}

export const REPLICASET_CONTROLLER = "replicaset-controller";

/** ReplicaSets themselves: no conversion. */
export const replicaSetKind: ReplicaSetLikeKind<ReplicaSetObject> = {
  gvr: REPLICASETS,
  apiVersion: "apps/v1",
  kind: "ReplicaSet",
  controllerName: REPLICASET_CONTROLLER,
  queueName: "replicaset",
  toReplicaSet: (rs) => rs,
  withStatus: (rs, status) => ({ ...rs, status }),
};
