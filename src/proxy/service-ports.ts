/**
 * A Service as kube-proxy sees it: one ServicePortInfo per port of the
 * node's IP family, as upstream's ServiceChangeTracker builds them.
 * Headless and ExternalName Services, and Services without a cluster IP of
 * the family, have none. Chain names are computed once here, as upstream
 * stores them on its servicePortInfo.
 */
import type { Service } from "kubernetes-types/core/v1.js";
import { EXT_PREFIX, FW_PREFIX, SVC_PREFIX, SVL_PREFIX, servicePortChainName } from "./iptables/chain-names.js";

export type IPFamily = "IPv4" | "IPv6";

export interface ServicePortInfo {
  /** "ns/name", the key of the Service. */
  readonly service: string;
  /** "ns/name:port" (or "ns/name" for an unnamed port): upstream's ServicePortName.String(). */
  readonly name: string;
  /** Upper case, as in the API (TCP, UDP, SCTP). */
  readonly protocol: string;
  readonly clusterIP: string;
  readonly port: number;
  readonly nodePort: number;
  readonly externalIPs: readonly string[];
  readonly loadBalancerIPs: readonly string[];
  readonly loadBalancerSourceRanges: readonly string[];
  readonly healthCheckNodePort: number;
  readonly sessionAffinityClientIP: boolean;
  readonly stickyMaxAgeSeconds: number;
  readonly externalPolicyLocal: boolean;
  readonly internalPolicyLocal: boolean;
  readonly svcChain: string;
  readonly svlChain: string;
  readonly extChain: string;
  readonly fwChain: string;
}

/** The key of a service port and its endpoints: upstream's ServicePortName with its protocol. */
export function servicePortKey(name: string, protocol: string): string {
  return `${name}/${protocol}`;
}

export function isIPv6(ip: string): boolean {
  return ip.includes(":");
}

const ofFamily = (family: IPFamily) => (ip: string) => isIPv6(ip) === (family === "IPv6");

/** The cluster IP of the family, allowing Services written before ipFamilies existed. */
export function clusterIPOfFamily(svc: Service, family: IPFamily): string {
  const spec = svc.spec ?? {};
  if (!spec.ipFamilies?.length) {
    const ip = spec.clusterIP ?? "";
    if (!ip || ip === "None") return "";
    return ofFamily(family)(ip) ? ip : "";
  }
  const i = spec.ipFamilies.indexOf(family);
  return i >= 0 && i < (spec.clusterIPs?.length ?? 0) ? spec.clusterIPs![i] : "";
}

function shouldSkip(svc: Service): boolean {
  const ip = svc.spec?.clusterIP ?? "";
  return ip === "" || ip === "None" || svc.spec?.type === "ExternalName";
}

export function servicePorts(svc: Service, family: IPFamily = "IPv4"): ServicePortInfo[] {
  if (shouldSkip(svc)) return [];
  const clusterIP = clusterIPOfFamily(svc, family);
  if (!clusterIP) return [];
  const spec = svc.spec ?? {};
  const key = `${svc.metadata?.namespace ?? ""}/${svc.metadata?.name ?? ""}`;
  const type = spec.type ?? "ClusterIP";
  const externalPolicyLocal = (type === "LoadBalancer" || type === "NodePort") && spec.externalTrafficPolicy === "Local";
  const internalPolicyLocal = spec.internalTrafficPolicy === "Local";
  const affinity = spec.sessionAffinity === "ClientIP";
  const sticky = affinity ? (spec.sessionAffinityConfig?.clientIP?.timeoutSeconds ?? 10800) : 0;
  const inFamily = ofFamily(family);
  const externalIPs = (spec.externalIPs ?? []).filter(inFamily);
  const sourceRanges = (spec.loadBalancerSourceRanges ?? []).map((r) => r.trim()).filter((r) => inFamily(r.split("/")[0]));
  const lbIPs = (svc.status?.loadBalancer?.ingress ?? []).map((i) => i.ip ?? "").filter((ip) => ip !== "" && inFamily(ip));
  const healthCheckNodePort = type === "LoadBalancer" && externalPolicyLocal ? (spec.healthCheckNodePort ?? 0) : 0;
  return (spec.ports ?? []).map((p) => {
    const name = p.name ? `${key}:${p.name}` : key;
    const protocol = p.protocol ?? "TCP";
    const lower = protocol.toLowerCase();
    return {
      service: key,
      name,
      protocol,
      clusterIP,
      port: p.port,
      nodePort: p.nodePort ?? 0,
      externalIPs,
      loadBalancerIPs: lbIPs,
      loadBalancerSourceRanges: sourceRanges,
      healthCheckNodePort,
      sessionAffinityClientIP: affinity,
      stickyMaxAgeSeconds: sticky,
      externalPolicyLocal,
      internalPolicyLocal,
      svcChain: servicePortChainName(SVC_PREFIX, name, lower),
      svlChain: servicePortChainName(SVL_PREFIX, name, lower),
      extChain: servicePortChainName(EXT_PREFIX, name, lower),
      fwChain: servicePortChainName(FW_PREFIX, name, lower),
    };
  });
}

export function externallyAccessible(sp: ServicePortInfo): boolean {
  return sp.nodePort !== 0 || sp.loadBalancerIPs.length > 0 || sp.externalIPs.length > 0;
}

export function usesClusterEndpoints(sp: ServicePortInfo): boolean {
  return !sp.internalPolicyLocal || externallyAccessible(sp);
}

export function usesLocalEndpoints(sp: ServicePortInfo): boolean {
  return sp.internalPolicyLocal || (sp.externalPolicyLocal && externallyAccessible(sp));
}
