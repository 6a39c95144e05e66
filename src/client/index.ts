/**
 * Skiff's client library (as client-go): REST client and transports,
 * informers and listers, work queues and the controller loop, leader
 * election and the event recorder.
 */
export * from "./types.js";
export * from "./events.js";
export * from "./resources.js";
export { createLoopbackTransport, type LoopbackServer } from "./loopback-transport.js";
export { createClient, groupVersionPath, resourcePath, queryString, PATCH_CONTENT_TYPES, type ClientOptions } from "./rest-client.js";
export { errorFromResponse, errorFromStatus } from "./api-errors.js";
export { TransportStatusError } from "./transport-error.js";
export { IndexedStore } from "../util/indexed-store.js";
export { Indexer, NAMESPACE_INDEX, namespaceIndexFunc } from "./indexer.js";
export { createLister } from "./lister.js";
export { Reflector, isExpired, type ReflectorOptions, type ReflectorSink, type DeltaType } from "./reflector.js";
export { SharedInformer, type SharedInformerOptions } from "./shared-informer.js";
export { deepFreeze } from "../util/deep-freeze.js";
export { createInformerFactory, type InformerFactoryOptions } from "./informer-factory.js";
export { BasicQueue } from "./workqueue.js";
export { DelayingQueue } from "./delaying-queue.js";
export { ItemExponentialFailureRateLimiter, BucketRateLimiter, MaxOfRateLimiter, defaultControllerRateLimiter, type RateLimiter } from "./rate-limiter.js";
export { createWorkQueue, type WorkQueueOptions, type NamedWorkQueue } from "./rate-limiting-queue.js";
export { withWorkQueueMetrics, type QueueMetricSet, type WorkQueueMetricsProvider } from "./workqueue-metrics.js";
export { runController, type RunControllerOptions } from "./controller-runner.js";
export { createHttpTransport, createClientFromKubeconfig, type HttpTransportOptions } from "./http-transport.js";
export { runLeaderElection, formatMicroTime, type LeaderElectionOptions, type Lease, type LeaseSpec } from "./leader-election.js";
export { createEventRecorder, formatTime, type EventRecorderOptions } from "./event-recorder.js";
export { createEventsV1Recorder, type EventsV1RecorderOptions } from "./events-v1-recorder.js";
export { EventCorrelator, COMBINED_PREFIX, eventKey, type Correlation, type CorrelatorOptions } from "./event-correlator.js";
export type { CoreEvent, ObjectReference } from "./event-types.js";
