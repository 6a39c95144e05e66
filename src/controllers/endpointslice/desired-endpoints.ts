/**
 * The endpoints a Service's EndpointSlices should hold, grouped by the
 * ports they resolve to (upstream's podToEndpoint and getEndpointPorts):
 * pods whose named target ports resolve differently land in different
 * slices.
 */
import type { EndpointPort, Endpoint } from "kubernetes-types/discovery/v1.js";
import type { Node, Pod, Service } from "kubernetes-types/core/v1.js";
import { findPort, isPodReady, shouldPodBeInEndpoints } from "../endpoints/pod-endpoint.js";

type Mutable<T> = { -readonly [K in keyof T]: T[K] };

export const ZONE_LABEL = "topology.kubernetes.io/zone";

/** Endpoints sharing one set of ports; key identifies the set. */
export interface EndpointGroup {
  key: string;
  ports: EndpointPort[];
  endpoints: Endpoint[];
}

export function desiredEndpointGroups(service: Service, pods: Pod[], nodeOf: (name: string) => Node | undefined): EndpointGroup[] {
  const groups = new Map<string, EndpointGroup>();
  for (const pod of pods) {
    if (!shouldPodBeInEndpoints(pod, true)) continue;
    const ports = endpointPorts(service, pod);
    const key = portsKey(ports);
    let g = groups.get(key);
    if (!g) groups.set(key, (g = { key, ports, endpoints: [] }));
    g.endpoints.push(podToEndpoint(pod, service, nodeOf));
  }
  return [...groups.values()];
}

export function endpointPorts(service: Service, pod: Pod): EndpointPort[] {
  const out: EndpointPort[] = [];
  for (const sp of service.spec?.ports ?? []) {
    const port = findPort(pod, sp);
    if (port === undefined) continue;
    const ep: Mutable<EndpointPort> = { name: sp.name ?? "", port, protocol: sp.protocol ?? "TCP" };
    if (sp.appProtocol) ep.appProtocol = sp.appProtocol;
    out.push(ep);
  }
  return out;
}

/** A key equal for equal port sets whatever their order. */
export function portsKey(ports: readonly EndpointPort[]): string {
  return JSON.stringify([...ports].map((p) => [p.name ?? "", p.port ?? 0, p.protocol ?? "TCP", p.appProtocol ?? ""]).sort());
}

export function podToEndpoint(pod: Pod, service: Service, nodeOf: (name: string) => Node | undefined): Endpoint {
  const serving = isPodReady(pod);
  const terminating = pod.metadata?.deletionTimestamp != null;
  // For compatibility, ready is never true for a terminating pod unless publishNotReadyAddresses.
  const ready = service.spec?.publishNotReadyAddresses === true || (serving && !terminating);
  const ep: Mutable<Endpoint> = { addresses: [pod.status!.podIP!], conditions: { ready, serving, terminating } };
  if (pod.spec?.hostname && pod.spec.subdomain === service.metadata?.name && pod.metadata?.namespace === service.metadata?.namespace) ep.hostname = pod.spec.hostname;
  ep.targetRef = { kind: "Pod", namespace: pod.metadata!.namespace!, name: pod.metadata!.name!, uid: pod.metadata!.uid! };
  const nodeName = pod.spec?.nodeName;
  if (nodeName) {
    ep.nodeName = nodeName;
    const zone = nodeOf(nodeName)?.metadata?.labels?.[ZONE_LABEL];
    if (zone) ep.zone = zone;
  }
  return ep;
}

/** Identity of an endpoint across syncs: its pod. */
export function endpointKey(ep: Endpoint): string {
  return ep.targetRef?.uid ?? ep.addresses.join(",");
}
