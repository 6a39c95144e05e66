export { createGarbageCollector, GARBAGE_COLLECTOR_CONTROLLER, type GarbageCollectorOptions } from "./garbage-collector.js";
export { DEFAULT_MONITORED_RESOURCES, type MonitoredResource } from "./resources.js";
export { OwnershipGraph, FOREGROUND_FINALIZER, ORPHAN_FINALIZER } from "./graph.js";
