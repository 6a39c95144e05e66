/**
 * Cluster events that may make an unschedulable pod schedulable, and which
 * plugins care about each (upstream's EventsToRegister). A pod rejected by
 * plugins P moves back only on an event some plugin in P registered for;
 * a pod rejected without a plugin (an error) moves on any event.
 */
export type ClusterEvent =
  | "NodeAdd"
  | "NodeUpdate"
  | "NodeDelete"
  | "AssignedPodAdd"
  | "AssignedPodUpdate"
  | "AssignedPodDelete"
  | "PvAdd"
  | "PvUpdate"
  | "PvcAdd"
  | "PvcUpdate"
  | "StorageClassAdd"
  | "UnschedulableTimeout"
  | "ForceActivate";

const nodeAdd: ClusterEvent[] = ["NodeAdd", "NodeUpdate"];
const pods: ClusterEvent[] = ["AssignedPodAdd", "AssignedPodUpdate", "AssignedPodDelete"];
const volumes: ClusterEvent[] = ["PvAdd", "PvUpdate", "PvcAdd", "PvcUpdate", "StorageClassAdd"];

const registered: Record<string, ReadonlySet<ClusterEvent>> = {
  NodeResourcesFit: new Set([...nodeAdd, "AssignedPodDelete", "AssignedPodUpdate"]),
  NodePorts: new Set([...nodeAdd, "AssignedPodDelete"]),
  NodeUnschedulable: new Set(nodeAdd),
  NodeName: new Set(nodeAdd),
  TaintToleration: new Set(nodeAdd),
  NodeAffinity: new Set(nodeAdd),
  InterPodAffinity: new Set([...nodeAdd, ...pods]),
  PodTopologySpread: new Set([...nodeAdd, "NodeDelete", ...pods]),
  VolumeBinding: new Set([...nodeAdd, ...volumes]),
};

/** Whether a pod rejected by these plugins may become schedulable after the event. */
export function eventMayHelp(event: ClusterEvent, plugins: ReadonlySet<string>): boolean {
  if (event === "UnschedulableTimeout" || event === "ForceActivate" || plugins.size === 0) return true;
  for (const p of plugins) {
    const events = registered[p];
    // A plugin that registered nothing known: move conservatively.
    if (!events || events.has(event)) return true;
  }
  return false;
}
