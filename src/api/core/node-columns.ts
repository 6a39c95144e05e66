/** The Node table, as upstream's printNode (the server prints the wide form). */
import type { TableColumn } from "../types.js";
import type { NodeObject } from "./nodes.js";
import { ageColumn } from "../printers.js";

const ROLE_PREFIX = "node-role.kubernetes.io/";
const ROLE_LABEL = "kubernetes.io/role";

/** "Ready", "NotReady", "Unknown", plus ",SchedulingDisabled" when cordoned. */
export function nodeStatus(node: NodeObject): string {
  const status: string[] = [];
  const ready = (node.status?.conditions ?? []).filter((c) => c.type === "Ready").pop();
  if (ready) status.push(ready.status === "True" ? "Ready" : "NotReady");
  if (!status.length) status.push("Unknown");
  if (node.spec?.unschedulable) status.push("SchedulingDisabled");
  return status.join(",");
}

/** Roles from node-role.kubernetes.io/<role> keys and the kubernetes.io/role value, sorted. */
export function nodeRoles(node: NodeObject): string {
  const roles = new Set<string>();
  for (const [k, v] of Object.entries(node.metadata.labels ?? {})) {
    if (k.startsWith(ROLE_PREFIX)) {
      const role = k.slice(ROLE_PREFIX.length);
      if (role) roles.add(role);
    } else if (k === ROLE_LABEL && v) roles.add(v);
  }
  return [...roles].sort().join(",") || "<none>";
}

function address(node: NodeObject, type: string): string {
  return (node.status?.addresses ?? []).find((a) => a.type === type)?.address ?? "<none>";
}

const orUnknown = (s: string | undefined) => s || "<unknown>";

export const nodeColumns: TableColumn<NodeObject>[] = [
  { name: "Status", type: "string", description: "The status of the node", cell: nodeStatus },
  { name: "Roles", type: "string", description: "The roles of the node", cell: nodeRoles },
  ageColumn<NodeObject>(),
  { name: "Version", type: "string", description: "Kubelet Version reported by the node.", cell: (n) => n.status?.nodeInfo?.kubeletVersion ?? "" },
  { name: "Internal-IP", type: "string", priority: 1, description: "List of addresses reachable to the node. Queried from cloud provider, if available.", cell: (n) => address(n, "InternalIP") },
  { name: "External-IP", type: "string", priority: 1, description: "List of addresses reachable to the node. Queried from cloud provider, if available.", cell: (n) => address(n, "ExternalIP") },
  { name: "OS-Image", type: "string", priority: 1, description: "OS Image reported by the node from /etc/os-release (e.g. Debian GNU/Linux 7 (wheezy)).", cell: (n) => orUnknown(n.status?.nodeInfo?.osImage) },
  { name: "Kernel-Version", type: "string", priority: 1, description: "Kernel Version reported by the node from 'uname -r' (e.g. 3.16.0-0.bpo.4-amd64).", cell: (n) => orUnknown(n.status?.nodeInfo?.kernelVersion) },
  { name: "Container-Runtime", type: "string", priority: 1, description: "ContainerRuntime Version reported by the node through runtime remote API (e.g. containerd://1.4.2).", cell: (n) => orUnknown(n.status?.nodeInfo?.containerRuntimeVersion) },
];
