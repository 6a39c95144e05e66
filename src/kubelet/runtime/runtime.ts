/**
 * The container runtime as the kubelet sees it: CRI's RuntimeService and
 * ImageService (k8s.io/cri-api v1), as promises. Every call carries a
 * deadline on the kubelet's clock; a runtime that cannot answer in time
 * rejects with DeadlineExceededError, as a gRPC call with a context
 * deadline does, even if the work it started is still outstanding.
 *
 * Times are milliseconds on the kubelet's clock (CRI uses nanoseconds).
 *
 * Example:
 *   const id = await rt.runPodSandbox({ metadata: { name, namespace, uid, attempt: 0 }, ... }, deadlineIn(clock, 240_000));
 *   const cid = await rt.createContainer(id, { metadata: { name: "app", attempt: 0 }, image: "nginx", ... }, opts);
 *   await rt.startContainer(cid, opts);
 */
import type { Clock } from "../../util/clock.js";
import type { StreamingRuntime } from "./streaming.js";

/** When a call must have answered, in ms on the kubelet's clock. */
export interface CallOptions {
  deadline: number;
}

/** A deadline timeoutMs from now. */
export function deadlineIn(clock: Clock, timeoutMs: number): CallOptions {
  return { deadline: clock.now() + timeoutMs };
}

/** The call did not answer before its deadline (gRPC DEADLINE_EXCEEDED). */
export class DeadlineExceededError extends Error {
  readonly code = "DeadlineExceeded";
  constructor(readonly method: string) {
    super(`rpc error: code = DeadlineExceeded desc = context deadline exceeded (${method})`);
    this.name = "DeadlineExceededError";
  }
}

/** The runtime refused or failed the call (gRPC UNAVAILABLE, UNKNOWN, NOT_FOUND ...). */
export class RuntimeError extends Error {
  constructor(readonly code: "Unavailable" | "NotFound" | "Unknown" | "FailedPrecondition", message: string) {
    super(`rpc error: code = ${code} desc = ${message}`);
    this.name = "RuntimeError";
  }
}

export type SandboxState = "SANDBOX_READY" | "SANDBOX_NOTREADY";
export type ContainerState = "CONTAINER_CREATED" | "CONTAINER_RUNNING" | "CONTAINER_EXITED" | "CONTAINER_UNKNOWN";

export interface PodSandboxMetadata {
  name: string;
  namespace: string;
  uid: string;
  attempt: number;
}

export interface PodSandboxConfig {
  metadata: PodSandboxMetadata;
  hostname?: string;
  labels?: Record<string, string>;
  annotations?: Record<string, string>;
  /** The pod IP the network plugin set up for the sandbox; absent for host-network pods. */
  ip?: string;
  hostNetwork?: boolean;
  /** What the runtime writes to the sandbox's /etc/resolv.conf (CRI DNSConfig). */
  dnsConfig?: DNSConfig;
  /** Where the containers' log files go: /var/log/pods/<namespace>_<name>_<uid> (CRI log_directory). */
  logDirectory?: string;
  /** The pod's declared container ports (CRI PortMapping); the sim runtime answers port-forwards on the TCP ones. */
  portMappings?: PortMapping[];
}

/** CRI's PortMapping: a port a container of the sandbox declares. */
export interface PortMapping {
  containerPort: number;
  protocol: "TCP" | "UDP" | "SCTP";
  /** The declaring container's name (not in CRI; the sim runtime names it in its answers). */
  containerName?: string;
  hostPort?: number;
  hostIp?: string;
}

/** CRI's DNSConfig: the lines of resolv.conf. */
export interface DNSConfig {
  servers: string[];
  searches: string[];
  options: string[];
}

/** A host path mounted into a container (CRI Mount). Host paths live on the node's HostFilesystem. */
export interface Mount {
  containerPath: string;
  hostPath: string;
  readonly: boolean;
}

export interface PodSandbox {
  id: string;
  metadata: PodSandboxMetadata;
  state: SandboxState;
  createdAt: number;
  labels: Record<string, string>;
  annotations: Record<string, string>;
}

export interface PodSandboxStatus extends PodSandbox {
  network: { ip?: string };
}

export interface ContainerMetadata {
  name: string;
  attempt: number;
}

