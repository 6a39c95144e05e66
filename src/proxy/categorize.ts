/**
 * Which endpoints a node sends a service port's traffic to (upstream's
 * CategorizeEndpoints): ready endpoints (narrowed by topology hints when
 * every ready endpoint has one and one matches this node), else serving
 * terminating ones, for Cluster policy; the node's own ready (else serving
 * terminating) endpoints for Local policy.
 */
import type { EndpointInfo } from "./endpoints.js";
import { usesClusterEndpoints, usesLocalEndpoints, type ServicePortInfo } from "./service-ports.js";

export const ZONE_LABEL = "topology.kubernetes.io/zone";

export interface NodeIdentity {
  readonly nodeName: string;
  readonly nodeLabels?: Readonly<Record<string, string>>;
}

export interface Categorized {
  cluster: EndpointInfo[];
  local: EndpointInfo[];
  allReachable: EndpointInfo[];
  hasAny: boolean;
}

type Topology = { kind: "node"; name: string } | { kind: "zone"; name: string } | undefined;

/** Node hints first (PreferSameNode), then zone hints, as upstream's topologyModeFromHints. */
function topologyFromHints(endpoints: readonly EndpointInfo[], node: NodeIdentity): Topology {
  const zone = node.nodeLabels?.[ZONE_LABEL] ?? "";
  let allNode = true;
  let forNode = false;
  let allZone = true;
  let forZone = false;
  let anyReady = false;
  for (const ep of endpoints) {
    if (!ep.ready) continue;
    anyReady = true;
    if (!ep.nodeHints.length) allNode = false;
    else if (ep.nodeHints.includes(node.nodeName)) forNode = true;
    if (!ep.zoneHints.length) allZone = false;
    else if (zone && ep.zoneHints.includes(zone)) forZone = true;
  }
  if (!anyReady) return undefined;
  if (allNode && forNode) return { kind: "node", name: node.nodeName };
  if (allZone && forZone) return { kind: "zone", name: zone };
  return undefined;
}

/** Whether the answer for this service port can differ from node to node. */
export function dependsOnNode(sp: ServicePortInfo, endpoints: readonly EndpointInfo[]): boolean {
  if (usesLocalEndpoints(sp)) return true;
  // allowFromNode in the firewall chain compares source ranges with the node's IP.
  if (sp.loadBalancerIPs.length && sp.loadBalancerSourceRanges.length) return true;
  return endpoints.some((ep) => ep.ready && (ep.zoneHints.length > 0 || ep.nodeHints.length > 0));
}

export function categorizeEndpoints(endpoints: readonly EndpointInfo[], sp: ServicePortInfo, node: NodeIdentity): Categorized {
  const isLocal = (ep: EndpointInfo) => node.nodeName !== "" && ep.nodeName === node.nodeName;
  let cluster: EndpointInfo[] = [];
  let hasAny = false;
  let topology: Topology;
  if (usesClusterEndpoints(sp)) {
    topology = topologyFromHints(endpoints, node);
    cluster = endpoints.filter((ep) => ep.ready && (!topology || (topology.kind === "node" ? ep.nodeHints.includes(topology.name) : ep.zoneHints.includes(topology.name))));
    if (!cluster.length) cluster = endpoints.filter((ep) => ep.serving && ep.terminating);
    if (cluster.length) hasAny = true;
  }
  if (!usesLocalEndpoints(sp)) return { cluster, local: [], allReachable: cluster, hasAny };

  let localReady = false;
  let localServingTerminating = false;
  for (const ep of endpoints) {
    if (ep.ready) {
      hasAny = true;
      if (isLocal(ep)) localReady = true;
    } else if (ep.serving && ep.terminating) {
      hasAny = true;
      if (isLocal(ep)) localServingTerminating = true;
    }
  }
  let local: EndpointInfo[] = [];
  let useServingTerminating = false;
  if (localReady) local = endpoints.filter((ep) => isLocal(ep) && ep.ready);
  else if (localServingTerminating) {
    useServingTerminating = true;
    local = endpoints.filter((ep) => isLocal(ep) && ep.serving && ep.terminating);
  }
  if (!usesClusterEndpoints(sp)) return { cluster, local, allReachable: local, hasAny };
  if (!topology && !useServingTerminating) return { cluster, local, allReachable: cluster, hasAny };
  const merged = new Map<string, EndpointInfo>();
  for (const ep of cluster) merged.set(ep.endpoint, ep);
  for (const ep of local) merged.set(ep.endpoint, ep);
  return { cluster, local, allReachable: [...merged.values()], hasAny };
}
