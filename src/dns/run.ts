/**
 * The cluster DNS as a component: its informers through its own client
 * (as the coredns ServiceAccount, bound to system:coredns), its resolver,
 * and its sockets on a loopback port. Stops when signal aborts.
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
  /** Where to listen (default 127.0.0.1, a free port). */
  host?: string;
  port?: number;
  upstreams?: Upstream[];
}

export interface RunningClusterDns {
  dns: ClusterDns;
  server: RunningDnsServer;
  /** Resolves once the caches are in (false when stopped first). */
  synced: Promise<boolean>;
  close(): Promise<void>;
}

export async function startClusterDnsServer(o: ClusterDnsComponentOptions): Promise<RunningClusterDns> {
  const watched = watchClusterView({ client: o.client, clock: o.clock, signal: o.signal });
  const dns = createClusterDns({ view: watched.view, clock: o.clock, clusterDomain: o.clusterDomain, ttl: o.ttl ?? COREFILE_TTL, upstreams: o.upstreams });
  const server = await serveDns(dns, { host: o.host ?? "127.0.0.1", port: o.port ?? 0 });
  return { dns, server, synced: watched.synced, close: () => server.close() };
}
