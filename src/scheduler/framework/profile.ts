/**
 * Scheduler profiles as configuration (upstream's KubeSchedulerProfile):
 * a scheduler name, the plugins in order with their score weights, and
 * per-plugin args. Each plugin is enabled at every extension point it
 * implements (upstream's multiPoint), in the order listed.
 */

export interface PluginSpec {
  name: string;
  /** Score weight; upstream's default for an unweighted score plugin is 1. */
  weight?: number;
}

export interface ProfileConfig {
  /** Pods whose spec.schedulerName equals this are scheduled by this profile. */
  schedulerName: string;
  plugins: PluginSpec[];
  /** Args by plugin name; a plugin without an entry gets its defaults. */
  pluginConfig?: Record<string, unknown>;
  /** 0 or absent: upstream's adaptive default (50% minus nodes/125, at least 5%). */
  percentageOfNodesToScore?: number;
}

export const DEFAULT_SCHEDULER_NAME = "default-scheduler";

/** Upstream's default plugin set and weights (v1.30), without ImageLocality and the volume-limit plugins. */
export function defaultPlugins(): PluginSpec[] {
  return [
    { name: "PrioritySort" },
    { name: "NodeUnschedulable" },
    { name: "NodeName" },
    { name: "TaintToleration", weight: 3 },
    { name: "NodeAffinity", weight: 2 },
    { name: "NodePorts" },
    { name: "NodeResourcesFit", weight: 1 },
    { name: "VolumeBinding" },
    { name: "PodTopologySpread", weight: 2 },
    { name: "InterPodAffinity", weight: 2 },
    { name: "DefaultPreemption" },
    { name: "NodeResourcesBalancedAllocation", weight: 1 },
    { name: "DefaultBinder" },
  ];
}

export function defaultProfile(schedulerName = DEFAULT_SCHEDULER_NAME): ProfileConfig {
  return { schedulerName, plugins: defaultPlugins() };
}
