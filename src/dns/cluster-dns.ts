/**
 * The cluster DNS server's resolver, without sockets: the plugin chain of
 * kubeadm's Corefile in one function. A question in the cluster zone (or a
 * reverse name the cluster knows) is answered from the cluster's objects;
 * anything else goes to the host's resolvers through the cache. Then, as
 * the `loadbalance` plugin does, address records are put in random order.
 *
 * Example:
 *   const dns = createClusterDns({ view, clock });
 *   const r = await dns.lookup({ type: "A", name: "kubernetes.default.svc.cluster.local" });
 *   // r.answers: [{ type: "A", name: ..., ttl: 30, data: "10.96.0.1" }]
 */
import type { Answer, Question } from "dns-packet";
import type { Clock } from "../util/clock.js";
import { createAnswerCache, type AnswerCache } from "./answer-cache.js";
import type { ClusterView } from "./cluster-view.js";
import { answerFromCluster, DEFAULT_TTL, inClusterZones, type ClusterZoneOptions } from "./cluster-records.js";
import { createForwarder, hostUpstreams, type Upstream } from "./forwarder.js";
import type { DnsResult } from "./result.js";

export const DEFAULT_CLUSTER_DOMAIN = "cluster.local";

export interface ClusterDnsOptions {
  view: ClusterView;
  clock: Clock;
  /** --cluster-domain (default cluster.local). */
  clusterDomain?: string;
  /** The kubernetes plugin's ttl (default 5; kubeadm's Corefile says 30). */
  ttl?: number;
  pods?: ClusterZoneOptions["pods"];
  /** Where names outside the cluster go (default: the nameservers of /etc/resolv.conf). */
  upstreams?: Upstream[];
  /** How long an upstream has to answer. */
  upstreamTimeoutMs?: number;
  /** Random order of address records (`loadbalance`); default true. */
  loadbalance?: boolean;
  random?: () => number;
}

export interface ClusterDns {
  readonly clusterDomain: string;
  /** The answer to one question, as the server would send it. */
  lookup(q: Question): Promise<DnsResult>;
  /** Whether the cluster's objects are in (CoreDNS's /ready). */
  ready(): boolean;
}

export function createClusterDns(o: ClusterDnsOptions): ClusterDns {
  const clusterDomain = (o.clusterDomain ?? DEFAULT_CLUSTER_DOMAIN).replace(/\.$/, "").toLowerCase();
  const random = o.random ?? Math.random;
  const forwarder = createForwarder({ upstreams: o.upstreams ?? hostUpstreams(), clock: o.clock, timeoutMs: o.upstreamTimeoutMs, random });
  const cache: AnswerCache = createAnswerCache({ clock: o.clock });
  const forward = async (q: Question): Promise<DnsResult> => {
    const cached = cache.get(q);
    if (cached) return cached;
    const result = await forwarder.forward(q);
    cache.set(q, result);
    return result;
  };
  const zone: ClusterZoneOptions = {
    zone: clusterDomain,
    ttl: o.ttl ?? DEFAULT_TTL,
    view: o.view,
    pods: o.pods ?? "insecure",
    dnsService: { namespace: "kube-system", name: "kube-dns" },
    resolve: (q) => lookup(q),
  };
  const shuffle = (records: Answer[]): Answer[] => {
    if (o.loadbalance === false) return records;
    // Only the address records move, among the places they already hold (CNAMEs stay first).
    const places = records.flatMap((r, i) => (r.type === "A" || r.type === "AAAA" ? [i] : []));
    const moved = places.map((i) => records[i]);
    for (let i = moved.length - 1; i > 0; i--) {
      const j = Math.floor(random() * (i + 1));
      [moved[i], moved[j]] = [moved[j], moved[i]];
    }
    const out = [...records];
    places.forEach((p, k) => (out[p] = moved[k]));
    return out;
  };
  async function lookup(q: Question): Promise<DnsResult> {
    let result: DnsResult | undefined;
    if (inClusterZones(q.name, clusterDomain)) result = await answerFromCluster(q, zone);
    result ??= await forward(q);
    return { ...result, answers: shuffle(result.answers) };
  }
  return { clusterDomain, lookup, ready: () => o.view.synced() };
}
