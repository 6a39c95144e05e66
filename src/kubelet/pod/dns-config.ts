/**
 * The resolv.conf the runtime writes for a pod (upstream's
 * pkg/kubelet/network/dns GetPodDNS), from its dnsPolicy:
 *   ClusterFirst (not host network), ClusterFirstWithHostNet: the cluster DNS
 *     servers, searches <ns>.svc.<domain> svc.<domain> <domain> then the
 *     node's (the node's alone when --cluster-domain is empty), options
 *     ndots:5; without --cluster-dns the pod falls back to Default, with a
 *     MissingClusterDNS warning on the pod;
 *   Default, and ClusterFirst on the host network: the node's resolv.conf;
 *   None: nothing but the pod's dnsConfig.
 * The pod's dnsConfig is then merged in: servers and searches appended
 * without duplicates, options by name (the pod's win). Last, the limits
 * glibc and upstream's validation set: at most 3 nameservers, at most 32
 * search domains, none longer than 253 characters, the search line at
 * most 2048 characters; what is cut is reported as a DNSConfigForming
 * warning with the line applied, in upstream's words.
 */
import type { Pod } from "../../api/core/pod-types.js";
import type { DNSConfig } from "../runtime/runtime.js";
import { CLUSTER_DOMAIN } from "./hosts-file.js";

export interface DnsSettings {
  /** --cluster-dns. */
  clusterDNS: string[];
  /** --cluster-domain; "" leaves the cluster's search domains out, undefined is cluster.local. */
  clusterDomain?: string;
  /** The node's own resolv.conf (--resolv-conf). */
  hostDNS: DNSConfig;
  /** Where a warning about the pod's DNS goes (the kubelet's event recorder: reason MissingClusterDNS or DNSConfigForming). */
  warn?: (pod: Pod, reason: "MissingClusterDNS" | "DNSConfigForming", message: string) => void;
}

/** Upstream's validation.MaxDNSNameservers, MaxDNSSearchPaths and MaxDNSSearchListChars. */
export const MAX_DNS_NAMESERVERS = 3;
export const MAX_DNS_SEARCH_PATHS = 32;
export const MAX_DNS_SEARCH_LIST_CHARS = 2048;
/** A search domain longer than a DNS-1123 subdomain makes some glibc versions abort; upstream drops it. */
const MAX_SEARCH_DOMAIN_LENGTH = 253;

/** The cluster DNS address kubeadm configures: the 10th address of the service CIDR (10.96.0.10 for 10.96.0.0/12). */
export function defaultClusterDNS(serviceCIDR = "10.96.0.0/12"): string {
  const [base] = serviceCIDR.split("/");
  if (base.includes(":")) return base.replace(/::?$/, "") + "::a";
  const n = base.split(".").reduce((acc, o) => acc * 256 + Number(o), 0) + 10;
  return [24, 16, 8, 0].map((s) => Math.floor(n / 2 ** s) % 256).join(".");
}

const unique = (xs: string[]) => [...new Set(xs)];

/** Which of upstream's three cases the policy is: cluster, host or none. */
function dnsType(pod: Pod): "cluster" | "host" | "none" {
  const policy = pod.spec?.dnsPolicy ?? "ClusterFirst";
  if (policy === "None") return "none";
  if (policy === "ClusterFirstWithHostNet") return "cluster";
  if (policy === "ClusterFirst" && !pod.spec?.hostNetwork) return "cluster";
  return "host";
}

export function podDNSConfig(pod: Pod, s: DnsSettings): DNSConfig {
  const domain = s.clusterDomain ?? CLUSTER_DOMAIN;
  let type = dnsType(pod);
  if (type === "cluster" && s.clusterDNS.length === 0) {
    const message = `kubelet does not have ClusterDNS IP configured and cannot create Pod using "ClusterFirst" policy. Falling back to "Default" policy.`;
    s.warn?.(pod, "MissingClusterDNS", `pod: "${pod.metadata?.name}_${pod.metadata?.namespace}(${pod.metadata?.uid ?? ""})". ${message}`);
    type = "host";
  }
  let cfg: DNSConfig;
  if (type === "none") cfg = { servers: [], searches: [], options: [] };
  else if (type === "cluster") {
    const ns = pod.metadata?.namespace ?? "default";
    const cluster = domain ? [`${ns}.svc.${domain}`, `svc.${domain}`, domain] : [];
    cfg = { servers: [...s.clusterDNS], searches: unique([...cluster, ...s.hostDNS.searches]), options: ["ndots:5"] };
  } else cfg = { servers: [...s.hostDNS.servers], searches: [...s.hostDNS.searches], options: [...s.hostDNS.options] };
  const extra = pod.spec?.dnsConfig;
  if (extra) {
    const options = new Map(cfg.options.map((o) => [o.split(":")[0], o]));
    for (const o of extra.options ?? []) options.set(o.name ?? "", o.value !== undefined ? `${o.name}:${o.value}` : (o.name ?? ""));
    cfg = {
      servers: unique([...cfg.servers, ...(extra.nameservers ?? [])]),
      searches: unique([...cfg.searches, ...(extra.searches ?? [])]),
      options: [...options.values()],
    };
  }
  return fitLimits(cfg, (message) => s.warn?.(pod, "DNSConfigForming", message));
}

/** upstream's formDNSConfigFitsLimits: cut nameservers and search domains to what resolvers accept, saying what was applied. */
function fitLimits(cfg: DNSConfig, warn: (message: string) => void): DNSConfig {
  let servers = cfg.servers;
  if (servers.length > MAX_DNS_NAMESERVERS) {
    servers = servers.slice(0, MAX_DNS_NAMESERVERS);
    warn(`Nameserver limits were exceeded, some nameservers have been omitted, the applied nameserver line is: ${servers.join(" ")}`);
  }
  let searches = cfg.searches;
  let exceeded = false;
  if (searches.length > MAX_DNS_SEARCH_PATHS) {
    searches = searches.slice(0, MAX_DNS_SEARCH_PATHS);
    exceeded = true;
  }
  const fitting = searches.filter((d) => d.length <= MAX_SEARCH_DOMAIN_LENGTH);
  if (fitting.length !== searches.length) exceeded = true;
  searches = fitting;
  // Drop domains from the end until the line fits.
  let line = searches.join(" ").length;
  if (line > MAX_DNS_SEARCH_LIST_CHARS) {
    exceeded = true;
    while (searches.length && line > MAX_DNS_SEARCH_LIST_CHARS) {
      line -= searches[searches.length - 1].length + 1;
      searches = searches.slice(0, -1);
    }
  }
  if (exceeded) warn(`Search Line limits were exceeded, some search paths have been omitted, the applied search line is: ${searches.join(" ")}`);
  return { servers, searches, options: cfg.options };
}
