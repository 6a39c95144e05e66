/**
 * Connections from a pod through the simulated network, as a Go program in
 * it makes them: a name is resolved through the pod's resolv.conf
 * (resolveForPod), each query travelling from the pod to the nameserver on
 * 53/UDP through its node's NAT rules (kube-proxy's), and answered by the
 * cluster DNS only when it reaches a DNS server pod (coredns); then the
 * connection itself is traced to the resolved address. Failures are worded
 * as Go's net package prints them:
 *
 *   dial tcp: lookup web on 10.96.0.10:53: read udp 10.244.1.5:45678->10.96.0.10:53: i/o timeout
 *   dial tcp: lookup web on 10.96.0.10:53: no such host
 *   dial tcp 10.96.14.2:80: connect: connection refused
 *
 * Verdicts are cached per snapshot, as the reachability dialer's: a source
 * that hands out one snapshot until the network changes gets each path
 * traced once.
 *
 * Example:
 *   const net = createPodNetwork({ snapshot: () => source.snapshot(), dns: clusterDns });
 *   await net.dial({ namespace: "default", name: "client-1" }, resolvConf, "web", 80);  // { ok: true, address: "10.96.14.2" }
 */
import { isIP } from "node:net";
import type { Pod } from "kubernetes-types/core/v1.js";
import type { Question } from "dns-packet";
import { isDnsServerPod, resolveForPod, type DnsResult } from "../dns/index.js";
import { createNetworkView, tracePath, type NetworkSnapshot, type NetworkView, type TraceVerdict } from "./model/index.js";

/** unknown: the network (or the pod's address) is not known yet, so nothing can be said. */
export type PodDialResult = { ok: true; address: string } | { ok: false; error: string; unknown?: boolean };

export interface PodNetwork {
  /** Connects from the pod to host:port over TCP; host is a name (resolved through resolvConf) or an address. */
  dial(from: { namespace: string; name: string }, resolvConf: string, host: string, port: number): Promise<PodDialResult>;
}

export interface PodNetworkOptions {
  /** The network as it is now (pods included); undefined while it is not known yet. */
  snapshot(): NetworkSnapshot | undefined;
  /** The cluster DNS server that a DNS server pod runs. */
  dns: { lookup(q: Question): Promise<DnsResult> };
  /** Draws for kube-proxy's random endpoint choice; default Math.random. */
  random?: () => number;
}

const DNS_PORT = 53;
/** The source port the trace model gives a connection (what Go would print as its local address). */
const EPHEMERAL_PORT = 45678;

interface Indexed {
  view: NetworkView;
  pods: Map<string, Pod>;
  verdicts: Map<string, TraceVerdict>;
}

export function createPodNetwork(opts: PodNetworkOptions): PodNetwork {
  const indexed = new WeakMap<NetworkSnapshot, Indexed>();
  const indexOf = (snapshot: NetworkSnapshot): Indexed => {
    let i = indexed.get(snapshot);
    if (!i) {
      const pods = new Map(snapshot.pods.map((p) => [`${p.metadata?.namespace}/${p.metadata?.name}`, p]));
      indexed.set(snapshot, (i = { view: createNetworkView(snapshot), pods, verdicts: new Map() }));
    }
    return i;
  };
  const trace = (i: Indexed, pod: Pod, to: string, port: number, protocol: "tcp" | "udp"): TraceVerdict => {
    const key = `${pod.metadata?.uid}|${to}|${port}|${protocol}`;
    let v = i.verdicts.get(key);
    if (!v) {
      v = tracePath(i.view, { from: { kind: "pod", pod }, to, port, protocol }, { random: opts.random }).verdict;
      i.verdicts.set(key, v);
    }
    return v;
  };

  return {
    async dial(from, resolvConf, host, port) {
      const snapshot = opts.snapshot();
      if (!snapshot) return { ok: false, error: "the pod network is not known yet", unknown: true };
      const i = indexOf(snapshot);
      const pod = i.pods.get(`${from.namespace}/${from.name}`);
      if (!pod?.status?.podIP) return { ok: false, error: `pod ${from.namespace}/${from.name} has no address in the pod network yet`, unknown: true };
      const podIP = pod.status.podIP;

      let address = host;
      if (!isIP(host)) {
        // Why the last query got no answer, as Go words a DNS read that failed.
        let lastFailure = "i/o timeout";
        const exchange = async (server: string, q: Question) => {
          const v = trace(i, pod, server, DNS_PORT, "udp");
          const read = `read udp ${podIP}:${EPHEMERAL_PORT}->${server}:${DNS_PORT}`;
          if (v.result === "REACHED" && serverPod(i, v.target)) return opts.dns.lookup(q);
          lastFailure = v.result === "REFUSED" ? `${read}: read: connection refused` : `${read}: i/o timeout`;
          throw new Error(lastFailure);
        };
        const r = await resolveForPod(host, "A", resolvConf, exchange);
        const server = r.server ?? firstNameserver(resolvConf);
        const lookup = `dial tcp: lookup ${host}${server ? ` on ${server}:${DNS_PORT}` : ""}`;
        if (r.status === "unreachable") return { ok: false, error: `${lookup}: ${lastFailure}` };
        if (r.status === "SERVFAIL") return { ok: false, error: `${lookup}: server misbehaving` };
        if (r.status !== "ok") return { ok: false, error: `${lookup}: no such host` };
        const a = r.answers.find((x) => x.type === "A");
        address = a && "data" in a ? String(a.data) : "";
      }

      const v = trace(i, pod, address, port, "tcp");
      const shown = `${address}:${port}`;
      if (v.result === "REACHED") return { ok: true, address };
      if (v.result === "REFUSED") return { ok: false, error: `dial tcp ${shown}: connect: connection refused` };
      return { ok: false, error: `dial tcp ${shown}: i/o timeout` };
    },
  };
}

/** Whether a trace's target ("pod ns/name") is a DNS server pod. */
function serverPod(i: Indexed, target: string): boolean {
  if (!target.startsWith("pod ")) return false;
  const pod = i.pods.get(target.slice(4));
  return pod !== undefined && isDnsServerPod(pod);
}

function firstNameserver(resolvConf: string): string | undefined {
  return /^\s*nameserver\s+(\S+)/m.exec(resolvConf)?.[1];
}
