/**
 * The Node a kubelet registers (upstream's initialNode plus the first
 * status): labels, addresses, nodeInfo, capacity and allocatable, and the
 * kubelet endpoint.
 */
import type { Node } from "kubernetes-types/core/v1.js";

export interface NodeIdentity {
  nodeName: string;
  nodeIP: string;
  labels?: Record<string, string>;
  /** Resource name to quantity, e.g. { cpu: "4", memory: "16Gi" }. */
  capacity: Record<string, string>;
  architecture?: string;
  instanceType?: string;
  /** The port the kubelet's server listens on (status.daemonEndpoints); 10250 when unset. */
  kubeletPort?: number;
}

export const KUBELET_VERSION = "v1.35.0-skiff";
export const CONTAINER_RUNTIME_VERSION = "sim://1.0";
export const KUBELET_PORT = 10250;

export const DEFAULT_CAPACITY: Record<string, string> = { cpu: "4", memory: "16Gi", pods: "110", "ephemeral-storage": "100Gi" };

export function nodeLabels(id: NodeIdentity): Record<string, string> {
  const arch = id.architecture ?? "amd64";
  return {
    "beta.kubernetes.io/arch": arch,
    "beta.kubernetes.io/os": "linux",
    "kubernetes.io/arch": arch,
    "kubernetes.io/hostname": id.nodeName,
    "kubernetes.io/os": "linux",
    ...(id.instanceType ? { "node.kubernetes.io/instance-type": id.instanceType } : {}),
    ...id.labels,
  };
}

/** The status fields that do not change while the kubelet runs. */
export function staticNodeStatus(id: NodeIdentity, bootId: string): NonNullable<Node["status"]> {
  return {
    capacity: { ...id.capacity },
    allocatable: { ...id.capacity },
    addresses: [
      { type: "InternalIP", address: id.nodeIP },
      { type: "Hostname", address: id.nodeName },
    ],
    daemonEndpoints: { kubeletEndpoint: { Port: id.kubeletPort ?? KUBELET_PORT } },
    nodeInfo: {
      machineID: bootId.slice(0, 32),
      systemUUID: bootId,
      bootID: bootId,
      kernelVersion: "6.8.0-skiff",
      osImage: "Skiff sim node",
      containerRuntimeVersion: CONTAINER_RUNTIME_VERSION,
      kubeletVersion: KUBELET_VERSION,
      kubeProxyVersion: "",
      operatingSystem: "linux",
      architecture: id.architecture ?? "amd64",
    },
  };
}

export function nodeObject(id: NodeIdentity, bootId: string): Node & { metadata: { name: string } } {
  return {
    apiVersion: "v1",
    kind: "Node",
    metadata: { name: id.nodeName, labels: nodeLabels(id), annotations: { "volumes.kubernetes.io/controller-managed-attach-detach": "true" } },
    spec: {},
    status: staticNodeStatus(id, bootId),
  };
}

/** A made-up address for a node, unique per name in practice: 172.16.0.0/12, never .0 or .255. */
export function simNodeIP(nodeName: string): string {
  let h = 0x811c9dc5;
  for (let i = 0; i < nodeName.length; i++) h = Math.imul(h ^ nodeName.charCodeAt(i), 0x01000193);
  const host = (h >>> 0) % (1 << 20);
  const a = 172, b = 16 + (host >>> 16), c = (host >>> 8) & 255;
  const d = Math.min(254, Math.max(1, host & 255));
  return `${a}.${b}.${c}.${d}`;
}
