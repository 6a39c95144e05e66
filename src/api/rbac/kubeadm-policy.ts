/**
 * What kubeadm binds at init beside the API server's bootstrap policy:
 * the kubeadm:cluster-admins group (the API server's kubelet client
 * certificate's organization) to cluster-admin, so kubelets' delegated
 * authorization lets the API server reach logs, exec and metrics.
 */
import type { ClusterRoleBinding } from "kubernetes-types/rbac/v1.js";
import type { KubeObject } from "../types.js";
import { RBAC_GROUP } from "./rbac-validation.js";

export function kubeadmClusterRoleBindings(): (ClusterRoleBinding & KubeObject)[] {
  return [
    {
      apiVersion: "rbac.authorization.k8s.io/v1",
      kind: "ClusterRoleBinding",
      metadata: { name: "kubeadm:cluster-admins" },
      roleRef: { apiGroup: RBAC_GROUP, kind: "ClusterRole", name: "cluster-admin" },
      subjects: [{ apiGroup: RBAC_GROUP, kind: "Group", name: "kubeadm:cluster-admins" }],
    },
  ];
}
