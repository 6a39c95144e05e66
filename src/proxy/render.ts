/**
 * renderIptables: a node's filter and nat tables in iptables-save format,
 * as a pure function of Services, EndpointSlices and the node's
 * configuration. `skiff node iptables` and the simulated network use it on
 * API objects; the kube-proxy component produces the same text from its
 * change-tracked state (proxy-rules.ts).
 *
 * Example:
 *   const { nat, filter } = renderIptables({ services, endpointSlices }, { nodeName: "node-1", clusterCIDR: "10.244.0.0/16" });
 */
import type { Service } from "kubernetes-types/core/v1.js";
import type { EndpointSlice } from "kubernetes-types/discovery/v1.js";
import { endpointsOfService, sliceServiceKey } from "./endpoints.js";
import { resolveNodeConfig, type ProxyNodeConfig } from "./iptables/node-config.js";
import { renderServicePort, type ServicePortRules } from "./iptables/service-rules.js";
import { buildTables, formatTable, type FormatOptions, type NodeTables } from "./iptables/tables.js";
import { servicePortKey, servicePorts } from "./service-ports.js";

export interface ProxyInputs {
  readonly services: Iterable<Service>;
  readonly endpointSlices: Iterable<EndpointSlice>;
}

/** Above this many endpoints upstream drops the per-endpoint comments ("large cluster mode"). */
export const LARGE_CLUSTER_ENDPOINTS = 1000;

const byKey = (a: string, b: string) => (a < b ? -1 : a > b ? 1 : 0);

/** The tables as a model (rules by chain), for callers that evaluate or compare them. */
export function renderNodeTables(inputs: ProxyInputs, nodeConfig: ProxyNodeConfig): NodeTables {
  const node = resolveNodeConfig(nodeConfig);
  const slicesByService = new Map<string, EndpointSlice[]>();
  for (const slice of inputs.endpointSlices) {
    const key = sliceServiceKey(slice);
    if (!key) continue;
    const list = slicesByService.get(key);
    if (list) list.push(slice);
    else slicesByService.set(key, [slice]);
  }
  const services = [...inputs.services].map((svc) => ({ key: `${svc.metadata?.namespace ?? ""}/${svc.metadata?.name ?? ""}`, ports: servicePorts(svc, node.ipFamily) }));
  services.sort((a, b) => byKey(a.key, b.key));
  const withEndpoints = services.map((s) => ({ ...s, endpoints: endpointsOfService(s.key, slicesByService.get(s.key) ?? [], node.ipFamily) }));
  let total = 0;
  for (const s of withEndpoints) for (const p of s.ports) total += s.endpoints.get(servicePortKey(p.name, p.protocol))?.length ?? 0;
  const large = total > LARGE_CLUSTER_ENDPOINTS;
  const rules: ServicePortRules[] = [];
  for (const s of withEndpoints) for (const p of s.ports) rules.push(renderServicePort(p, s.endpoints.get(servicePortKey(p.name, p.protocol)) ?? [], node, large));
  return buildTables(rules, node);
}

export function renderIptables(inputs: ProxyInputs, nodeConfig: ProxyNodeConfig, opts: FormatOptions = { builtins: true }): { nat: string; filter: string } {
  const tables = renderNodeTables(inputs, nodeConfig);
  return { nat: formatTable(tables.nat, opts), filter: formatTable(tables.filter, opts) };
}
