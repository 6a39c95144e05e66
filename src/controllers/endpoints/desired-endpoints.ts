/**
 * The v1 Endpoints a Service should have, computed from the Service and its
 * selected pods as upstream's endpoints controller: one address per pod
 * with an IP (ready, or not-ready unless publishNotReadyAddresses), ports
 * resolved from targetPort per pod, addresses with identical port sets
 * packed into one subset (RepackSubsets), sorted for a stable result.
 */
import type { EndpointAddress, EndpointPort, EndpointSubset, Pod, Service } from "kubernetes-types/core/v1.js";
import { findPort, isPodReady, shouldPodBeInEndpoints } from "./pod-endpoint.js";

type Mutable<T> = { -readonly [K in keyof T]: T[K] };

export function desiredSubsets(service: Service, pods: Pod[]): EndpointSubset[] {
  const publishNotReady = service.spec?.publishNotReadyAddresses === true;
  const headless = service.spec?.clusterIP === "None";
  const groups = new Map<string, { ports: EndpointPort[]; ready: EndpointAddress[]; notReady: EndpointAddress[] }>();

  for (const pod of pods) {
    if (!shouldPodBeInEndpoints(pod, false)) continue;
    const address = addressOf(pod, service);
    const ports: EndpointPort[] = [];
    for (const sp of service.spec?.ports ?? []) {
      const port = findPort(pod, sp);
      if (port === undefined) continue;
      const ep: Mutable<EndpointPort> = { port, protocol: sp.protocol ?? "TCP" };
      if (sp.name) ep.name = sp.name;
      if (sp.appProtocol) ep.appProtocol = sp.appProtocol;
      ports.push(ep);
    }
    // A pod matching no port is left out, except for a headless service without ports.
    if (ports.length === 0 && !(headless && (service.spec?.ports ?? []).length === 0)) continue;
    ports.sort((a, b) => (a.name ?? "").localeCompare(b.name ?? "") || a.port - b.port);
    const key = JSON.stringify(ports);
    let g = groups.get(key);
    if (!g) groups.set(key, (g = { ports, ready: [], notReady: [] }));
    if (publishNotReady || isPodReady(pod)) g.ready.push(address);
    else g.notReady.push(address);
  }

  const subsets: EndpointSubset[] = [];
  for (const g of [...groups.values()].sort((a, b) => JSON.stringify(a.ports).localeCompare(JSON.stringify(b.ports)))) {
    const s: Mutable<EndpointSubset> = {};
    if (g.ready.length) s.addresses = g.ready.sort(byIP);
    if (g.notReady.length) s.notReadyAddresses = g.notReady.sort(byIP);
    if (g.ports.length) s.ports = g.ports;
    subsets.push(s);
  }
  return subsets;
}

function addressOf(pod: Pod, service: Service): EndpointAddress {
  const a: Mutable<EndpointAddress> = { ip: pod.status!.podIP! };
  if (pod.spec?.nodeName) a.nodeName = pod.spec.nodeName;
  // A pod's hostname is published only under the subdomain of the service it names.
  if (pod.spec?.hostname && pod.spec.subdomain === service.metadata?.name && pod.metadata?.namespace === service.metadata?.namespace) a.hostname = pod.spec.hostname;
  a.targetRef = { kind: "Pod", namespace: pod.metadata!.namespace!, name: pod.metadata!.name!, uid: pod.metadata!.uid! };
  return a;
}

function byIP(a: EndpointAddress, b: EndpointAddress): number {
  return a.ip.localeCompare(b.ip, undefined, { numeric: true }) || (a.targetRef?.name ?? "").localeCompare(b.targetRef?.name ?? "");
}
