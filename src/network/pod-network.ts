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
 * lookup and connect are the two halves, for programs that report them
 * apart (the sim shell's wget and nslookup, `skiff net trace NAME:PORT`):
 * lookup says which queries went where and what answered, connect where
 * the connection arrived after kube-proxy's DNAT (the endpoint chosen).
 *
 * The DNS queries' verdicts are cached per snapshot, as the reachability
 * dialer's: a source that hands out one snapshot until the network changes
 * gets each path traced once. A connection is traced afresh each time, so
 * kube-proxy draws an endpoint for each, as it does for each new flow.
 *
 * Example:
 *   const net = createPodNetwork({ snapshot: () => source.snapshot(), dns: clusterDns });
 *   await net.dial({ namespace: "default", name: "client-1" }, resolvConf, "web", 80);  // { ok: true, address: "10.96.14.2" }
 */
import { isIP } from "node:net";
import type { Pod } from "kubernetes-types/core/v1.js";
import type { Answer, Question } from "dns-packet";
import { isDnsServerPod, resolveForPod, type DnsResult } from "../dns/index.js";
import type { PodResolution } from "../dns/index.js";
import { createRecentTable, type RecentTable } from "./iptables/index.js";
import { createNetworkView, tracePath, type NetworkSnapshot, type NetworkView, type Trace, type TraceVerdict } from "./model/index.js";

/** unknown: the network (or the pod's address) is not known yet, so nothing can be said. */
export type PodDialResult = { ok: true; address: string } | { ok: false; error: string; unknown?: boolean };

export interface PodRef {
  namespace: string;
  name: string;
  /** The pod's address as its sandbox has it: the API may not say it yet when a container's first command connects. */
  ip?: string;
}

/** One DNS query as it travelled: to which nameserver, and what came of it. */
export interface DnsQueryRecord {
  name: string;
  type: string;
  server: string;
  verdict: TraceVerdict;
  /** The server's response code, when the query reached a DNS server. */
  rcode?: string;
  /** The addresses answered. */
  addresses?: string[];
}

export type PodLookupResult =
  | { ok: true; name: string; addresses: string[]; server?: string; queries: DnsQueryRecord[] }
  | {
      ok: false;
      /** unknown: the network or the pod is not known yet. */
      status: Exclude<PodResolution["status"], "ok"> | "unknown";
      server?: string;
      /** Why the last query got no answer, as Go words a DNS read that failed ("i/o timeout", "read: connection refused"). */
      readFailure?: string;
      /** The address the failed read was made from and to ("10.244.1.5:45678->10.96.0.10:53"). */
      readPath?: string;
      error?: string;
      queries: DnsQueryRecord[];
    };

export type PodConnectResult =
  /** pod: the pod the connection arrived at (absent for a node, the API server, the outside); address and port after DNAT. */
  | { ok: true; target: string; pod?: PodRef; address?: string; port?: number; trace: Trace }
  | { ok: false; result: "DROPPED" | "REFUSED"; trace: Trace }
  | { ok: false; result: "unknown"; error: string };

export interface PodNetwork {
  /** Connects from the pod to host:port over TCP; host is a name (resolved through resolvConf) or an address. */
  dial(from: PodRef, resolvConf: string, host: string, port: number): Promise<PodDialResult>;
  /** Resolves a name from the pod through its resolv.conf, each query crossing the network to the nameserver. */
  lookup(from: PodRef, resolvConf: string, host: string, type?: "A" | "AAAA"): Promise<PodLookupResult>;
  /** Sends one DNS question from the pod to a nameserver (53/UDP unless port says): its answer, or none when the query reached no DNS server. */
  query(from: PodRef, server: string, q: Question, port?: number): Promise<{ verdict: TraceVerdict; answer?: DnsResult } | { unknown: string }>;
  /** Opens a connection from the pod to address:port, tracing it through the network. */
  connect(from: PodRef, address: string, port: number, protocol?: "tcp" | "udp"): PodConnectResult;
}

export interface PodNetworkOptions {
  /** The network as it is now (pods included); undefined while it is not known yet. */
  snapshot(): NetworkSnapshot | undefined;
  /** The cluster DNS server that a DNS server pod runs. */
  dns: { lookup(q: Question): Promise<DnsResult> };
  /** Draws for kube-proxy's random endpoint choice; default Math.random. */
  random?: () => number;
  /** Milliseconds, for session affinity (`-m recent`): a Service with ClientIP affinity sends a pod's connections to the endpoint it chose first. Without it, affinity never expires. */
  now?: () => number;
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
  // Each node's `-m recent` lists, kept across connections as the kernel keeps them.
  const recentTables = new Map<string, RecentTable>();
  const recent = (node: string) => recentTables.get(node) ?? recentTables.set(node, createRecentTable()).get(node)!;
  const indexOf = (snapshot: NetworkSnapshot): Indexed => {
    let i = indexed.get(snapshot);
    if (!i) {
      const pods = new Map(snapshot.pods.map((p) => [`${p.metadata?.namespace}/${p.metadata?.name}`, p]));
      indexed.set(snapshot, (i = { view: createNetworkView(snapshot), pods, verdicts: new Map() }));
    }
    return i;
  };
  const traceOnce = (i: Indexed, pod: Pod, to: string, port: number, protocol: "tcp" | "udp"): TraceVerdict => {
    const key = `${pod.metadata?.uid}|${to}|${port}|${protocol}`;
    let v = i.verdicts.get(key);
    if (!v) {
      v = tracePath(i.view, { from: { kind: "pod", pod }, to, port, protocol }, { random: opts.random }).verdict;
      i.verdicts.set(key, v);
    }
    return v;
  };
  /** The snapshot's index and the pod, or why they are not known yet. */
  const podOf = (from: PodRef): { i: Indexed; pod: Pod; podIP: string } | string => {
    const snapshot = opts.snapshot();
    if (!snapshot) return "the pod network is not known yet";
    const i = indexOf(snapshot);
    const known = i.pods.get(`${from.namespace}/${from.name}`);
    // A scheduled pod whose status does not carry its address yet sends from its sandbox's.
    const pod = known && !known.status?.podIP && from.ip && known.spec?.nodeName ? { ...known, status: { ...known.status, podIP: from.ip, podIPs: [{ ip: from.ip }] } } : known;
    if (!pod?.status?.podIP) return `pod ${from.namespace}/${from.name} has no address in the pod network yet`;
    return { i, pod, podIP: pod.status.podIP };
  };

  /** A question carried to server:port; answered when it arrives at a DNS server pod on the DNS port. */
  const ask = async (i: Indexed, pod: Pod, server: string, q: Question, port: number): Promise<{ verdict: TraceVerdict; answer?: DnsResult }> => {
    const verdict = traceOnce(i, pod, server, port, "udp");
    const arrived = verdict.result === "REACHED" && serverPod(i, verdict.target) && (verdict.port ?? port) === DNS_PORT;
    return { verdict, answer: arrived ? await opts.dns.lookup(q) : undefined };
  };

  const lookup: PodNetwork["lookup"] = async (from, resolvConf, host, type = "A") => {
    const queries: DnsQueryRecord[] = [];
    const at = podOf(from);
    if (typeof at === "string") return { ok: false, status: "unknown", error: at, queries };
    const { i, pod, podIP } = at;
    let readFailure = "i/o timeout";
    let readPath: string | undefined;
    const exchange = async (server: string, q: Question) => {
      const { verdict, answer } = await ask(i, pod, server, q, DNS_PORT);
      const record: DnsQueryRecord = { name: q.name, type: String(q.type), server, verdict };
      queries.push(record);
      readPath = `${podIP}:${EPHEMERAL_PORT}->${server}:${DNS_PORT}`;
      if (answer) {
        record.rcode = answer.rcode;
        record.addresses = addressesIn(answer.answers, q.type);
        return answer;
      }
      readFailure = verdict.result === "REFUSED" ? "read: connection refused" : "i/o timeout";
      throw new Error(readFailure);
    };
    const r = await resolveForPod(host, type, resolvConf, exchange);
    const server = r.server ?? firstNameserver(resolvConf);
    if (r.status !== "ok") return { ok: false, status: r.status, server, readFailure, readPath, queries };
    return { ok: true, name: r.name ?? host, addresses: addressesIn(r.answers, type), server, queries };
  };

  const connect: PodNetwork["connect"] = (from, address, port, protocol = "tcp") => {
    const at = podOf(from);
    if (typeof at === "string") return { ok: false, result: "unknown", error: at };
    const trace = tracePath(at.i.view, { from: { kind: "pod", pod: at.pod }, to: address, port, protocol }, { random: opts.random, recent, now: opts.now });
    const v = trace.verdict;
    if (v.result !== "REACHED") return { ok: false, result: v.result, trace };
    const pod = v.target.startsWith("pod ") ? at.i.pods.get(v.target.slice(4)) : undefined;
    const ref = pod && { namespace: pod.metadata!.namespace!, name: pod.metadata!.name! };
    return { ok: true, target: v.target, pod: ref, address: v.address, port: v.port, trace };
  };

  return {
    lookup,
    connect,
    async query(from, server, q, port = DNS_PORT) {
      const at = podOf(from);
      if (typeof at === "string") return { unknown: at };
      return ask(at.i, at.pod, server, q, port);
    },
    async dial(from, resolvConf, host, port) {
      const at = podOf(from);
      if (typeof at === "string") return { ok: false, error: at, unknown: true };
      let address = host;
      if (!isIP(host)) {
        const r = await lookup(from, resolvConf, host);
        if (!r.ok) {
          const lookupText = `dial tcp: lookup ${host}${r.server ? ` on ${r.server}:${DNS_PORT}` : ""}`;
          if (r.status === "unknown") return { ok: false, error: r.error ?? "the pod network is not known yet", unknown: true };
          if (r.status === "unreachable") return { ok: false, error: `${lookupText}: ${r.readPath ? `read udp ${r.readPath}: ` : ""}${r.readFailure}` };
          if (r.status === "SERVFAIL") return { ok: false, error: `${lookupText}: server misbehaving` };
          return { ok: false, error: `${lookupText}: no such host` };
        }
        address = r.addresses[0] ?? "";
      }
      const v = traceOnce(at.i, at.pod, address, port, "tcp");
      const shown = `${address}:${port}`;
      if (v.result === "REACHED") return { ok: true, address };
      if (v.result === "REFUSED") return { ok: false, error: `dial tcp ${shown}: connect: connection refused` };
      return { ok: false, error: `dial tcp ${shown}: i/o timeout` };
    },
  };
}

/** The addresses of the answers of this type. */
function addressesIn(answers: Answer[], type: string): string[] {
  return answers.filter((a) => a.type === type && "data" in a).map((a) => String((a as { data: unknown }).data));
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
