/**
 * The ReplicationController manager: the ReplicaSet controller's logic run
 * over ReplicationControllers through the conversion in ./conversion.ts,
 * as upstream's NewReplicationManager does.
 */
import type { Controller } from "../../client/types.js";
import type { ControllerContext } from "../context.js";
import { createReplicaSetController, type ReplicaSetControllerOptions } from "../replicaset/index.js";
import { replicationControllerKind } from "./conversion.js";

export { REPLICATION_CONTROLLER, rcToReplicaSet, type ReplicationControllerObject } from "./conversion.js";

export function createReplicationControllerManager(ctx: ControllerContext, opts: Omit<ReplicaSetControllerOptions, "workloadKind"> = {}): Controller {
  return createReplicaSetController(ctx, { ...opts, workloadKind: replicationControllerKind });
}
