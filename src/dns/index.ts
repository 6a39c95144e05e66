/**
 * Cluster DNS: a DNS server for the cluster domain answering as CoreDNS's
 * kubernetes plugin does, forwarding other names to the host's resolvers;
 * the kube-dns add-on's objects; and resolution as a pod's resolver does it.
 */
export { createClusterDns, DEFAULT_CLUSTER_DOMAIN, type ClusterDns, type ClusterDnsOptions } from "./cluster-dns.js";
export { staticClusterView, type ClusterView, type StaticClusterObjects } from "./cluster-view.js";
export { watchClusterView } from "./informer-view.js";
export { DEFAULT_TTL, DNS_SCHEMA_VERSION } from "./cluster-records.js";
export { serveDns, type RunningDnsServer, type DnsServerAddress } from "./server.js";
export { answerQuery } from "./wire.js";
export { resolveForPod, type DnsExchange, type PodResolution } from "./pod-resolver.js";
export { parseResolvConf, renderResolvConf, ndotsOf, type ResolvConf } from "./resolv-conf.js";
export { createForwarder, hostUpstreams, type Upstream } from "./forwarder.js";
export type { DnsResult, Rcode } from "./result.js";
export { dnsAddonObjects, corefile, isDnsServerPod, COREDNS_IMAGE, COREDNS_VERSION, COREFILE_TTL, DNS_NAMESPACE, DNS_SERVICE_NAME, DNS_DEPLOYMENT_NAME, type DnsAddonOptions } from "./addon.js";
export { corednsProgram } from "./sim-program.js";
export { startClusterDnsServer, COREDNS_USER, type RunningClusterDns, type ClusterDnsComponentOptions } from "./run.js";

import type { Question } from "dns-packet";
import type { ClusterDns } from "./cluster-dns.js";
import type { DnsResult } from "./result.js";

/** The in-process question-to-answer call: what a query to the server gets back. */
export function lookup(dns: ClusterDns, question: Question): Promise<DnsResult> {
  return dns.lookup(question);
}
