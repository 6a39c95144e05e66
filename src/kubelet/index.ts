/** The kubelet and its container runtimes. */
export { createKubelet, OUTSTANDING_CALL_REPORT_MS, type Kubelet, type KubeletOptions } from "./kubelet.js";
export { createSimRuntime, CONTAINER_KIND_LABEL, type SimRuntime, type SimRuntimeOptions } from "./runtime/sim/sim-runtime.js";
export type { SimFault, HeldCall } from "./runtime/sim/fault-gate.js";
export * from "./runtime/runtime.js";
export * as simAnnotations from "./runtime/sim/annotations.js";
export type { PodDialer } from "./runtime/sim/dependencies.js";
export { KUBELET_VERSION, CONTAINER_RUNTIME_VERSION, KUBELET_PORT, DEFAULT_CAPACITY } from "./nodestatus/node-object.js";
export { NODE_LEASE_NAMESPACE } from "./nodestatus/node-lease.js";
export { plegNotHealthyMessage, NETWORK_NOT_READY_MESSAGE } from "./nodestatus/conditions.js";
export type { StreamingRuntime, StreamSession, TerminalSize } from "./runtime/streaming.js";
export type { HostFilesystem, HostFileInfo } from "./runtime/host-filesystem.js";
export { createMemoryFilesystem, type MemoryFilesystem, type MemoryFilesystemOptions, type MemoryFilesystemSnapshot } from "./runtime/sim/memory-filesystem.js";
export { loadSimNodeState, saveSimNodeState } from "./runtime/sim/node-state-file.js";
export type { SimRuntimeSnapshot } from "./runtime/sim/sim-snapshot.js";
export { imageRepository, type SimProgram, type SimProgramContext } from "./runtime/sim/programs.js";
