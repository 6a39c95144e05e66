/**
 * Skiff as a library. `startCluster` runs a whole cluster in this process;
 * the client library talks to it (or to any Kubernetes API server).
 */
export { startCluster, type StartClusterOptions, type RunningCluster } from "./cluster/start-cluster.js";
export { VirtualClock, realClock, type Clock } from "./util/clock.js";
export * from "./client/index.js";
export { isApiError, ApiError } from "./api/errors.js";
