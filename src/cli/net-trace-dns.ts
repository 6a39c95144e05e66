/**
 * `skiff net trace POD NAME:PORT`: the name resolved as the pod's own
 * resolver would resolve it. The pod's resolv.conf is the one its kubelet
 * writes (dnsPolicy, the kube-dns Service's address as --cluster-dns,
 * --cluster-domain); each query crosses the simulated network from the pod
 * to the nameserver on 53/UDP through its node's NAT rules, and is answered
 * by the cluster DNS's own code over the cluster's objects as read through
 * the API, only when it reaches a DNS server pod: the same path
 * (src/network/pod-network.ts) a sim container's wget takes.
 *
 * Example:
 *   resolve web from pod default/client: nameserver 10.96.0.10, search default.svc.cluster.local svc.cluster.local cluster.local, ndots:5
 *     A web.default.svc.cluster.local -> 10.96.0.10:53/UDP  REACHED pod kube-system/coredns-5d7c9-x2x8q: NOERROR 10.96.0.20
 *   web is web.default.svc.cluster.local: 10.96.0.20
 */
import type { Namespace, Pod, Service } from "kubernetes-types/core/v1.js";
import type { EndpointSlice } from "kubernetes-types/discovery/v1.js";
import type { KubeObject } from "../api/types.js";
import type { Pod as ApiPod } from "../api/core/pod-types.js";
import { ENDPOINTSLICES, NAMESPACES } from "../client/resources.js";
import type { Client } from "../client/types.js";
import { createClusterDns, DEFAULT_CLUSTER_DOMAIN, DNS_NAMESPACE, DNS_SERVICE_NAME, parseResolvConf, renderResolvConf, staticClusterView } from "../dns/index.js";
import { defaultClusterDNS, podDNSConfig } from "../kubelet/pod/dns-config.js";
import type { NetworkSnapshot } from "../network/model/index.js";
import { createPodNetwork, type PodLookupResult } from "../network/pod-network.js";
import { realClock } from "../util/clock.js";

export interface NameResolution {
  name: string;
  resolvConf: string;
  result: PodLookupResult;
}

/** The resolv.conf the pod's kubelet writes: the kube-dns Service's address (the service range's tenth otherwise) and the cluster domain. */
export function podResolvConf(pod: Pod, services: Service[], serviceCIDR: string | undefined, clusterDomain: string): string {
  const kubeDns = services.find((s) => s.metadata?.namespace === DNS_NAMESPACE && s.metadata?.name === DNS_SERVICE_NAME)?.spec?.clusterIP;
  const clusterDNS = kubeDns && kubeDns !== "None" ? kubeDns : defaultClusterDNS(serviceCIDR);
  const cfg = podDNSConfig(pod as ApiPod, { clusterDNS: [clusterDNS], clusterDomain, hostDNS: { servers: [], searches: [], options: [] } });
  return renderResolvConf(cfg);
}

export async function resolveFromPod(
  client: Client,
  view: { snapshot: NetworkSnapshot; services: Service[] },
  pod: Pod,
  name: string,
  opts: { clusterDomain?: string; random?: () => number },
): Promise<NameResolution> {
  const clusterDomain = opts.clusterDomain ?? DEFAULT_CLUSTER_DOMAIN;
  const [namespaces, endpointSlices] = await Promise.all([client.list<Namespace & KubeObject>(NAMESPACES, {}), client.list<EndpointSlice & KubeObject>(ENDPOINTSLICES, {})]);
  const dns = createClusterDns({
    view: staticClusterView({ namespaces: namespaces.items.map((n) => n.metadata!.name!), services: view.services, endpointSlices: endpointSlices.items }),
    clock: realClock,
    clusterDomain,
    random: opts.random,
  });
  const network = createPodNetwork({ snapshot: () => view.snapshot, dns, random: opts.random });
  const resolvConf = podResolvConf(pod, view.services, view.snapshot.serviceCIDR, clusterDomain);
  const result = await network.lookup({ namespace: pod.metadata!.namespace!, name: pod.metadata!.name! }, resolvConf, name);
  return { name, resolvConf, result };
}

/** The resolution as the trace prints it, before the connection's hops. */
export function formatResolution(r: NameResolution, from: string): string {
  const conf = parseResolvConf(r.resolvConf);
  const setup = [conf.servers.length ? `nameserver ${conf.servers.join(" ")}` : "no nameserver", conf.searches.length ? `search ${conf.searches.join(" ")}` : "", ...conf.options].filter(Boolean).join(", ");
  const out = [`resolve ${r.name} from ${from}: ${setup}`];
  for (const q of r.result.queries) {
    const v = q.verdict;
    const path = v.result === "REACHED" ? `REACHED ${v.target}` : `${v.result} at ${v.hop}: ${v.reason}`;
    const answer = q.rcode === undefined ? (v.result === "REACHED" ? ": not a DNS server, no answer" : "") : `: ${q.rcode}${q.addresses?.length ? ` ${q.addresses.join(" ")}` : ""}`;
    out.push(`  ${q.type} ${q.name} -> ${q.server}:53/UDP  ${path}${answer}`);
  }
  const res = r.result;
  if (res.ok) out.push(`${r.name} is ${res.name}: ${res.addresses.join(" ")}`);
  else if (res.status === "unreachable") out.push(`${r.name} does not resolve: no nameserver answered`);
  else if (res.status === "unknown") out.push(`${r.name} does not resolve: ${res.error}`);
  else out.push(`${r.name} does not resolve: ${res.status}`);
  return out.join("\n") + "\n";
}
