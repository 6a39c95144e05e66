/**
 * What the kubelet's server needs from its kubelet: the pods bound here,
 * the runtime and the node's filesystem (where container logs live).
 */
import type { Pod } from "../../api/core/pod-types.js";
import type { Registry } from "prom-client";
import type { Clock } from "../../util/clock.js";
import type { HostFilesystem } from "../runtime/host-filesystem.js";
import { deadlineIn, type ContainerStatus, type Runtime } from "../runtime/runtime.js";
import { readPodRuntimeStatus, type PodRuntimeStatus } from "../pod/runtime-status.js";

export interface KubeletHost {
  nodeName: string;
  clock: Clock;
  runtime: Runtime;
  /** The node's filesystem, shared with the runtime (container logs); absent when the runtime has none. */
  fs?: HostFilesystem;
  /** The pods bound to this node, as the kubelet last saw them (with the status it computed). */
  pods(): Pod[];
  /** Deadline of runtime calls. */
  callTimeoutMs: number;
  /** What /metrics serves. */
  metrics?: Registry;
  /** The configuration /configz shows (upstream's {"kubeletconfig": ...}): what clients such as `skiff doctor` read, e.g. clusterDNS. */
  config?: () => Record<string, unknown>;
}

export function findPod(host: KubeletHost, namespace: string, name: string): Pod | undefined {
  return host.pods().find((p) => p.metadata?.namespace === namespace && p.metadata?.name === name);
}

export function podRuntimeStatus(host: KubeletHost, pod: Pod): Promise<PodRuntimeStatus> {
  return readPodRuntimeStatus(host.runtime, host.clock, pod.metadata!.uid!, host.callTimeoutMs);
}

/** The running instance of a container, as upstream's findContainer; undefined when none runs. */
export async function runningContainer(host: KubeletHost, pod: Pod, name: string): Promise<ContainerStatus | undefined> {
  const status = await podRuntimeStatus(host, pod);
  return status.containers.find((c) => c.metadata.name === name && c.state === "CONTAINER_RUNNING");
}

export async function containerState(host: KubeletHost, id: string): Promise<ContainerStatus | undefined> {
  try {
    return await host.runtime.containerStatus(id, deadlineIn(host.clock, host.callTimeoutMs));
  } catch {
    return undefined;
  }
}
