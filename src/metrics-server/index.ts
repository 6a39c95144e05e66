/** metrics-server: the metrics.k8s.io extension API server, its sim program and its manifests. */
export { startMetricsServer, type MetricsServerDeps, type RunningMetricsServer } from "./server.js";
export { parseOptions, type MetricsServerOptions } from "./options.js";
export { metricsServerProgram, METRICS_SERVER_IMAGES, METRICS_SERVER_VERSION, type MetricsServerProgramOptions } from "./sim-program.js";
export { metricsServerObjects, METRICS_APISERVICE, METRICS_SERVER_IMAGE, METRICS_SERVER_NAME, METRICS_SERVER_NAMESPACE } from "./manifests.js";
