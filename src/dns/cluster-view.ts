/**
 * What the cluster DNS answers from: Services, their EndpointSlices and
 * Namespaces, as CoreDNS's kubernetes plugin keeps them in its informers'
 * caches. The server reads only through this view; informer-view.ts builds
 * it from a client's informers, staticClusterView from plain objects (tests,
 * and callers that already hold the objects).
 */
import type { Service } from "kubernetes-types/core/v1.js";
import type { EndpointSlice } from "kubernetes-types/discovery/v1.js";
import { normalizeAddress } from "./names.js";

export interface ClusterView {
  /** Whether every cache has listed once; until then a name error is SERVFAIL, as CoreDNS answers. */
  synced(): boolean;
  namespaceExists(name: string): boolean;
  service(namespace: string, name: string): Service | undefined;
  /** The slices of a Service (label kubernetes.io/service-name). */
  endpointSlices(namespace: string, service: string): EndpointSlice[];
  /** Services with this address among their clusterIPs. */
  servicesWithClusterIP(ip: string): Service[];
  /** Slices holding an endpoint with this address. */
  endpointSlicesWithAddress(ip: string): EndpointSlice[];
  /** The SOA serial: seconds since the epoch at the last change seen. */
  serial(): number;
}

export const SERVICE_NAME_LABEL = "kubernetes.io/service-name";

/** The index keys a Service is found by: its cluster IPs, normalised. */
export function clusterIPsOf(svc: Service): string[] {
  const ips = svc.spec?.clusterIPs?.length ? svc.spec.clusterIPs : svc.spec?.clusterIP ? [svc.spec.clusterIP] : [];
  return ips.filter((ip) => ip && ip !== "None").map(normalizeAddress);
}

/** The addresses of a slice's endpoints, normalised. */
export function addressesOf(slice: EndpointSlice): string[] {
  return (slice.endpoints ?? []).flatMap((e) => e.addresses ?? []).map(normalizeAddress);
}

export function sliceServiceKey(slice: EndpointSlice): string | undefined {
  const svc = slice.metadata?.labels?.[SERVICE_NAME_LABEL];
  return svc ? `${slice.metadata?.namespace ?? ""}/${svc}` : undefined;
}

export interface StaticClusterObjects {
  namespaces: string[];
  services?: Service[];
  endpointSlices?: EndpointSlice[];
  serial?: number;
}

/** A view over fixed objects. */
export function staticClusterView(o: StaticClusterObjects): ClusterView {
  const services = o.services ?? [];
  const slices = o.endpointSlices ?? [];
  return {
    synced: () => true,
    namespaceExists: (name) => o.namespaces.includes(name),
    service: (ns, name) => services.find((s) => s.metadata?.namespace === ns && s.metadata?.name === name),
    endpointSlices: (ns, name) => slices.filter((s) => sliceServiceKey(s) === `${ns}/${name}`),
    servicesWithClusterIP: (ip) => services.filter((s) => clusterIPsOf(s).includes(normalizeAddress(ip))),
    endpointSlicesWithAddress: (ip) => slices.filter((s) => addressesOf(s).includes(normalizeAddress(ip))),
    serial: () => o.serial ?? 0,
  };
}
