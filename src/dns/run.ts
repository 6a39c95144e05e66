/**
 * The cluster DNS as a component: its informers through its own client
 * (as the coredns ServiceAccount, bound to system:coredns), its resolver,
 * and, once listen() is called, its sockets on a loopback port. The
 * informers stop when signal aborts; close() ends the sockets.
 */
import type { UserInfo } from "../api/types.js";
import type { Client } from "../client/index.js";
import type { Clock } from "../util/clock.js";
import { COREFILE_TTL } from "./addon.js";
import { createClusterDns, type ClusterDns } from "./cluster-dns.js";
import type { Upstream } from "./forwarder.js";
import { watchClusterView } from "./informer-view.js";
import { serveDns, type RunningDnsServer } from "./server.js";

/** Who the server acts as: the coredns ServiceAccount, bound to system:coredns. */
export const COREDNS_USER: UserInfo = {
  username: "system:serviceaccount:kube-system:coredns",
  groups: ["system:serviceaccounts", "system:serviceaccounts:kube-system", "system:authenticated"],
};

export interface ClusterDnsComponentOptions {
  client: Client;
  clock: Clock;
  signal: AbortSignal;
  clusterDomain?: string;
  /** Default: kubeadm's Corefile's 30. */
  ttl?: number;
  upstreams?: Upstream[];
}

export interface RunningClusterDns {
  dns: ClusterDns;
  /** Resolves once the caches are in (false when stopped first). */
  synced: Promise<boolean>;
  /** Starts answering on host:port (port 0: a free one). */
  listen(at: { host: string; port: number }): Promise<RunningDnsServer>;
  /** Closes the sockets listen() opened. */
  close(): Promise<void>;
}

export function startClusterDnsServer(o: ClusterDnsComponentOptions): RunningClusterDns {
  const watched = watchClusterView({ client: o.client, clock: o.clock, signal: o.signal });
  const dns = createClusterDns({ view: watched.view, clock: o.clock, clusterDomain: o.clusterDomain, ttl: o.ttl ?? COREFILE_TTL, upstreams: o.upstreams });
  const servers: RunningDnsServer[] = [];
  return {
    dns,
    synced: watched.synced,
    async listen(at) {
      const server = await serveDns(dns, at);
      servers.push(server);
      return server;
    },
    close: async () => void (await Promise.all(servers.splice(0).map((s) => s.close()))),
  };
}
