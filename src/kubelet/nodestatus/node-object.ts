/**
 * The Node a kubelet registers (upstream's initialNode plus the first
 * status): labels, addresses, nodeInfo, capacity and allocatable, and the
 * kubelet endpoint.
 */
import { createHash } from "node:crypto";
import type { Node } from "kubernetes-types/core/v1.js";
import { SKIFF_GIT_VERSION } from "../../apiserver/version.js";

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

/** Spelled as the API server's gitVersion, as a kubelet of the same build reports it. */
export const KUBELET_VERSION = SKIFF_GIT_VERSION;
export const CONTAINER_RUNTIME_VERSION = "sim://1.0";
export const KUBELET_PORT = 10250;

export const DEFAULT_CAPACITY: Record<string, string> = { cpu: "4", memory: "16Gi", pods: "110", "ephemeral-storage": "100Gi" };

/**
 * What every kubelet reports besides what it was given: the node's disk
 * (cadvisor's root filesystem) and the huge page sizes an x86 kernel
 * offers, none reserved.
 */
const MACHINE_RESOURCES: Record<string, string> = { "ephemeral-storage": "100Gi", "hugepages-1Gi": "0", "hugepages-2Mi": "0" };

function digest(what: string, nodeName: string): string {
  return createHash("sha256").update(`skiff/${what}/${nodeName}`).digest("hex");
}

/** /etc/machine-id: 32 lower-case hex digits, the same across restarts of the node. */
export function simMachineID(nodeName: string): string {
  return digest("machine-id", nodeName).slice(0, 32);
}

/** The DMI product UUID (/sys/class/dmi/id/product_uuid), stable per node; shaped as a version 4 UUID. */
export function simSystemUUID(nodeName: string): string {
  const h = digest("system-uuid", nodeName);
  const variant = ((parseInt(h[16], 16) & 0x3) | 0x8).toString(16);
  return `${h.slice(0, 8)}-${h.slice(8, 12)}-4${h.slice(13, 16)}-${variant}${h.slice(17, 20)}-${h.slice(20, 32)}`;
}
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
  const capacity = { ...MACHINE_RESOURCES, ...id.capacity };
  return {
    capacity,
    allocatable: { ...capacity },
    addresses: [
      { type: "InternalIP", address: id.nodeIP },
      { type: "Hostname", address: id.nodeName },
    ],
    daemonEndpoints: { kubeletEndpoint: { Port: id.kubeletPort ?? KUBELET_PORT } },
    nodeInfo: {
      machineID: simMachineID(id.nodeName),
      systemUUID: simSystemUUID(id.nodeName),
      bootID: bootId,
      kernelVersion: "6.8.0-skiff",
      osImage: "Skiff sim node",
      containerRuntimeVersion: CONTAINER_RUNTIME_VERSION,
      kubeletVersion: KUBELET_VERSION,
      // Deprecated; kubelets leave it empty since DisableNodeKubeProxyVersion went GA (1.33).
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
