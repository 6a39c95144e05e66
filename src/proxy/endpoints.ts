/**
 * A Service's EndpointSlices as kube-proxy sees them: endpoints by service
 * port (upstream's EndpointSliceCache). Endpoints of the other IP family or
 * without an address are ignored, a duplicate address keeps its first
 * occurrence, and each list is sorted by "ip:port" as upstream sorts it.
 * Whether an endpoint is local depends on the node, so it is decided later
 * (categorize.ts) from nodeName, which keeps this shared by every node.
 */
import type { EndpointSlice } from "kubernetes-types/discovery/v1.js";
import { endpointChainName } from "./iptables/chain-names.js";
import { isIPv6, servicePortKey, type IPFamily } from "./service-ports.js";

export const SERVICE_NAME_LABEL = "kubernetes.io/service-name";

export interface EndpointInfo {
  readonly ip: string;
  readonly port: number;
  /** "ip:port" (brackets for IPv6), upstream's BaseEndpointInfo.String(). */
  readonly endpoint: string;
  readonly nodeName: string;
  readonly zone: string;
  readonly zoneHints: readonly string[];
  readonly nodeHints: readonly string[];
  readonly ready: boolean;
  readonly serving: boolean;
  readonly terminating: boolean;
  readonly chain: string;
}

/** Endpoints by service port key ("ns/name:port/TCP"). */
export type EndpointsByPort = Map<string, EndpointInfo[]>;

/** "ns/name" of the Service a slice belongs to, or undefined when it has no service-name label. */
export function sliceServiceKey(slice: EndpointSlice): string | undefined {
  const name = slice.metadata?.labels?.[SERVICE_NAME_LABEL];
  if (!name || !slice.metadata?.namespace || !slice.metadata.name) return undefined;
  return `${slice.metadata.namespace}/${name}`;
}

function joinHostPort(ip: string, port: number): string {
  return isIPv6(ip) ? `[${ip}]:${port}` : `${ip}:${port}`;
}

/** The endpoints of one Service from all its slices. */
export function endpointsOfService(serviceKey: string, slices: Iterable<EndpointSlice>, family: IPFamily = "IPv4"): EndpointsByPort {
  const byPort = new Map<string, Map<string, EndpointInfo>>();
  // Slices in name order: the first occurrence of a duplicate does not depend on arrival order.
  const sorted = [...slices].sort((a, b) => ((a.metadata?.name ?? "") < (b.metadata?.name ?? "") ? -1 : 1));
  for (const slice of sorted) {
    for (const p of slice.ports ?? []) {
      if (p.name === undefined || p.name === null || !p.port) continue;
      const name = p.name ? `${serviceKey}:${p.name}` : serviceKey;
      const protocol = p.protocol ?? "TCP";
      const key = servicePortKey(name, protocol);
      let set = byPort.get(key);
      if (!set) byPort.set(key, (set = new Map()));
      const lower = protocol.toLowerCase();
      for (const ep of slice.endpoints ?? []) {
        const ip = ep.addresses?.[0];
        if (!ip || isIPv6(ip) !== (family === "IPv6")) continue;
        const endpoint = joinHostPort(ip, p.port);
        if (set.has(endpoint)) continue;
        const c = ep.conditions ?? {};
        set.set(endpoint, {
          ip,
          port: p.port,
          endpoint,
          nodeName: ep.nodeName ?? "",
          zone: ep.zone ?? "",
          zoneHints: (ep.hints?.forZones ?? []).map((z) => z.name),
          nodeHints: ((ep.hints as { forNodes?: { name: string }[] } | undefined)?.forNodes ?? []).map((n) => n.name),
          ready: c.ready === undefined || c.ready === null || c.ready,
          serving: c.serving === undefined || c.serving === null || c.serving,
          terminating: c.terminating === true,
          chain: endpointChainName(name, lower, endpoint),
        });
      }
    }
  }
  const out: EndpointsByPort = new Map();
  for (const [key, set] of byPort) {
    if (!set.size) continue;
    out.set(key, [...set.values()].sort((a, b) => (a.endpoint < b.endpoint ? -1 : a.endpoint > b.endpoint ? 1 : 0)));
  }
  return out;
}
