export { createNodeLifecycleController, NODE_LIFECYCLE_CONTROLLER, NODE_LEASE_NAMESPACE } from "./controller.js";
export { createTaintEvictionController, TAINT_EVICTION_CONTROLLER } from "./taint-eviction.js";
export { assessNodeHealth, NODE_STARTUP_GRACE_PERIOD_MS, type NodeHealth } from "./node-health.js";
export { computeZoneState, summarizeZones, type ZoneState } from "./disruption.js";
export { matchingTolerations, minTolerationMs, toleratesTaint } from "./tolerations.js";
export * from "./taints.js";
