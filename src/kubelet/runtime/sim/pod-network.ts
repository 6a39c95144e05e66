/**
 * A sim pod's network namespace, as its programs see it: names resolve
 * through the container's /etc/hosts (localhost, the pod's own hostname);
 * loopback and the pod's own IP reach what the pod's containers listen on
 * (web-server.ts). The shell's network calls are synchronous, so its
 * processes (wget) do not cross the simulated network between pods: any
 * other name does not resolve and any other address has no route. What a
 * container depends on (sim.skiff.dev/depends-on) is checked through the
 * simulated network and cluster DNS instead (dependencies.ts).
 */
import { NetError, type NetRequest, type NetResponse, type ShellNetwork } from "./shell/types.js";

export interface PodNetworkOptions {
  /** The pod's IP, when the sandbox has one. */
  podIP?: string;
  /** The container's /etc/hosts, read when a name is looked up. */
  hostsFile(): string | undefined;
  /** What listens on the pod's port, or undefined when nothing does. */
  listener(port: number): ((req: NetRequest) => NetResponse) | undefined;
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

const isLoopback = (address: string) => /^127\./.test(address) || address === "::1";

export function createPodNetwork(opts: PodNetworkOptions): ShellNetwork {
  return {
    lookup(host) {
      if (IPV4.test(host) || host.includes(":")) return host;
      return hostsLookup(opts.hostsFile() ?? "", host);
    },
    connect(address, port) {
      if (!isLoopback(address) && address !== opts.podIP) throw new NetError("EHOSTUNREACH");
      const handler = opts.listener(port);
      if (!handler) throw new NetError("ECONNREFUSED");
      return handler;
    },
  };
}
