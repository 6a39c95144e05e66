/** The DaemonSet controller (apps/v1 DaemonSets). */
export { createDaemonSetController, DAEMONSET_CONTROLLER_NAME } from "./controller.js";
export { syncDaemonSet, computeStatus, resolveMaxUnavailable, TEMPLATE_GENERATION_LABEL } from "./sync.js";
export { nodeShouldRunDaemonPod, daemonTolerations, pinToNode, targetNode, tolerates } from "./node-fit.js";
