export { ApiServerMetrics, REQUEST_DURATION_BUCKETS, type ApiServerMetricsOptions, type RequestObservation, type StoredObjectCount } from "./apiserver.js";
export { countStoredObjects, type CountableResource } from "./storage-objects.js";
export { createRegistry, DEFAULT_BUCKETS, EXPOSITION_CONTENT_TYPE, exponentialBuckets, exposition, help } from "./registry.js";
export { registerProcessMetrics } from "./process-metrics.js";
export { requestLabels, type RequestLabels } from "./request-labels.js";
export { createWorkQueueMetricsProvider } from "./workqueue.js";
export { createSchedulerMetrics, type SchedulerMetrics } from "./scheduler.js";
export { createKubeletMetrics, type KubeletMetrics } from "./kubelet.js";
