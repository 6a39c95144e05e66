/** The Service table, as upstream's printService. */
import type { ServicePort } from "kubernetes-types/core/v1.js";
import type { TableColumn } from "../types.js";
import { formatLabels, ageColumn } from "../printers.js";
import type { ServiceObject } from "./service-defaults.js";

/** "80/TCP,443:30443/TCP". */
export function servicePortsString(ports: readonly ServicePort[] | undefined): string {
  return (ports ?? []).map((p) => (p.nodePort ? `${p.port}:${p.nodePort}/${p.protocol ?? ""}` : `${p.port}/${p.protocol ?? ""}`)).join(",");
}

/** Ingress IPs (or hostnames), de-duplicated and sorted, as loadBalancerStatusStringer (the server prints wide). */
function loadBalancerAddresses(svc: ServiceObject): string {
  const set = new Set<string>();
  for (const ing of svc.status?.loadBalancer?.ingress ?? []) {
    if (ing.ip) set.add(ing.ip);
    else if (ing.hostname) set.add(ing.hostname);
  }
  return [...set].sort().join(",");
}

export function serviceExternalIP(svc: ServiceObject): string {
  const external = svc.spec?.externalIPs ?? [];
  switch (svc.spec?.type) {
    case "ClusterIP":
    case "NodePort":
      return external.length ? external.join(",") : "<none>";
    case "LoadBalancer": {
      const lb = loadBalancerAddresses(svc);
      if (external.length) return [...(lb ? lb.split(",") : []), ...external].join(",");
      return lb || "<pending>";
    }
    case "ExternalName":
      return svc.spec.externalName ?? "";
    default:
      return "<unknown>";
  }
}

export const serviceColumns: TableColumn<ServiceObject>[] = [
  { name: "Type", type: "string", description: "type determines how the Service is exposed. Defaults to ClusterIP.", cell: (s) => s.spec?.type ?? "" },
  { name: "Cluster-IP", type: "string", description: "clusterIP is the IP address of the service and is usually assigned randomly.", cell: (s) => s.spec?.clusterIPs?.[0] ?? "<none>" },
  { name: "External-IP", type: "string", description: "externalIPs is a list of IP addresses for which nodes in the cluster will also accept traffic for this service.", cell: serviceExternalIP },
  { name: "Port(s)", type: "string", description: "The list of ports that are exposed by this service.", cell: (s) => servicePortsString(s.spec?.ports) || "<none>" },
  ageColumn<ServiceObject>(),
  { name: "Selector", type: "string", priority: 1, description: "Route service traffic to pods with label keys and values matching this selector.", cell: (s) => formatLabels(s.spec?.selector) },
];
