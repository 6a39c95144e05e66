/** Objects the DNS tests answer from: a ClusterIP Service, a headless one with endpoints, an ExternalName. */
import type { Service } from "kubernetes-types/core/v1.js";
import type { EndpointSlice } from "kubernetes-types/discovery/v1.js";
import { staticClusterView, type ClusterView } from "./cluster-view.js";

export const web: Service = {
  metadata: { name: "web", namespace: "default" },
  spec: { type: "ClusterIP", clusterIP: "10.96.12.34", clusterIPs: ["10.96.12.34"], ports: [{ name: "http", port: 80, protocol: "TCP" }, { name: "metrics", port: 9090, protocol: "TCP" }] },
};
export const kubeDns: Service = {
  metadata: { name: "kube-dns", namespace: "kube-system" },
  spec: { type: "ClusterIP", clusterIP: "10.96.0.10", clusterIPs: ["10.96.0.10"], ports: [{ name: "dns", port: 53, protocol: "UDP" }, { name: "dns-tcp", port: 53, protocol: "TCP" }] },
};
export const db: Service = { metadata: { name: "db", namespace: "default" }, spec: { type: "ClusterIP", clusterIP: "None", clusterIPs: ["None"], ports: [{ name: "pg", port: 5432, protocol: "TCP" }] } };
export const ext: Service = { metadata: { name: "ext", namespace: "default" }, spec: { type: "ExternalName", externalName: "example.com" } };
export const alias: Service = { metadata: { name: "alias", namespace: "default" }, spec: { type: "ExternalName", externalName: "web.default.svc.cluster.local" } };

export function slice(service: string, endpoints: { ip: string; hostname?: string; ready?: boolean }[], ports = [{ name: "pg", port: 5432, protocol: "TCP" }]): EndpointSlice {
  return {
    metadata: { name: `${service}-abcde`, namespace: "default", labels: { "kubernetes.io/service-name": service } },
    addressType: "IPv4",
    endpoints: endpoints.map((e) => ({ addresses: [e.ip], hostname: e.hostname, conditions: { ready: e.ready ?? true } })),
    ports,
  };
}

export const dbSlice = slice("db", [{ ip: "10.244.1.5", hostname: "db-0" }, { ip: "10.244.2.6" }, { ip: "10.244.3.7", ready: false }]);
export const webSlice = slice("web", [{ ip: "10.244.1.9" }], [{ name: "http", port: 8080, protocol: "TCP" }]);

export function fixtureView(extra: { services?: Service[]; endpointSlices?: EndpointSlice[] } = {}): ClusterView {
  return staticClusterView({
    namespaces: ["default", "kube-system"],
    services: [web, kubeDns, db, ext, alias, ...(extra.services ?? [])],
    endpointSlices: [dbSlice, webSlice, ...(extra.endpointSlices ?? [])],
    serial: 1700000000,
  });
}
