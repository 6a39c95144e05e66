/**
 * The pod's hostname, domain and managed /etc/hosts (upstream's
 * GeneratePodHostNameAndDomain and managedHostsFileContent).
 *
 *   # Kubernetes-managed hosts file.
 *   127.0.0.1	localhost
 *   ::1	localhost ip6-localhost ip6-loopback
 *   fe00::0	ip6-localnet
 *   fe00::0	ip6-mcastprefix
 *   fe00::1	ip6-allnodes
 *   fe00::2	ip6-allrouters
 *   10.244.1.5	web-0.nginx.default.svc.cluster.local	web-0
 *
 *   # Entries added by HostAliases.
 *   127.0.0.1	foo.local	bar.local
 */
import type { Pod } from "../../api/core/pod-types.js";

export const CLUSTER_DOMAIN = "cluster.local";
const MAX_HOSTNAME = 63;

/** The hostname (spec.hostname, else the pod's name, cut to 63 characters without a trailing - or .) and the subdomain's domain. */
export function podHostnameAndDomain(pod: Pod, clusterDomain = CLUSTER_DOMAIN): { hostname: string; domain?: string } {
  let hostname = pod.spec?.hostname || pod.metadata?.name || "";
  if (hostname.length > MAX_HOSTNAME) hostname = hostname.slice(0, MAX_HOSTNAME).replace(/[-.]+$/, "");
  const sub = pod.spec?.subdomain;
  return { hostname, domain: sub ? `${sub}.${pod.metadata?.namespace}.svc.${clusterDomain}` : undefined };
}

/** The sandbox's hostname: the FQDN when setHostnameAsFQDN asks for it (at most 64 characters, as upstream). */
export function sandboxHostname(pod: Pod, clusterDomain = CLUSTER_DOMAIN): string {
  const { hostname, domain } = podHostnameAndDomain(pod, clusterDomain);
  if (!pod.spec?.setHostnameAsFQDN || !domain) return hostname;
  const fqdn = `${hostname}.${domain}`;
  if (fqdn.length > 64) throw new Error(`failed to construct FQDN from pod hostname and cluster domain, FQDN ${fqdn} is too long (64 characters is the max, ${fqdn.length} characters requested)`);
  return fqdn;
}

export function managedHostsFile(pod: Pod, podIPs: string[], clusterDomain = CLUSTER_DOMAIN): string {
  const { hostname, domain } = podHostnameAndDomain(pod, clusterDomain);
  const lines = [
    "# Kubernetes-managed hosts file.",
    "127.0.0.1\tlocalhost",
    "::1\tlocalhost ip6-localhost ip6-loopback",
    "fe00::0\tip6-localnet",
    "fe00::0\tip6-mcastprefix",
    "fe00::1\tip6-allnodes",
    "fe00::2\tip6-allrouters",
  ];
  for (const ip of podIPs) lines.push(domain ? `${ip}\t${hostname}.${domain}\t${hostname}` : `${ip}\t${hostname}`);
  let out = lines.join("\n") + "\n";
  const aliases = pod.spec?.hostAliases ?? [];
  if (aliases.length) {
    out += "\n# Entries added by HostAliases.\n";
    for (const a of aliases) out += `${a.ip}\t${(a.hostnames ?? []).join("\t")}\n`;
  }
  return out;
}
