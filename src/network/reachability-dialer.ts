/**
 * The API server's dials through the simulated network: before dialling a
 * kubelet (or any address the model knows: a node's, a pod CIDR's), the
 * packet is traced from the API server; when the route table or a security
 * group drops it, the dial fails as Go's does when packets vanish
 * ("dial tcp 172.16.0.5:10250: i/o timeout"), so `kubectl logs` and `exec`
 * answer "error dialing backend: ..." exactly as on a cloud whose security
 * group lost the rule (S4a). Whether something listens is still the real
 * listener's answer; addresses the model does not know are dialled as before.
 *
 * Example:
 *   const dialer = createReachabilityDialer(network, { snapshot: () => source.snapshot() });
 *   await dialer.dial("172.16.0.5", 10250);   // rejects with DialError "... i/o timeout" when dropped
 */
import { isIP } from "node:net";
import { DialError, joinHostPort, type Dialer } from "./dialer.js";
import { createNetworkView, podCIDRsOf, tracePath, type NetworkSnapshot } from "./model/index.js";
import { cidrContains } from "./cidr.js";

export interface ReachabilityDialerOptions {
  /** The network as it is now; undefined while it is not known yet (dials go through). */
  snapshot(): NetworkSnapshot | undefined;
}

/** Hops where the network itself (not a host) loses the packet. */
const NETWORK_HOP = /^(VPC route table|.* security group \((ingress|egress)\))$/;

export function createReachabilityDialer(inner: Dialer, opts: ReachabilityDialerOptions): Dialer {
  // Verdicts per snapshot: a source that hands out the same snapshot until
  // the network changes gets each address:port traced once, not per dial.
  const traced = new WeakMap<NetworkSnapshot, Map<string, boolean>>();
  const dropped = (snapshot: NetworkSnapshot, host: string, port: number): boolean => {
    let verdicts = traced.get(snapshot);
    if (!verdicts) traced.set(snapshot, (verdicts = new Map()));
    const key = joinHostPort(host, port);
    let drop = verdicts.get(key);
    if (drop === undefined) {
      drop = false;
      if (isIP(host) && known(snapshot, host)) {
        const v = tracePath(createNetworkView(snapshot), { from: { kind: "apiserver" }, to: host, port, protocol: "tcp" }).verdict;
        drop = v.result === "DROPPED" && NETWORK_HOP.test(v.hop);
      }
      verdicts.set(key, drop);
    }
    return drop;
  };
  return {
    dial(host, port, signal) {
      const snapshot = opts.snapshot();
      if (snapshot && dropped(snapshot, host, port)) return Promise.reject(new DialError(joinHostPort(host, port), "i/o timeout"));
      return inner.dial(host, port, signal);
    },
  };
}

function known(snapshot: NetworkSnapshot, host: string): boolean {
  return snapshot.nodes.some((n) => (n.status?.addresses ?? []).some((a) => a.address === host) || podCIDRsOf(n).some((c) => cidrContains(c, host)));
}
