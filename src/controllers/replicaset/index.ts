export { createReplicaSetController, REPLICASET_CONTROLLER, type ReplicaSetControllerOptions } from "./replica-set-controller.js";
export { calculateStatus, REPLICA_FAILURE, type ReplicaSetObject } from "./status.js";
export { BURST_REPLICAS } from "./manage-replicas.js";
