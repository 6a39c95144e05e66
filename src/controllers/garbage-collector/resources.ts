/**
 * The resources the garbage collector watches: every kind that owns or is
 * owned in a usual cluster. Configurable: pass another list to watch more
 * (custom resources) or fewer.
 */
import type { GVR } from "../../client/types.js";

export interface MonitoredResource {
  gvr: GVR;
  kind: string;
  namespaced: boolean;
}

const r = (group: string, version: string, resource: string, kind: string, namespaced = true): MonitoredResource => ({ gvr: { group, version, resource }, kind, namespaced });

/**
 * Upstream's collector watches every deletable resource through metadata-only
 * informers. Skiff's informers hold whole objects, so Events (the most
 * numerous, and never owners or owned in practice) are left out to keep a
 * large cluster's memory down.
 */
export const DEFAULT_MONITORED_RESOURCES: readonly MonitoredResource[] = [
  r("", "v1", "pods", "Pod"),
  r("", "v1", "configmaps", "ConfigMap"),
  r("", "v1", "secrets", "Secret"),
  r("", "v1", "services", "Service"),
  r("", "v1", "serviceaccounts", "ServiceAccount"),
  r("", "v1", "endpoints", "Endpoints"),
  r("", "v1", "persistentvolumeclaims", "PersistentVolumeClaim"),
  r("", "v1", "nodes", "Node", false),
  r("", "v1", "replicationcontrollers", "ReplicationController"),
  r("", "v1", "podtemplates", "PodTemplate"),
  r("apps", "v1", "deployments", "Deployment"),
  r("apps", "v1", "replicasets", "ReplicaSet"),
  r("apps", "v1", "statefulsets", "StatefulSet"),
  r("apps", "v1", "daemonsets", "DaemonSet"),
  r("apps", "v1", "controllerrevisions", "ControllerRevision"),
  r("batch", "v1", "jobs", "Job"),
  r("batch", "v1", "cronjobs", "CronJob"),
  r("discovery.k8s.io", "v1", "endpointslices", "EndpointSlice"),
  r("coordination.k8s.io", "v1", "leases", "Lease"),
  // Claims made from a pod's templates belong to the pod; a node's slices to the node.
  r("resource.k8s.io", "v1", "resourceclaims", "ResourceClaim"),
  r("resource.k8s.io", "v1", "resourceslices", "ResourceSlice", false),
];

/** "apps/v1" → "apps"; "v1" → "". */
export function groupOf(apiVersion: string): string {
  const i = apiVersion.indexOf("/");
  return i < 0 ? "" : apiVersion.slice(0, i);
}

/** Finds the monitored resource of an ownerReference's apiVersion and kind (any version of the group). */
export function resourceForKind(resources: readonly MonitoredResource[], apiVersion: string, kind: string): MonitoredResource | undefined {
  const group = groupOf(apiVersion);
  return resources.find((m) => m.kind === kind && m.gvr.group === group);
}
