/** The StatefulSet controller (apps/v1 StatefulSets). */
export { createStatefulSetController, STATEFULSET_CONTROLLER_NAME } from "./controller.js";
export { syncStatefulSet, computeStatus } from "./sync.js";
export { POD_NAME_LABEL, POD_INDEX_LABEL, podName, claimName } from "./identity.js";
