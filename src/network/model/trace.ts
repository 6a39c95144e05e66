/**
 * "Can A reach B on this port and protocol, and by which path?" The packet
 * is followed as M2 describes it: the source pod's netns, its node's
 * bridge (cni0), the node's netfilter rules (kube-proxy's NAT), then, if it
 * leaves the node, the node's security group (egress), the VPC (a node's
 * address, or the route table: podCIDR -> node), the destination node's
 * security group (ingress), that node's netfilter and bridge, and whoever
 * listens at the end. Every hop is named; a drop names the hop and the
 * rule or the missing route.
 *
 * Example:
 *   const t = tracePath(createNetworkView(snapshot), { from: { kind: "pod", pod }, to: "10.244.1.7", port: 80, protocol: "tcp" });
 *   t.verdict   // { result: "DROPPED", hop: "VPC route table", reason: "no route for 10.244.1.7: ..." }
 */
import type { Node, Pod } from "kubernetes-types/core/v1.js";
import { cidrContains, longestPrefixMatch } from "../cidr.js";
import { createRecentTable, traverseNode, type NetfilterContext, type NodeTraversal, type Packet, type Protocol, type RecentTable, type RuleStep } from "../iptables/index.js";
import { decide } from "./security-groups.js";
import { nodeListens, podListens } from "./listeners.js";
import { podCIDRsOf, podName, type NetworkView } from "./snapshot.js";

export type TraceSource = { kind: "pod"; pod: Pod } | { kind: "node"; node: Node } | { kind: "apiserver" } | { kind: "external"; address: string };

export interface TraceRequest {
  from: TraceSource;
  /** The destination address (a pod IP, a node address, a ClusterIP, an outside address). */
  to: string;
  port?: number;
  protocol: Protocol;
}

export interface Hop {
  /** Where the packet is: "pod default/web-1", "node-1 cni0", "VPC route table", ... */
  at: string;
  /** What happened there, one fact a line. */
  lines: string[];
}

export type TraceVerdict =
  /** address/port: where the packet arrived, after any DNAT (a pod's address and target port). */
  | { result: "REACHED"; target: string; detail: string; address?: string; port?: number }
  /** Silently dropped: the sender sees a timeout. */
  | { result: "DROPPED"; hop: string; reason: string }
  /** Actively refused (REJECT, or nothing listening): the sender sees "connection refused". */
  | { result: "REFUSED"; hop: string; reason: string };

export interface Trace {
  request: TraceRequest;
  /** The first packet as the source sends it. */
  packet: Packet;
  hops: Hop[];
  verdict: TraceVerdict;
  /** The probability of this path, where kube-proxy's rules chose at random (1 when no choice was made). */
  chance: number;
}

export interface TraceOptions {
  /** Draws for `-m statistic --mode random`; default Math.random. */
  random?: () => number;
  /** Milliseconds (the injected clock's), for `-m recent`. */
  now?: () => number;
  /** Each node's `-m recent` lists (session affinity), kept across traces by the caller. */
  recent?: (nodeName: string) => RecentTable;
}

/** Bounds a path that bounces between nodes (a NodePort forwarded to a NodePort ...). */
const MAX_NODE_VISITS = 8;
/** The source port of the traced connection: any ephemeral port. */
const SOURCE_PORT = 45678;

type Location = { kind: "node"; node: Node; origin: "routed" | "local"; inInterface?: string } | { kind: "vpc"; from?: Node };