export interface ContainerConfig {
  metadata: ContainerMetadata;
  image: string;
  command?: string[];
  args?: string[];
  labels?: Record<string, string>;
  /** The pod's annotations and the kubelet's own (hash, restart count, ...). */
  annotations?: Record<string, string>;
  /** Requested resources, for simulated usage and cgroups. */
  resources?: { cpuMilli?: number; memoryBytes?: number };
  /** The environment, resolved by the kubelet (env, envFrom, Service variables), in order. */
  envs?: { key: string; value: string }[];
  /** Volumes, /etc/hosts and the termination log, as the kubelet prepared them on the host. */
  mounts?: Mount[];
  workingDir?: string;
  stdin?: boolean;
  stdinOnce?: boolean;
  tty?: boolean;
  /** Relative to the sandbox's logDirectory: <container>/<restartCount>.log (CRI log_path). */
  logPath?: string;
}

export interface Container {
  id: string;
  podSandboxId: string;
  metadata: ContainerMetadata;
  image: string;
  imageRef: string;
  state: ContainerState;
  createdAt: number;
  labels: Record<string, string>;
  annotations: Record<string, string>;
}

export interface ContainerStatus extends Container {
  /** 0 until started. */
  startedAt: number;
  /** 0 until exited. */
  finishedAt: number;
  exitCode: number;
  /** "Completed", "Error", "OOMKilled" once exited. */
  reason: string;
  message: string;
}

export interface ContainerStats {
  containerId: string;
  timestamp: number;
  /** Current CPU use in nanocores. */
  cpuNanoCores: number;
  /** CPU time used since the container started, in core-nanoseconds (CRI's usage_core_nano_seconds). */
  cpuUsageCoreNanoSeconds?: number;
  memoryWorkingSetBytes: number;
}

export interface ImageInfo {
  /** "sha256:<hex>". */
  id: string;
  repoTags: string[];
  repoDigests: string[];
  size: number;
}

export interface SandboxFilter {
  id?: string;
  state?: SandboxState;
  labelSelector?: Record<string, string>;
}

export interface ContainerFilter {
  id?: string;
  podSandboxId?: string;
  state?: ContainerState;
  labelSelector?: Record<string, string>;
}

/** CRI's RuntimeService and ImageService; exec, attach and port-forward as streams (streaming.ts). */
export interface Runtime extends StreamingRuntime {
  version(opts: CallOptions): Promise<{ runtimeName: string; runtimeVersion: string; runtimeApiVersion: string }>;

  runPodSandbox(config: PodSandboxConfig, opts: CallOptions): Promise<string>;
  /** Stops every container of the sandbox and tears its network down. Idempotent. */
  stopPodSandbox(id: string, opts: CallOptions): Promise<void>;
  /** Removes a sandbox and its containers. Idempotent. */
  removePodSandbox(id: string, opts: CallOptions): Promise<void>;
  podSandboxStatus(id: string, opts: CallOptions): Promise<PodSandboxStatus>;
  listPodSandbox(filter: SandboxFilter | undefined, opts: CallOptions): Promise<PodSandbox[]>;

  createContainer(podSandboxId: string, config: ContainerConfig, opts: CallOptions): Promise<string>;
  startContainer(id: string, opts: CallOptions): Promise<void>;
  /** Sends SIGTERM, then SIGKILL after timeoutSeconds. Idempotent on exited containers. */
  stopContainer(id: string, timeoutSeconds: number, opts: CallOptions): Promise<void>;
  removeContainer(id: string, opts: CallOptions): Promise<void>;
  containerStatus(id: string, opts: CallOptions): Promise<ContainerStatus>;
  listContainers(filter: ContainerFilter | undefined, opts: CallOptions): Promise<Container[]>;
  containerStats(id: string, opts: CallOptions): Promise<ContainerStats>;
  /** Runs a command in a container; the exit code and output. */
  execSync(id: string, cmd: string[], timeoutSeconds: number, opts: CallOptions): Promise<{ exitCode: number; stdout: string; stderr: string }>;

  pullImage(image: string, opts: CallOptions): Promise<string>;
  /** undefined when the image is not present. */
  imageStatus(image: string, opts: CallOptions): Promise<ImageInfo | undefined>;
}

/** The CRI methods by name, as logs and outstanding-call reports print them. */
export const RUNTIME_METHODS = {
  version: "Version",
  runPodSandbox: "RunPodSandbox",
  stopPodSandbox: "StopPodSandbox",
  removePodSandbox: "RemovePodSandbox",
  podSandboxStatus: "PodSandboxStatus",
  listPodSandbox: "ListPodSandbox",
  createContainer: "CreateContainer",
  startContainer: "StartContainer",
  stopContainer: "StopContainer",
  removeContainer: "RemoveContainer",
  containerStatus: "ContainerStatus",
  listContainers: "ListContainers",
  containerStats: "ContainerStats",
  execSync: "ExecSync",
  pullImage: "PullImage",
  imageStatus: "ImageStatus",
} as const satisfies Record<Exclude<keyof Runtime, keyof StreamingRuntime>, string>;
