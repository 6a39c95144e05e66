/**
 * The simulated network as a worker thread sees it: routes registered here
 * serve this thread's own dials (metrics-server reaching kubelets) and are
 * told to the API server's thread, whose network the API server dials
 * through (kubectl logs, exec, port-forward, the metrics APIService). The
 * listeners are real loopback ports, so connections cross threads by
 * themselves.
 */
import { createSimulatedNetwork, type Endpoint, type SimulatedNetwork } from "../network/dialer.js";

/** What the parent thread hears: a route added or removed (by the id it was added under). */
export type RouteMessage = { t: "route"; id: number; host: string; port: number; target: Endpoint } | { t: "unroute"; id: number };

export function createForwardedNetwork(tell: (m: RouteMessage) => void): SimulatedNetwork {
  const local = createSimulatedNetwork();
  let nextId = 1;
  return {
    register(host, port, target) {
      const id = nextId++;
      const unregister = local.register(host, port, target);
      tell({ t: "route", id, host, port, target: { host: target.host, port: target.port } });
      return () => {
        unregister();
        tell({ t: "unroute", id });
      };
    },
    resolve: (host, port) => local.resolve(host, port),
    dial: (host, port, signal) => local.dial(host, port, signal),
  };
}

/** The parent thread's side: applies a worker's routes to its network; dropAll() removes what is left (the worker is gone). */
export function applyRoutes(network: SimulatedNetwork): { apply(m: RouteMessage): void; dropAll(): void } {
  const routes = new Map<number, () => void>();
  return {
    apply(m) {
      if (m.t === "route") routes.set(m.id, network.register(m.host, m.port, m.target));
      else {
        routes.get(m.id)?.();
        routes.delete(m.id);
      }
    },
    dropAll() {
      for (const unregister of routes.values()) unregister();
      routes.clear();
    },
  };
}
