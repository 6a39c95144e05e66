export { createFaultController, FAULT_CONTROLLER, FAULT_CONTROLLER_COMPONENT } from "./fault-controller.js";
export { withRouteLoss, noVpcFoundError, routeLossActive } from "./route-loss.js";
export { FaultSpecError, type ClusterFault, type ClusterFaultEnv } from "./cluster-fault.js";
