/**
 * Objects the API server creates at first start when they are absent, as
 * upstream's bootstrap controllers do: the system namespaces, the system
 * priority classes and the default RBAC policy.
 */
import type { KubeObject } from "./types.js";
import { SYSTEM_PRIORITY_CLASSES } from "./scheduling/priorityclasses.js";
import { bootstrapClusterRoleBindings, bootstrapClusterRoles } from "./rbac/bootstrap-policy.js";
import { controllerClusterRoleBindings, controllerClusterRoles } from "./rbac/controller-policy.js";
import { bootstrapRoleBindings, bootstrapRoles } from "./rbac/namespace-policy.js";
import { kubeadmClusterRoleBindings } from "./rbac/kubeadm-policy.js";
import { apfBootstrapConfiguration } from "./flowcontrol/index.js";
import { joinPolicyObjects } from "./rbac/join-policy.js";

/** Namespaces every cluster has; kube-node-lease holds node heartbeats. */
export const SYSTEM_NAMESPACES = ["default", "kube-system", "kube-public", "kube-node-lease"] as const;

/**
 * Fresh objects in creation order: namespaces first, then priority classes,
 * ClusterRoles, ClusterRoleBindings, then the namespaced Roles and
 * RoleBindings. Each is a create body (no
 * server-owned metadata); a caller creates those that do not exist yet.
 */
export function bootstrapObjects(): KubeObject[] {
  const namespaces: KubeObject[] = SYSTEM_NAMESPACES.map((name) => ({ apiVersion: "v1", kind: "Namespace", metadata: { name } }));
  return [
    ...namespaces,
    ...SYSTEM_PRIORITY_CLASSES.map((pc) => structuredClone(pc)),
    ...bootstrapClusterRoles(),
    ...controllerClusterRoles(),
    ...bootstrapClusterRoleBindings(),
    ...controllerClusterRoleBindings(),
    ...kubeadmClusterRoleBindings(),
    ...bootstrapRoles(),
    ...bootstrapRoleBindings(),
    ...apfBootstrapConfiguration(),
    ...joinPolicyObjects(),
  ];
}
