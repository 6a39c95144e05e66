export { createGarbageCollector, DISCOVERY_RESYNC_MS, GARBAGE_COLLECTOR_CONTROLLER, type GarbageCollector, type GarbageCollectorOptions } from "./garbage-collector.js";
export { discoverDeletableResources, type DeletableResources } from "./discovery.js";
export { DEFAULT_MONITORED_RESOURCES, type MonitoredResource } from "./resources.js";
export { OwnershipGraph, FOREGROUND_FINALIZER, ORPHAN_FINALIZER } from "./graph.js";
