export { createDeploymentController, DEPLOYMENT_CONTROLLER } from "./deployment-controller.js";
export { computeHash, safeEncodeString } from "./hash.js";
export { REVISION, REVISION_HISTORY, DESIRED_REPLICAS, MAX_REPLICAS, POD_TEMPLATE_HASH } from "./annotations.js";
export { Reasons as DeploymentConditionReasons, AVAILABLE, PROGRESSING } from "./progress.js";
export type { DeploymentObject, ReplicaSetObject } from "./replica-sets.js";
