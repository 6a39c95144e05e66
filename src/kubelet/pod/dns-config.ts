/**
 * The resolv.conf the runtime writes for a pod (upstream's
 * pkg/kubelet/network/dns GetPodDNS), from its dnsPolicy:
 *   ClusterFirst (not host network), ClusterFirstWithHostNet: the cluster DNS
 *     servers, searches <ns>.svc.<domain> svc.<domain> <domain> then the
 *     node's, options ndots:5;
 *   Default, and ClusterFirst on the host network: the node's resolv.conf;
 *   None: nothing but the pod's dnsConfig.
 * The pod's dnsConfig is then merged in: servers and searches appended
 * without duplicates, options by name (the pod's win).
 */
import type { Pod } from "../../api/core/pod-types.js";
import type { DNSConfig } from "../runtime/runtime.js";
import { CLUSTER_DOMAIN } from "./hosts-file.js";

export interface DnsSettings {
  /** --cluster-dns. */
  clusterDNS: string[];
  /** --cluster-domain. */
  clusterDomain?: string;
  /** The node's own resolv.conf (--resolv-conf). */
  hostDNS: DNSConfig;
}

/** The cluster DNS address kubeadm configures: the 10th address of the service CIDR (10.96.0.10 for 10.96.0.0/12). */
export function defaultClusterDNS(serviceCIDR = "10.96.0.0/12"): string {
  const [base] = serviceCIDR.split("/");
  if (base.includes(":")) return base.replace(/::?$/, "") + "::a";
  const n = base.split(".").reduce((acc, o) => acc * 256 + Number(o), 0) + 10;
  return [24, 16, 8, 0].map((s) => Math.floor(n / 2 ** s) % 256).join(".");
}

const unique = (xs: string[]) => [...new Set(xs)];

export function podDNSConfig(pod: Pod, s: DnsSettings): DNSConfig {
  const policy = pod.spec?.dnsPolicy ?? "ClusterFirst";
  const domain = s.clusterDomain ?? CLUSTER_DOMAIN;
  const hostNet = pod.spec?.hostNetwork ?? false;
  let cfg: DNSConfig;
  if (policy === "None") cfg = { servers: [], searches: [], options: [] };
  else if (policy === "ClusterFirstWithHostNet" || (policy === "ClusterFirst" && !hostNet)) {
    const ns = pod.metadata?.namespace ?? "default";
    cfg = { servers: [...s.clusterDNS], searches: unique([`${ns}.svc.${domain}`, `svc.${domain}`, domain, ...s.hostDNS.searches]), options: ["ndots:5"] };
  } else cfg = { servers: [...s.hostDNS.servers], searches: [...s.hostDNS.searches], options: [...s.hostDNS.options] };
  const extra = pod.spec?.dnsConfig;
  if (!extra) return cfg;
  const options = new Map(cfg.options.map((o) => [o.split(":")[0], o]));
  for (const o of extra.options ?? []) options.set(o.name ?? "", o.value !== undefined ? `${o.name}:${o.value}` : (o.name ?? ""));
  return {
    servers: unique([...cfg.servers, ...(extra.nameservers ?? [])]),
    searches: unique([...cfg.searches, ...(extra.searches ?? [])]),
    options: [...options.values()],
  };
}
