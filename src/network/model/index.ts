/** The simulated network's model: a snapshot of the cluster in, a packet's path and verdict out. */
export { createNetworkView, podCIDRsOf, kubeletPortOf, podName, type ListenerLookup, type NatTableSupplier, type NetworkSnapshot, type NetworkView } from "./snapshot.js";
export { tracePath, type Hop, type Trace, type TraceOptions, type TraceRequest, type TraceSource, type TraceVerdict } from "./trace.js";
export { decide, groupsOf, describeRule, type GroupDecision } from "./security-groups.js";
export { podListens, nodeListens, type ListenAnswer } from "./listeners.js";
