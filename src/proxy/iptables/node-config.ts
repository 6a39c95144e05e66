/**
 * What a node's rules depend on besides Services and EndpointSlices, with
 * upstream kube-proxy's defaults: masquerade bit 14, masqueradeAll off,
 * NodePorts on localhost allowed, MASQUERADE --random-fully (iptables has
 * had it since 1.6.2), conntrack not liberal.
 */
import type { IPFamily } from "../service-ports.js";

export interface ProxyNodeConfig {
  readonly nodeName: string;
  /** The node's addresses (cached by the caller, S10): used by LoadBalancer source ranges. */
  readonly nodeIPs?: readonly string[];
  /** The cluster's pod CIDR; traffic from outside it to a ClusterIP is masqueraded. Empty: no local-traffic detection. */
  readonly clusterCIDR?: string;
  readonly nodeLabels?: Readonly<Record<string, string>>;
  readonly masqueradeBit?: number;
  readonly masqueradeAll?: boolean;
  readonly localhostNodePorts?: boolean;
  readonly randomFully?: boolean;
  readonly conntrackTCPLiberal?: boolean;
  readonly ipFamily?: IPFamily;
}

export interface ResolvedNodeConfig {
  readonly nodeName: string;
  readonly nodeIPs: readonly string[];
  readonly clusterCIDR: string;
  readonly nodeLabels: Readonly<Record<string, string>>;
  /** As upstream prints it: fmt.Sprintf("%#08x", 1<<bit), e.g. 0x00004000. */
  readonly masqueradeMark: string;
  readonly masqueradeAll: boolean;
  readonly localhostNodePorts: boolean;
  readonly randomFully: boolean;
  readonly conntrackTCPLiberal: boolean;
  readonly ipFamily: IPFamily;
}

/** Go's %#08x: zero-pads the digits to 8, then prefixes 0x. */
export function masqueradeMark(bit: number): string {
  return "0x" + (2 ** bit).toString(16).padStart(8, "0");
}

export function resolveNodeConfig(c: ProxyNodeConfig): ResolvedNodeConfig {
  const ipFamily = c.ipFamily ?? "IPv4";
  return {
    nodeName: c.nodeName,
    nodeIPs: c.nodeIPs ?? [],
    clusterCIDR: c.clusterCIDR ?? "",
    nodeLabels: c.nodeLabels ?? {},
    masqueradeMark: masqueradeMark(c.masqueradeBit ?? 14),
    masqueradeAll: c.masqueradeAll ?? false,
    // Localhost NodePorts exist only for IPv4, as upstream.
    localhostNodePorts: ipFamily === "IPv4" && (c.localhostNodePorts ?? true),
    randomFully: c.randomFully ?? true,
    conntrackTCPLiberal: c.conntrackTCPLiberal ?? false,
    ipFamily,
  };
}