export function tracePath(view: NetworkView, request: TraceRequest, opts: TraceOptions = {}): Trace {
  const hops: Hop[] = [];
  let chance = 1;
  const recentTables = new Map<string, RecentTable>();
  const recentOf = opts.recent ?? ((n: string) => recentTables.get(n) ?? recentTables.set(n, createRecentTable()).get(n)!);
  const hop = (at: string, ...lines: string[]) => hops.push({ at, lines });
  const port = request.port;
  const proto = request.protocol;
  const what = (p: Packet) => `${p.src} -> ${p.dst}${p.dport === undefined ? "" : `:${p.dport}`}/${p.protocol.toUpperCase()}`;
  let packet: Packet = { src: "", dst: request.to, protocol: proto, dport: port, sport: proto === "icmp" ? undefined : SOURCE_PORT };
  const finish = (verdict: TraceVerdict, first: Packet = packet): Trace => ({ request, packet: first, hops, verdict, chance });
  const dropped = (at: string, reason: string): TraceVerdict => ({ result: "DROPPED", hop: at, reason });
  const refused = (at: string, reason: string): TraceVerdict => ({ result: "REFUSED", hop: at, reason });

  // Where the packet starts.
  let at: Location;
  const from = request.from;
  if (from.kind === "pod" && !from.pod.spec?.hostNetwork) {
    const pod = from.pod;
    const node = pod.spec?.nodeName ? view.node(pod.spec.nodeName) : undefined;
    const ip = pod.status?.podIP;
    if (!node || !ip) return finish(dropped(`pod ${podName(pod)}`, node ? "the pod has no IP address yet" : "the pod is not on a node"));
    packet = { ...packet, src: ip };
    hop(`pod ${podName(pod)}`, `netns of ${podName(pod)} on ${node.metadata!.name}, eth0 ${ip}`, `sends ${what(packet)}`);
    if (request.to === ip || cidrContains("127.0.0.0/8", request.to)) {
      const answer = podListens(view, pod, request.to, port, proto);
      return finish(answer.listening ? { result: "REACHED", target: `pod ${podName(pod)}`, detail: `inside the pod (loopback): ${answer.detail}`, address: request.to, port } : refused(`pod ${podName(pod)}`, answer.detail));
    }
    hop(`${node.metadata!.name} cni0`, `veth of ${podName(pod)} -> bridge cni0 on ${node.metadata!.name}`);
    at = { kind: "node", node, origin: "routed", inInterface: "cni0" };
  } else if (from.kind === "pod" || from.kind === "node") {
    const node = from.kind === "node" ? from.node : from.pod.spec?.nodeName ? view.node(from.pod.spec.nodeName) : undefined;
    const address = node ? view.addressesOf(node)[0] : undefined;
    const label = from.kind === "pod" ? `pod ${podName(from.pod)} (hostNetwork)` : `node ${node?.metadata!.name}`;
    if (!node || !address) return finish(dropped(label, node ? "the node has no InternalIP" : "the pod is not on a node"));
    packet = { ...packet, src: address };
    hop(label, `host network of ${node.metadata!.name}, ${address}`, `sends ${what(packet)}`);
    at = { kind: "node", node, origin: "local" };
  } else if (from.kind === "apiserver") {
    const api = view.snapshot.apiServer;
    if (!api) return finish(dropped("apiserver", "the API server's address is unknown"));
    packet = { ...packet, src: api.address };
    hop("apiserver", `kube-apiserver on the control plane host, ${api.address}`, `sends ${what(packet)}`);
    at = { kind: "vpc" };
  } else {
    packet = { ...packet, src: from.address };
    hop(`external ${from.address}`, `sends ${what(packet)}`);
    at = { kind: "vpc" };
  }
  const first = packet;
  const sgActive = view.snapshot.securityGroups.length > 0;

  for (let visits = 0; visits < MAX_NODE_VISITS; visits++) {
    if (at.kind === "node") {
      const node = at.node;
      const name = node.metadata!.name!;
      const addresses = view.addressesOf(node);
      const isLocal = (ip: string) => addresses.includes(ip) || cidrContains("127.0.0.0/8", ip);
      const rules = view.rules(name);
      const netfilter = `${name} netfilter`;
      if (rules) {
        const ctx: NetfilterContext = { isLocal, random: opts.random ?? Math.random, now: opts.now ?? (() => 0), recent: recentOf(name), masqueradeAddress: () => addresses[0] ?? packet.src };
        const before = packet;
        const t = traverseNode(rules, { ...packet, inInterface: at.inInterface }, at.origin, ctx);
        chance *= t.chance;
        packet = { ...t.packet, inInterface: undefined, outInterface: undefined, mark: undefined };
        hop(netfilter, ...netfilterLines(t, before, packet));
        if (t.verdict !== "ACCEPT") {
          const decided = t.hooks.at(-1)!.result.decidedBy;
          const reason = decided ? `${t.verdict} by ${decided.table} ${decided.chain}: ${decided.rule.text}` : `${t.verdict} by the policy of ${t.hooks.at(-1)!.table} ${t.hooks.at(-1)!.hook}`;
          return finish(t.verdict === "REJECT" ? refused(netfilter, reason) : dropped(netfilter, reason), first);
        }
      } else hop(netfilter, "no NAT rules known for this node: the packet is not translated");
      if (isLocal(packet.dst)) {
        const answer = nodeListens(view, node, packet.dst, packet.dport, proto);
        return finish(answer.listening ? { result: "REACHED", target: `node ${name}`, detail: answer.detail } : refused(`node ${name}`, answer.detail), first);
      }
      const ownCIDR = podCIDRsOf(node).find((c) => cidrContains(c, packet.dst));
      if (ownCIDR) return finish(deliverToPod(node, ownCIDR), first);
      const service = view.snapshot.serviceCIDR;
      if (service && cidrContains(service, packet.dst)) {
        return finish(dropped(netfilter, `${packet.dst} is in the Service range ${service}, but no NAT rule on ${name} translated ${packet.dst}${packet.dport === undefined ? "" : `:${packet.dport}`}/${proto.toUpperCase()}${rules ? "" : " (no kube-proxy rules are known for the node)"}`), first);
      }
      if (sgActive) {
        const d = decide(view, node, "Egress", packet.dst, proto, packet.dport);
        const sgHop = `${name} security group (egress)`;
        if (!d.allowed) return finish(dropped(sgHop, d.reason!), first);
        hop(sgHop, `allowed by ${d.allowedBy}`);
      }
      hop(`${name} eth0`, `leaves ${name} for the VPC: ${what(packet)}`);
      at = { kind: "vpc", from: node };
      continue;
    }

    // In the VPC: a node's address, the API server, a routed pod CIDR, or the outside.
    const target = view.nodeByAddress(packet.dst);
    const api = view.snapshot.apiServer;
    if (target) {
      hop("VPC", `${packet.dst} is the address of node ${target.metadata!.name} (the VPC's own subnet)`);
    } else if (api && packet.dst === api.address) {
      hop("VPC", `${packet.dst} is the API server's address`);
      if (proto === "tcp" && packet.dport === api.port) return finish({ result: "REACHED", target: "apiserver", detail: `kube-apiserver listens on ${api.port}/TCP` }, first);
      if (proto === "icmp") return finish({ result: "REACHED", target: "apiserver", detail: "the control plane host answers" }, first);
      return finish(refused("apiserver", `nothing listens on ${packet.dport}/${proto.toUpperCase()} on the control plane host`), first);
    } else {
      const routes = view.snapshot.routes;
      const best = longestPrefixMatch(
        routes.map((r) => r.spec?.destinationCIDR ?? "").filter(Boolean),
        packet.dst,
      );
      const routeHop = "VPC route table";
      if (best === undefined) {
        const owner = view.snapshot.nodes.find((n) => podCIDRsOf(n).some((c) => cidrContains(c, packet.dst)));
        if (owner) return finish(dropped(routeHop, `no route for ${packet.dst}: node ${owner.metadata!.name}'s podCIDR ${podCIDRsOf(owner).find((c) => cidrContains(c, packet.dst))} has no route in the table`), first);
        const cluster = view.snapshot.clusterCIDR;
        if (cluster && cidrContains(cluster, packet.dst)) return finish(dropped(routeHop, `no route for ${packet.dst}: it is in the cluster CIDR ${cluster}, but no node's podCIDR holds it`), first);
        const lines = [`${packet.dst} is outside the cluster: out through the internet gateway`];
        if (request.from.kind === "pod" && at.from && podCIDRsOf(at.from).some((c) => cidrContains(c, packet.src))) {
          const snat = view.addressesOf(at.from)[0];
          lines.unshift(`pod traffic leaving the cluster network is masqueraded by ${at.from.metadata!.name} (ip-masq): source ${packet.src} -> ${snat}`);
          packet = { ...packet, src: snat };
        }
        hop("VPC", ...lines);
        return finish({ result: "REACHED", target: `external ${packet.dst}`, detail: "the packet left the cluster's network; what lies beyond is not simulated" }, first);
      }
      const route = routes.find((r) => r.spec?.destinationCIDR === best)!;
      const routeNode = view.node(route.spec.targetNode);
      const entry = `route ${route.metadata.name}: ${best} -> ${route.spec.targetNode}`;
      if (route.status?.state === "Blackhole" || !routeNode) return finish(dropped(routeHop, `${entry} is a blackhole: node ${route.spec.targetNode} ${routeNode ? "is marked gone" : "does not exist"}`), first);
      hop(routeHop, `${entry} (longest prefix match for ${packet.dst})`);
      if (at.from === routeNode) {
        // A route back to the node the packet left: it loops until its TTL runs out.
        return finish(dropped(routeHop, `${entry} sends the packet back to ${routeNode.metadata!.name}, which it just left`), first);
      }
      at = { kind: "node", node: routeNode, origin: "routed", inInterface: "eth0" };
    }
    if (target) at = { kind: "node", node: target, origin: "routed", inInterface: "eth0" };
    const dest = (at as { node: Node }).node;
    if (sgActive) {
      const d = decide(view, dest, "Ingress", packet.src, proto, packet.dport);
      const sgHop = `${dest.metadata!.name} security group (ingress)`;
      if (!d.allowed) return finish(dropped(sgHop, d.reason!), first);
      hop(sgHop, `allowed by ${d.allowedBy}`);
    }
  }
  return finish(dropped(hops.at(-1)?.at ?? "network", `the packet crossed ${MAX_NODE_VISITS} nodes without arriving: a forwarding loop`), first);

  function deliverToPod(node: Node, cidr: string): TraceVerdict {
    const name = node.metadata!.name!;
    const bridge = `${name} cni0`;
    const pod = view.podByIP(packet.dst);
    if (!pod || pod.spec?.nodeName !== name) return dropped(bridge, `no pod on ${name} has the address ${packet.dst} (podCIDR ${cidr}): host unreachable`);
    hop(bridge, `bridge cni0 -> veth of ${podName(pod)}`);
    const answer = podListens(view, pod, packet.dst, packet.dport, proto);
    hop(`pod ${podName(pod)}`, `arrives as ${what(packet)}`);
    return answer.listening ? { result: "REACHED", target: `pod ${podName(pod)}`, detail: answer.detail, address: packet.dst, port: packet.dport } : refused(`pod ${podName(pod)}`, answer.detail);
  }
}

function netfilterLines(t: NodeTraversal, before: Packet, after: Packet): string[] {
  const lines: string[] = [];
  for (const h of t.hooks) for (const s of h.result.steps) lines.push(stepLine(s));
  if (before.dst !== after.dst || before.dport !== after.dport) lines.push(`DNAT ${before.dst}:${before.dport ?? "*"} -> ${after.dst}:${after.dport ?? "*"}`);
  if (before.src !== after.src) lines.push(`SNAT source ${before.src} -> ${after.src}`);
  if (!lines.length) lines.push(`no rule matched: ${t.deliveredLocally ? "delivered to the node itself" : "forwarded unchanged"}`);
  return lines;
}

function stepLine(s: RuleStep): string {
  const comment = s.rule.comment ? `  /* ${s.rule.comment} */` : "";
  const probability = s.probability !== undefined ? ` (probability ${Number(s.probability.toFixed(5))})` : "";
  return `${s.table} ${s.chain}: ${s.effect}${probability}${comment}`;
}
