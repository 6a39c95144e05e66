/** The scheduler: queue, cache, framework and the in-tree plugins. */
export { createScheduler, type Scheduler, type SchedulerOptions } from "./scheduler.js";
export type { SchedulingAttemptMetrics } from "./schedule-one.js";
export { defaultProfile, defaultPlugins, DEFAULT_SCHEDULER_NAME, type ProfileConfig, type PluginSpec } from "./framework/profile.js";
export { Registry } from "./framework/registry.js";
export { Code, Status, SUCCESS, SKIP, unschedulable, unresolvable } from "./framework/status.js";
export { CycleState } from "./framework/cycle-state.js";
export type * from "./framework/interfaces.js";
export type { PodInfo } from "./framework/pod-info.js";
export type { NodeInfo } from "./cache/node-info.js";
export { fitErrorMessage, type Diagnosis } from "./fit-error.js";
export { numFeasibleNodesToFind } from "./node-sampling.js";
export { inTreeRegistry } from "./plugins/registry.js";
