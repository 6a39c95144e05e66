/** The in-tree plugins by name. */
import type { PluginFactory } from "../framework/interfaces.js";
import { Registry } from "../framework/registry.js";
import * as defaultBinder from "./default-binder/default-binder.js";
import * as defaultPreemption from "./default-preemption/default-preemption.js";
import * as interPodAffinity from "./inter-pod-affinity/inter-pod-affinity.js";
import * as nodeAffinity from "./node-affinity/node-affinity.js";
import * as nodeName from "./node-name/node-name.js";
import * as nodePorts from "./node-ports/node-ports.js";
import * as balancedAllocation from "./node-resources-balanced-allocation/node-resources-balanced-allocation.js";
import * as nodeResourcesFit from "./node-resources-fit/node-resources-fit.js";
import * as nodeUnschedulable from "./node-unschedulable/node-unschedulable.js";
import * as podTopologySpread from "./pod-topology-spread/pod-topology-spread.js";
import * as prioritySort from "./priority-sort/priority-sort.js";
import * as taintToleration from "./taint-toleration/taint-toleration.js";
import * as volumeBinding from "./volume-binding/volume-binding.js";

interface PluginModule {
  NAME: string;
  create: (args: never, handle: never) => unknown;
}

const modules: PluginModule[] = [
  prioritySort,
  nodeUnschedulable,
  nodeName,
  taintToleration,
  nodeAffinity,
  nodePorts,
  nodeResourcesFit,
  volumeBinding,
  podTopologySpread,
  interPodAffinity,
  defaultPreemption,
  balancedAllocation,
  defaultBinder,
];

export function inTreeRegistry(): Registry {
  const r = new Registry();
  for (const m of modules) r.register(m.NAME, m.create as unknown as PluginFactory);
  return r;
}
