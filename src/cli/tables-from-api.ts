/**
 * Nodes' iptables as their kube-proxy writes them, rendered from the API's
 * Services and EndpointSlices with kube-proxy's own renderer: what
 * `skiff node iptables` prints and what `skiff net trace` follows.
 */
import type { Node, Service } from "kubernetes-types/core/v1.js";
import type { EndpointSlice } from "kubernetes-types/discovery/v1.js";
import { ENDPOINTSLICES, SERVICES } from "../client/resources.js";
import type { Client } from "../client/types.js";
import type { NatTableSupplier } from "../network/model/index.js";
import { renderIptables } from "../proxy/index.js";

/** --cluster-cidr's default, as `skiff up` has it. */
export const DEFAULT_CLUSTER_CIDR = "10.244.0.0/16";

/** A node's filter and nat tables in iptables-save text. */
export interface RenderedTables {
  nat: string;
  filter: string;
}

export interface NodeTables {
  tables(node: Node): RenderedTables;
}

export async function readNodeTables(client: Client, clusterCIDR: string): Promise<NodeTables> {
  const [services, slices] = await Promise.all([client.list(SERVICES), client.list(ENDPOINTSLICES)]);
  const inputs = { services: services.items as unknown as Service[], endpointSlices: slices.items as unknown as EndpointSlice[] };
  return {
    tables(node) {
      const nodeIPs = (node.status?.addresses ?? []).filter((a) => a.type === "InternalIP" || a.type === "ExternalIP").map((a) => a.address);
      return renderIptables(inputs, { nodeName: node.metadata?.name ?? "", nodeIPs, nodeLabels: node.metadata?.labels ?? {}, clusterCIDR });
    },
  };
}

/** The nat table of each of the given nodes, rendered on first ask. */
export function natSupplier(nodeTables: NodeTables, nodes: Node[]): NatTableSupplier {
  const byName = new Map(nodes.map((n) => [n.metadata?.name ?? "", n]));
  const rendered = new Map<string, string>();
  return {
    natTable(nodeName) {
      const node = byName.get(nodeName);
      if (!node) return undefined;
      let nat = rendered.get(nodeName);
      if (nat === undefined) rendered.set(nodeName, (nat = nodeTables.tables(node).nat));
      return nat;
    },
  };
}
