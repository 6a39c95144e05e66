/**
 * Service defaulting (upstream's SetDefaults_Service) and the update-time
 * normalisation of the linked fields (clusterIP/clusterIPs, node ports,
 * type-dependent fields) that upstream's service REST does before
 * allocating.
 */
import type { Service } from "kubernetes-types/core/v1.js";
import type { KubeObject } from "../types.js";
import { jsonEqual } from "../validation/immutable.js";

export type ServiceObject = Service & KubeObject;

/** kubernetes-types marks status read-only; the server is the one writer. */
export type Mutable = { status?: Service["status"] };

export const CLIENT_IP_AFFINITY_SECONDS = 10800;

export function needsClusterIP(svc: ServiceObject): boolean {
  return svc.spec?.type !== "ExternalName";
}

export function needsNodePorts(svc: ServiceObject): boolean {
  return svc.spec?.type === "NodePort" || svc.spec?.type === "LoadBalancer";
}

/** LoadBalancer services with externalTrafficPolicy Local need a health check node port. */
export function needsHealthCheckNodePort(svc: ServiceObject): boolean {
  return svc.spec?.type === "LoadBalancer" && svc.spec.externalTrafficPolicy === "Local";
}

export function externallyAccessible(svc: ServiceObject): boolean {
  const t = svc.spec?.type;
  return t === "LoadBalancer" || t === "NodePort" || (t === "ClusterIP" && (svc.spec?.externalIPs ?? []).length > 0);
}

export function isHeadless(svc: ServiceObject): boolean {
  const ips = svc.spec?.clusterIPs;
  return svc.spec?.clusterIP === "None" || (ips !== undefined && ips.length > 0 && ips[0] === "None");
}

export function defaultService(svc: ServiceObject): void {
  const spec = (svc.spec ??= {});
  if (!spec.sessionAffinity) spec.sessionAffinity = "None";
  if (spec.sessionAffinity === "None") delete spec.sessionAffinityConfig;
  if (spec.sessionAffinity === "ClientIP" && spec.sessionAffinityConfig?.clientIP?.timeoutSeconds === undefined) {
    spec.sessionAffinityConfig = { clientIP: { timeoutSeconds: CLIENT_IP_AFFINITY_SECONDS } };
  }
  if (!spec.type) spec.type = "ClusterIP";
  for (const port of spec.ports ?? []) {
    if (!port.protocol) port.protocol = "TCP";
    if (port.targetPort === undefined || port.targetPort === 0 || port.targetPort === "") port.targetPort = port.port;
  }
  if (externallyAccessible(svc) && !spec.externalTrafficPolicy) spec.externalTrafficPolicy = "Cluster";
  if (spec.internalTrafficPolicy === undefined && spec.type !== "ExternalName") spec.internalTrafficPolicy = "Cluster";
  if (spec.type === "LoadBalancer" && spec.allocateLoadBalancerNodePorts === undefined) spec.allocateLoadBalancerNodePorts = true;
  if (spec.type === "LoadBalancer") {
    for (const ing of svc.status?.loadBalancer?.ingress ?? []) if (ing.ip && !ing.ipMode) ing.ipMode = "VIP";
  }
}

/** On create, a client that set only clusterIP gets clusterIPs to match. */
export function normalizeClusterIPsOnCreate(svc: ServiceObject): void {
  const spec = svc.spec!;
  if (spec.clusterIP && !(spec.clusterIPs ?? []).length) spec.clusterIPs = [spec.clusterIP];
}

/**
 * Before an update is allocated: keep allocated values a client left out
 * (an apply without clusterIP or nodePort), reconcile clusterIP with
 * clusterIPs, and drop fields a type change made meaningless when the
 * client did not touch them.
 */
