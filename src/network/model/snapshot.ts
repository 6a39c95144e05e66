/**
 * What the simulated network is made of at one moment: nodes, pods, the
 * VPC route table, the security groups, the API server's address, and
 * each node's NAT rules (from a supplier: kube-proxy's iptables-save text).
 * Built from listers or from API lists; the model is a pure function of it.
 */
import type { Node, Pod } from "kubernetes-types/core/v1.js";
import type { RouteObject } from "../../api/network/routes.js";
import type { SecurityGroupObject } from "../../api/network/security-groups.js";
import { parseIptablesSave, withKubeProxyJumps, type Ruleset } from "../iptables/index.js";
import type { Protocol } from "../iptables/index.js";

/** The nodes' NAT rules as kube-proxy renders them: iptables-save text, or undefined when none are known. */
export interface NatTableSupplier {
  natTable(nodeName: string): string | undefined;
}

/** A socket listening outside the pods' declared ports (a sim kubelet's server, an aggregated API's listener). */
export type ListenerLookup = (address: string, port: number, protocol: Protocol) => boolean;

export interface NetworkSnapshot {
  nodes: Node[];
  pods: Pod[];
  routes: RouteObject[];
  securityGroups: SecurityGroupObject[];
  /** The API server as the nodes see it (its advertise address and secure port). */
  apiServer?: { address: string; port: number };
  /** --cluster-cidr: where pod addresses come from (to tell a missing route from an outside address). */
  clusterCIDR?: string;
  /** --service-cidr: ClusterIPs, which only NAT rules make reachable. */
  serviceCIDR?: string;
  nat?: NatTableSupplier;
  listening?: ListenerLookup;
}

/** The snapshot indexed for lookups; rules are parsed once per node. */
export interface NetworkView {
  snapshot: NetworkSnapshot;
  node(name: string): Node | undefined;
  /** The node owning an address (InternalIP or ExternalIP). */
  nodeByAddress(address: string): Node | undefined;
  /** The pod (not hostNetwork) holding a pod IP. */
  podByIP(address: string): Pod | undefined;
  /** The node's addresses, InternalIP first. */
  addressesOf(node: Node): string[];
  /** The node's parsed NAT (and filter) rules; undefined when the supplier has none. */
  rules(nodeName: string): Ruleset | undefined;
  /** The hostNetwork pods on a node. */
  hostNetworkPods(nodeName: string): Pod[];
}

export function createNetworkView(snapshot: NetworkSnapshot): NetworkView {
  const nodes = new Map(snapshot.nodes.map((n) => [n.metadata!.name!, n]));
  const byAddress = new Map<string, Node>();
  for (const n of snapshot.nodes) for (const a of addressesOf(n)) if (!byAddress.has(a)) byAddress.set(a, n);
  const byIP = new Map<string, Pod>();
  const hostNetwork = new Map<string, Pod[]>();
  for (const p of snapshot.pods) {
    if (p.spec?.hostNetwork) {
      const name = p.spec.nodeName;
      if (name) hostNetwork.set(name, [...(hostNetwork.get(name) ?? []), p]);
      continue;
    }
    const ips = p.status?.podIPs?.map((i) => i.ip!) ?? (p.status?.podIP ? [p.status.podIP] : []);
    // A terminated pod's IP may be reused: the running one wins.
    for (const ip of ips) if (!byIP.has(ip) || p.status?.phase === "Running") byIP.set(ip, p);
  }
  const parsed = new Map<string, Ruleset | undefined>();
  return {
    snapshot,
    node: (name) => nodes.get(name),
    nodeByAddress: (a) => byAddress.get(a),
    podByIP: (a) => byIP.get(a),
    addressesOf,
    hostNetworkPods: (name) => hostNetwork.get(name) ?? [],
    rules(nodeName) {
      if (!parsed.has(nodeName)) {
        const text = snapshot.nat?.natTable(nodeName);
        parsed.set(nodeName, text === undefined ? undefined : withKubeProxyJumps(parseIptablesSave(text)));
      }
      return parsed.get(nodeName);
    },
  };
}

function addressesOf(node: Node): string[] {
  const addrs = node.status?.addresses ?? [];
  const pick = (type: string) => addrs.filter((a) => a.type === type).map((a) => a.address);
  return [...pick("InternalIP"), ...pick("ExternalIP")];
}

export function podCIDRsOf(node: Node): string[] {
  if (node.spec?.podCIDRs?.length) return node.spec.podCIDRs;
  return node.spec?.podCIDR ? [node.spec.podCIDR] : [];
}

export function kubeletPortOf(node: Node): number {
  return node.status?.daemonEndpoints?.kubeletEndpoint?.Port ?? 10250;
}

export function podName(p: Pod): string {
  return `${p.metadata?.namespace ?? "default"}/${p.metadata?.name ?? ""}`;
}
