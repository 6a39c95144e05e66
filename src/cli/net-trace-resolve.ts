/**
 * What `skiff net trace` is asked about, resolved against the cluster:
 * FROM is a pod ("web-1", "default/web-1", "pod/ns/name"), a node ("node-1",
 * "node/node-1"), "apiserver", or an address; TO is the same or a Service
 * ("svc/ns/name"), or a DNS name ("web", "web.default.svc.cluster.local")
 * that the source pod resolves (net-trace-dns.ts), followed by
 * ":PORT[/tcp|udp|sctp]" (or "/icmp" alone). A pod or node of that name
 * is taken first, as before names were resolved.
 */
import type { Pod, Service } from "kubernetes-types/core/v1.js";
import { isIP } from "node:net";
import type { Protocol } from "../network/iptables/index.js";
import type { NetworkView, TraceSource } from "../network/model/index.js";
import { podName } from "../network/model/index.js";
import { FlagError } from "./flags.js";

export interface Destination {
  address: string;
  port?: number;
  protocol: Protocol;
  /** How the user named it ("pod default/web-2", "svc default/web (ClusterIP)"), for the header. */
  label: string;
  /** A DNS name the source resolves (address is empty until then). */
  name?: string;
}

/** A host name as a resolver takes it: dot-separated labels of letters, digits and hyphens (a trailing dot allowed). */
export function isDnsName(text: string): boolean {
  return /^(?=.{1,254}$)[a-zA-Z0-9_]([-a-zA-Z0-9_]{0,61}[a-zA-Z0-9])?(\.[a-zA-Z0-9_]([-a-zA-Z0-9_]{0,61}[a-zA-Z0-9])?)*\.?$/.test(text);
}

const PROTOCOLS = new Set(["tcp", "udp", "sctp", "icmp"]);

/** "x:80", "x:53/udp", "[fd00::1]:80", "x/icmp" -> target, port, protocol. */
export function splitDestination(text: string): { target: string; port?: number; protocol: Protocol } {
  let rest = text;
  let protocol: Protocol = "tcp";
  const slash = rest.lastIndexOf("/");
  if (slash >= 0 && PROTOCOLS.has(rest.slice(slash + 1).toLowerCase())) {
    protocol = rest.slice(slash + 1).toLowerCase() as Protocol;
    rest = rest.slice(0, slash);
  }
  if (protocol === "icmp") return { target: rest.replace(/^\[(.*)\]$/, "$1"), protocol };
  const m = /^(\[[^\]]+\]|[^:]+|[0-9a-fA-F:]+):(\d{1,5})$/.exec(rest);
  if (!m) throw new FlagError(`destination "${text}" must be TARGET:PORT[/tcp|udp|sctp], or TARGET/icmp`);
  const port = Number(m[2]);
  if (port < 1 || port > 65535) throw new FlagError(`port ${port} is out of range 1-65535`);
  return { target: m[1].replace(/^\[(.*)\]$/, "$1"), port, protocol };
}

/** The namespace and name of "ns/name" or "name" (default namespace). */
function nsName(text: string): [string, string] {
  const parts = text.split("/");
  return parts.length === 1 ? ["default", parts[0]] : [parts[0], parts.slice(1).join("/")];
}

function findPod(view: NetworkView, text: string): Pod | undefined {
  const [ns, name] = nsName(text);
  return view.snapshot.pods.find((p) => (p.metadata?.namespace ?? "default") === ns && p.metadata?.name === name);
}

export function resolveSource(view: NetworkView, text: string): { source: TraceSource; label: string } {
  if (text === "apiserver") return { source: { kind: "apiserver" }, label: "the API server" };
  if (isIP(text)) {
    const pod = view.podByIP(text);
    if (pod) return { source: { kind: "pod", pod }, label: `pod ${podName(pod)} (${text})` };
    const node = view.nodeByAddress(text);
    if (node) return { source: { kind: "node", node }, label: `node ${node.metadata!.name} (${text})` };
    if (view.snapshot.apiServer?.address === text) return { source: { kind: "apiserver" }, label: `the API server (${text})` };
    return { source: { kind: "external", address: text }, label: `external ${text}` };
  }
  if (text.startsWith("node/")) {
    const node = view.node(text.slice(5));
    if (!node) throw new FlagError(`node "${text.slice(5)}" not found`);
    return { source: { kind: "node", node }, label: `node ${node.metadata!.name}` };
  }
  if (text.startsWith("svc/") || text.startsWith("service/")) throw new FlagError("a Service sends nothing: trace from one of its pods");
  const podText = text.startsWith("pod/") ? text.slice(4) : text;
  const pod = findPod(view, podText);
  if (pod) return { source: { kind: "pod", pod }, label: `pod ${podName(pod)}${pod.status?.podIP ? ` (${pod.status.podIP})` : ""}` };
  const node = !text.includes("/") ? view.node(text) : undefined;
  if (node) return { source: { kind: "node", node }, label: `node ${node.metadata!.name}` };
  throw new FlagError(`"${text}" is not a pod, a node, "apiserver" or an IP address`);
}

export function resolveDestination(view: NetworkView, services: Service[], text: string): Destination {
  const { target, port, protocol } = splitDestination(text);
  const at = (address: string, label: string): Destination => ({ address, port, protocol, label });
  if (isIP(target)) return at(target, target);
  if (target === "apiserver") {
    const api = view.snapshot.apiServer;
    if (!api) throw new FlagError("the API server's address is unknown (no default/kubernetes endpoints)");
    return at(api.address, `the API server (${api.address})`);
  }
  if (target.startsWith("svc/") || target.startsWith("service/")) {
    const [ns, name] = nsName(target.slice(target.indexOf("/") + 1));
    const svc = services.find((s) => s.metadata?.namespace === ns && s.metadata?.name === name);
    if (!svc) throw new FlagError(`service "${ns}/${name}" not found`);
    const ip = svc.spec?.clusterIP;
    if (!ip || ip === "None") throw new FlagError(`service "${ns}/${name}" is headless: trace one of its pods`);
    return at(ip, `svc ${ns}/${name} (ClusterIP ${ip})`);
  }
  if (target.startsWith("node/")) return nodeDestination(target.slice(5));
  const pod = findPod(view, target.startsWith("pod/") ? target.slice(4) : target);
  if (pod) {
    const node = pod.spec?.hostNetwork && pod.spec.nodeName ? view.node(pod.spec.nodeName) : undefined;
    const address = node ? view.addressesOf(node)[0] : pod.status?.podIP;
    if (!address) throw new FlagError(`pod "${podName(pod)}" has no IP address yet`);
    return at(address, `pod ${podName(pod)} (${address})`);
  }
  if (!target.includes("/") && view.node(target)) return nodeDestination(target);
  if (isDnsName(target)) return { address: "", port, protocol, label: target, name: target };
  throw new FlagError(`"${target}" is not a pod, a node, a Service (svc/ns/name), "apiserver", a DNS name or an IP address`);

  function nodeDestination(name: string): Destination {
    const node = view.node(name);
    if (!node) throw new FlagError(`node "${name}" not found`);
    const address = view.addressesOf(node)[0];
    if (!address) throw new FlagError(`node "${name}" has no InternalIP`);
    return at(address, `node ${name} (${address})`);
  }
}
