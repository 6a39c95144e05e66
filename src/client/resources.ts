/**
 * The addresses (group/version/resource) of the built-in resources, so
 * components write `client.get(PODS, ns, name)` instead of spelling GVRs.
 */
import type { GVR } from "./types.js";

const gvr = (group: string, version: string, resource: string): GVR => Object.freeze({ group, version, resource });

// core/v1
export const PODS = gvr("", "v1", "pods");
export const NODES = gvr("", "v1", "nodes");
export const NAMESPACES = gvr("", "v1", "namespaces");
export const SERVICES = gvr("", "v1", "services");
export const ENDPOINTS = gvr("", "v1", "endpoints");
export const EVENTS = gvr("", "v1", "events");
export const SERVICEACCOUNTS = gvr("", "v1", "serviceaccounts");
export const SECRETS = gvr("", "v1", "secrets");
export const CONFIGMAPS = gvr("", "v1", "configmaps");
export const RESOURCEQUOTAS = gvr("", "v1", "resourcequotas");
export const LIMITRANGES = gvr("", "v1", "limitranges");
export const PVCS = gvr("", "v1", "persistentvolumeclaims");
export const PVS = gvr("", "v1", "persistentvolumes");
export const RCS = gvr("", "v1", "replicationcontrollers");
export const PODTEMPLATES = gvr("", "v1", "podtemplates");
export const COMPONENTSTATUSES = gvr("", "v1", "componentstatuses");

// apps/v1
export const DEPLOYMENTS = gvr("apps", "v1", "deployments");
export const REPLICASETS = gvr("apps", "v1", "replicasets");
export const STATEFULSETS = gvr("apps", "v1", "statefulsets");
export const DAEMONSETS = gvr("apps", "v1", "daemonsets");
export const CONTROLLERREVISIONS = gvr("apps", "v1", "controllerrevisions");

// batch/v1
export const JOBS = gvr("batch", "v1", "jobs");
export const CRONJOBS = gvr("batch", "v1", "cronjobs");

// other groups
export const ENDPOINTSLICES = gvr("discovery.k8s.io", "v1", "endpointslices");
export const EVENTS_V1 = gvr("events.k8s.io", "v1", "events");
export const LEASES = gvr("coordination.k8s.io", "v1", "leases");
export const HPAS = gvr("autoscaling", "v2", "horizontalpodautoscalers");
export const PDBS = gvr("policy", "v1", "poddisruptionbudgets");
export const FLOWSCHEMAS = gvr("flowcontrol.apiserver.k8s.io", "v1", "flowschemas");
export const PRIORITYLEVELS = gvr("flowcontrol.apiserver.k8s.io", "v1", "prioritylevelconfigurations");
export const PRIORITYCLASSES = gvr("scheduling.k8s.io", "v1", "priorityclasses");
export const STORAGECLASSES = gvr("storage.k8s.io", "v1", "storageclasses");
export const INGRESSES = gvr("networking.k8s.io", "v1", "ingresses");
export const INGRESSCLASSES = gvr("networking.k8s.io", "v1", "ingressclasses");
export const NETWORKPOLICIES = gvr("networking.k8s.io", "v1", "networkpolicies");
export const ROLES = gvr("rbac.authorization.k8s.io", "v1", "roles");
export const CLUSTERROLES = gvr("rbac.authorization.k8s.io", "v1", "clusterroles");
export const ROLEBINDINGS = gvr("rbac.authorization.k8s.io", "v1", "rolebindings");
export const CLUSTERROLEBINDINGS = gvr("rbac.authorization.k8s.io", "v1", "clusterrolebindings");
export const CSRS = gvr("certificates.k8s.io", "v1", "certificatesigningrequests");
export const FAULTS = gvr("chaos.skiff.dev", "v1", "faults");
export const ROUTES = gvr("network.skiff.dev", "v1", "routes");
export const SECURITY_GROUPS = gvr("network.skiff.dev", "v1", "securitygroups");

/** "apps/v1", or "v1" for the core group. */
export function apiVersionOf(g: Pick<GVR, "group" | "version">): string {
  return g.group ? `${g.group}/${g.version}` : g.version;
}
