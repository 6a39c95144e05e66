/**
 * A sim pod's network namespace, as its programs see it. A name resolves
 * through the container's /etc/hosts first (localhost, the pod's own
 * hostname), then, with the cluster's network at hand, through the pod's
 * resolv.conf and cluster DNS, each query crossing the simulated network
 * (src/network/pod-network.ts, the same path `sim.skiff.dev/depends-on`
 * takes). Loopback and the pod's own IP reach what the pod's containers
 * listen on (web-server.ts); any other address is reached through the
 * simulated network (kube-proxy's DNAT picks a Service's endpoint, routes
 * and security groups apply), and what answers is the destination pod's
 * own listener, wherever its sim runtime runs.
 *
 * The network is read through informers that start on first use: until
 * they have listed, a lookup or connect waits for them (up to the
 * resolver's timeout), as a real pod never sees a network that is not
 * there yet.
 *
 * Without the cluster's network (a runtime on its own, in tests), other
 * names do not resolve and other addresses have no route.
 */
import type { Question, RecordType } from "dns-packet";
import type { PodConnectResult, PodLookupResult, PodNetwork, PodRef } from "../../../network/pod-network.js";
import { NetError, type DnsReply, type NameLookup, type NetRequest, type NetResponse, type ShellNetwork } from "./shell/types.js";

type Handler = (req: NetRequest) => NetResponse;

/** The cluster's network as one pod's programs use it. */
export interface ClusterNetwork {
  lookup(from: PodRef, resolvConf: string, host: string): Promise<PodLookupResult>;
  connect(from: PodRef, address: string, port: number): PodConnectResult;
  query: PodNetwork["query"];
}

export interface PodNetworkOptions {
  /** The pod's IP, when the sandbox has one. */
  podIP?: string;
  /** The container's /etc/hosts, read when a name is looked up. */
  hostsFile(): string | undefined;
  /** What listens on the pod's port, or undefined when nothing does. */
  listener(port: number): Handler | undefined;
  /** The cluster's network, the pod (namespace and name) and its container's resolv.conf. */
  cluster?: {
    network: ClusterNetwork;
    pod: PodRef;
    resolvConf(): string;
    /** What listens on a pod's port, wherever the pod runs; undefined when nothing does (or the pod is not a sim pod). */
    podListener(pod: PodRef, port: number): Handler | undefined;
    /** Waits on the runtime's clock, while the network is not known yet. */
    wait(ms: number): Promise<void>;
  };
}

const IPV4 = /^\d{1,3}(\.\d{1,3}){3}$/;

/** The first address /etc/hosts gives a name, IPv4 first as getaddrinfo orders them. */
export function hostsLookup(hosts: string, name: string): string | undefined {
  const found: string[] = [];
  for (const line of hosts.split("\n")) {
    const [address, ...names] = line.replace(/#.*/, "").trim().split(/\s+/);
    if (address && names.some((n) => n.toLowerCase() === name.toLowerCase())) found.push(address);
  }
  return found.find((a) => IPV4.test(a)) ?? found[0];
}

/** musl's resolver: `options timeout:N` (default 5, at most 60) is how long a lookup waits for any nameserver. */
export function resolverTimeoutMs(resolvConf: string): number {
  const m = /^\s*options\s.*\btimeout:(\d+)/m.exec(resolvConf);
  return Math.min(m ? Number(m[1]) : 5, 60) * 1000;
}

const isLoopback = (address: string) => /^127\./.test(address) || address === "::1";

/** How often a lookup or connect asks again while the network is not known yet. */
const UNKNOWN_RETRY_MS = 100;

/** attempt() again until its answer is known, for at most limitMs; the last answer otherwise. */
async function untilKnown<T>(attempt: () => Promise<T> | T, unknown: (t: T) => boolean, wait: (ms: number) => Promise<void>, limitMs: number): Promise<T> {
  let r = await attempt();
  for (let waited = 0; unknown(r) && waited < limitMs; waited += UNKNOWN_RETRY_MS) {
    await wait(UNKNOWN_RETRY_MS);
    r = await attempt();
  }
  return r;
}

export function createPodNetwork(opts: PodNetworkOptions): ShellNetwork {
  const cluster = opts.cluster;
  return {
    async lookup(host): Promise<NameLookup> {
      if (IPV4.test(host) || host.includes(":")) return { ok: true, addresses: [host] };
      const fromHosts = hostsLookup(opts.hostsFile() ?? "", host);
      if (fromHosts) return { ok: true, addresses: [fromHosts] };
      if (!cluster) return { ok: false, failure: "NXDOMAIN" };
      const resolvConf = cluster.resolvConf();
      const timeout = resolverTimeoutMs(resolvConf);
      const r = await untilKnown(() => cluster.network.lookup(cluster.pod, resolvConf, host), (x) => !x.ok && x.status === "unknown", cluster.wait, timeout);
      if (r.ok) return r.addresses.length ? { ok: true, addresses: r.addresses } : { ok: false, failure: "NODATA" };
      // Not known yet (the network is still being listed): as a server that does not answer.
      if (r.status === "unknown" || r.status === "unreachable") return { ok: false, failure: "unreachable", waitMs: timeout };
      return { ok: false, failure: r.status };
    },
    async dnsQuery(server, port, name, type): Promise<DnsReply | undefined> {
      if (!cluster) return undefined;
      const q: Question = { name, type: type as RecordType };
      const r = await untilKnown(() => cluster.network.query(cluster.pod, server, q, port), (x) => "unknown" in x, cluster.wait, resolverTimeoutMs(cluster.resolvConf()));
      if ("unknown" in r || !r.answer) return undefined;
      const text = (data: unknown) => (typeof data === "string" ? data : Buffer.isBuffer(data) ? data.toString() : JSON.stringify(data));
      return { rcode: r.answer.rcode, authoritative: r.answer.authoritative, answers: r.answer.answers.map((a) => ({ name: a.name, type: a.type, data: "data" in a ? text(a.data) : "" })) };
    },
    async connect(address, port) {
      if (isLoopback(address) || address === opts.podIP) {
        const handler = opts.listener(port);
        if (!handler) throw new NetError("ECONNREFUSED");
        return handler;
      }
      if (!cluster) throw new NetError("EHOSTUNREACH");
      const r = await untilKnown(() => cluster.network.connect(cluster.pod, address, port), (x) => !x.ok && x.result === "unknown", cluster.wait, resolverTimeoutMs(cluster.resolvConf()));
      if (!r.ok) throw new NetError(r.result === "REFUSED" ? "ECONNREFUSED" : r.result === "DROPPED" ? "ETIMEDOUT" : "EHOSTUNREACH");
      // Only sim pods run servers the sim can answer for; a node, the API server or the outside refuses plain HTTP here.
      const handler = r.pod && r.port !== undefined ? cluster.podListener(r.pod, r.port) : undefined;
      if (!handler) throw new NetError("ECONNREFUSED");
      return handler;
    },
  };
}