export function normalizeServiceUpdate(svc: ServiceObject, old: ServiceObject): void {
  const spec = svc.spec!;
  const oldSpec = old.spec ?? {};
  if (needsClusterIP(old) && needsClusterIP(svc)) {
    if (!spec.clusterIP && oldSpec.clusterIP) spec.clusterIP = oldSpec.clusterIP;
    if (!(spec.clusterIPs ?? []).length && (oldSpec.clusterIPs ?? []).length) spec.clusterIPs = [...oldSpec.clusterIPs!];
  }
  if (needsNodePorts(old) && needsNodePorts(svc)) {
    const nodePortsOf = (s: ServiceObject) => new Set((s.spec?.ports ?? []).map((p) => p.nodePort).filter((n): n is number => !!n));
    const newUsed = nodePortsOf(svc);
    const byName = new Map((oldSpec.ports ?? []).map((p) => [p.name ?? "", p.nodePort ?? 0]));
    for (const p of spec.ports ?? []) {
      if (p.nodePort) continue;
      const reuse = byName.get(p.name ?? "") ?? 0;
      if (reuse && !newUsed.has(reuse)) p.nodePort = reuse;
    }
  }
  if (needsHealthCheckNodePort(old) && needsHealthCheckNodePort(svc) && !spec.healthCheckNodePort) {
    spec.healthCheckNodePort = oldSpec.healthCheckNodePort;
  }

  // clusterIP and clusterIPs move together.
  if ((oldSpec.clusterIPs ?? []).length && !(spec.clusterIPs ?? []).length && oldSpec.clusterIP === spec.clusterIP) {
    spec.clusterIPs = [...oldSpec.clusterIPs!];
  }
  if (oldSpec.clusterIP !== spec.clusterIP) {
    const sameIPs = jsonEqual(oldSpec.clusterIPs ?? [], spec.clusterIPs ?? []);
    if (oldSpec.clusterIP && !spec.clusterIP && sameIPs) delete spec.clusterIPs;
    if (spec.clusterIP && sameIPs) spec.clusterIPs = [spec.clusterIP];
  }

  dropTypeDependentFields(svc, old);
}

function dropTypeDependentFields(svc: ServiceObject, old: ServiceObject): void {
  const spec = svc.spec!;
  const oldSpec = old.spec ?? {};
  if (needsClusterIP(old) && !needsClusterIP(svc)) {
    if (jsonEqual(oldSpec.clusterIPs ?? [], spec.clusterIPs ?? []) && (oldSpec.clusterIP ?? "") === (spec.clusterIP ?? "")) {
      delete spec.clusterIP;
      delete spec.clusterIPs;
    }
    if (jsonEqual(oldSpec.ipFamilies ?? [], spec.ipFamilies ?? [])) delete spec.ipFamilies;
    if (oldSpec.ipFamilyPolicy === spec.ipFamilyPolicy) delete spec.ipFamilyPolicy;
  }
  if (needsNodePorts(old) && !needsNodePorts(svc)) {
    const oldPorts = (oldSpec.ports ?? []).map((p) => p.nodePort ?? 0);
    const newPorts = (spec.ports ?? []).map((p) => p.nodePort ?? 0);
    if (jsonEqual(oldPorts, newPorts)) for (const p of spec.ports ?? []) delete p.nodePort;
  }
  if (needsHealthCheckNodePort(old) && !needsHealthCheckNodePort(svc) && oldSpec.healthCheckNodePort === spec.healthCheckNodePort) {
    delete spec.healthCheckNodePort;
  }
  if (oldSpec.type === "LoadBalancer" && spec.type !== "LoadBalancer") {
    if (spec.allocateLoadBalancerNodePorts !== undefined && spec.allocateLoadBalancerNodePorts === oldSpec.allocateLoadBalancerNodePorts) {
      delete spec.allocateLoadBalancerNodePorts;
    }
    if (spec.loadBalancerClass === oldSpec.loadBalancerClass) delete spec.loadBalancerClass;
  }
  if (externallyAccessible(old) && !externallyAccessible(svc) && spec.externalTrafficPolicy === oldSpec.externalTrafficPolicy) {
    delete spec.externalTrafficPolicy;
  }
  if (spec.type !== "LoadBalancer" && svc.status) (svc as Mutable).status = { ...svc.status, loadBalancer: {} };
}
