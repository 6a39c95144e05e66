export { createNodeIpamController, NODE_IPAM_CONTROLLER } from "./controller.js";
export { CidrSet, CidrSetFullError, parseCIDR } from "./cidr-set.js";
