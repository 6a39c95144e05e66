/**
 * Service namespace/name/port -> an endpoint to dial, as upstream's
 * ResolveEndpoint with --enable-aggregator-routing: the Service's port
 * (matched by number), then a ready endpoint of its EndpointSlices that
 * carries the port of the same name, with that slice's (target) port.
 * Dials go through the network's dialer, so a simulated pod IP reaches the
 * loopback listener registered for it and a real address (127.0.0.1) is
 * dialled for real.
 *
 * Example:
 *   const resolver = createServiceResolver(lookup, network);
 *   const { socket, endpoint } = await resolver.dial("kube-system", "metrics-server", 443, signal);
 */
import type net from "node:net";
import type { Dialer, Endpoint } from "./dialer.js";

export interface ServiceLike {
  metadata: { name?: string };
  spec?: { type?: string; ports?: { name?: string; port?: number }[]; ipFamilies?: string[] };
}

export interface EndpointSliceLike {
  addressType?: string;
  endpoints?: { addresses?: string[]; conditions?: { ready?: boolean | null } }[] | null;
  ports?: { name?: string | null; port?: number | null }[] | null;
}

/** Where Services and their slices are read from (informer caches in the API server). */
export interface ServiceLookup {
  service(namespace: string, name: string): ServiceLike | undefined;
  /** Slices labelled kubernetes.io/service-name=<name> in the namespace. */
  endpointSlices(namespace: string, serviceName: string): EndpointSliceLike[];
}

/** Why a Service could not be resolved, worded as upstream; unavailable ones are 503s there. */
export class ServiceResolveError extends Error {
  constructor(
    message: string,
    readonly reason: "NotFound" | "ServiceUnavailable" | "UnsupportedType",
  ) {
    super(message);
    this.name = "ServiceResolveError";
  }
}

export interface ServiceResolver {
  /** A ready endpoint for the Service's port; throws ServiceResolveError. */
  resolve(namespace: string, name: string, port: number): Endpoint;
  /** Resolves, then dials the endpoint through the network. */
  dial(namespace: string, name: string, port: number, signal?: AbortSignal): Promise<{ socket: net.Socket; endpoint: Endpoint }>;
}

const ROUTABLE_TYPES = new Set(["ClusterIP", "LoadBalancer", "NodePort"]);

export function resolveServiceEndpoint(lookup: ServiceLookup, namespace: string, name: string, port: number, random: () => number = Math.random): Endpoint {
  const svc = lookup.service(namespace, name);
  if (!svc) throw new ServiceResolveError(`service "${name}" not found`, "NotFound");
  const type = svc.spec?.type ?? "ClusterIP";
  if (!ROUTABLE_TYPES.has(type)) throw new ServiceResolveError(`unsupported service type "${type}"`, "UnsupportedType");
  const svcPort = (svc.spec?.ports ?? []).find((p) => p.port === port);
  if (!svcPort) throw new ServiceResolveError(`no service port ${port} found for service "${name}"`, "ServiceUnavailable");
  const portName = svcPort.name ?? "";
  const unavailable = () => new ServiceResolveError(`no endpoints available for service "${name}"`, "ServiceUnavailable");
  const slices = shuffled(lookup.endpointSlices(namespace, name), random);
  if (!slices.length) throw unavailable();
  // The Service's primary family first, as upstream.
  const preferred = svc.spec?.ipFamilies?.[0];
  if (preferred) slices.sort((a, b) => Number(b.addressType === preferred) - Number(a.addressType === preferred));
  for (const slice of slices) {
    for (const p of slice.ports ?? []) {
      if ((p.name ?? undefined) !== portName || p.port === undefined || p.port === null) continue;
      const endpoints = slice.endpoints ?? [];
      if (!endpoints.length) continue;
      const offset = Math.floor(random() * endpoints.length);
      for (let i = 0; i < endpoints.length; i++) {
        const ep = endpoints[(i + offset) % endpoints.length];
        const ready = ep.conditions?.ready;
        if ((ready === undefined || ready === null || ready) && ep.addresses?.length) return { host: ep.addresses[0], port: p.port };
      }
    }
  }
  throw unavailable();
}

export function createServiceResolver(lookup: ServiceLookup, dialer: Dialer): ServiceResolver {
  return {
    resolve: (namespace, name, port) => resolveServiceEndpoint(lookup, namespace, name, port),
    async dial(namespace, name, port, signal) {
      const endpoint = resolveServiceEndpoint(lookup, namespace, name, port);
      return { socket: await dialer.dial(endpoint.host, endpoint.port, signal), endpoint };
    },
  };
}

function shuffled<T>(items: readonly T[], random: () => number): T[] {
  const out = [...items];
  for (let i = out.length - 1; i > 0; i--) {
    const j = Math.floor(random() * (i + 1));
    [out[i], out[j]] = [out[j], out[i]];
  }
  return out;
}
