/**
 * The RBAC objects kubeadm creates so that nodes can join with a bootstrap
 * token: anyone may read the cluster-info ConfigMap; holders of kubeadm's
 * default node token may create CSRs and have their client certificate
 * auto-approved; nodes may renew their own client certificate.
 */
import type { KubeObject } from "../types.js";

const RBAC = "rbac.authorization.k8s.io/v1";
const RBAC_GROUP = "rbac.authorization.k8s.io";
export const KUBEADM_NODE_TOKEN_GROUP = "system:bootstrappers:kubeadm:default-node-token";
export const CLUSTER_INFO_ROLE = "kubeadm:bootstrap-signer-clusterinfo";

function clusterBinding(name: string, clusterRole: string, group: string): KubeObject {
  return {
    apiVersion: RBAC,
    kind: "ClusterRoleBinding",
    metadata: { name },
    roleRef: { apiGroup: RBAC_GROUP, kind: "ClusterRole", name: clusterRole },
    subjects: [{ apiGroup: RBAC_GROUP, kind: "Group", name: group }],
  } as KubeObject;
}

export function joinPolicyObjects(): KubeObject[] {
  return [
    {
      apiVersion: RBAC,
      kind: "Role",
      metadata: { name: CLUSTER_INFO_ROLE, namespace: "kube-public" },
      rules: [{ apiGroups: [""], resources: ["configmaps"], resourceNames: ["cluster-info"], verbs: ["get"] }],
    } as KubeObject,
    {
      apiVersion: RBAC,
      kind: "RoleBinding",
      metadata: { name: CLUSTER_INFO_ROLE, namespace: "kube-public" },
      roleRef: { apiGroup: RBAC_GROUP, kind: "Role", name: CLUSTER_INFO_ROLE },
      subjects: [{ apiGroup: RBAC_GROUP, kind: "User", name: "system:anonymous" }],
    } as KubeObject,
    clusterBinding("kubeadm:kubelet-bootstrap", "system:node-bootstrapper", KUBEADM_NODE_TOKEN_GROUP),
    clusterBinding("kubeadm:node-autoapprove-bootstrap", "system:certificates.k8s.io:certificatesigningrequests:nodeclient", KUBEADM_NODE_TOKEN_GROUP),
    clusterBinding("kubeadm:node-autoapprove-certificate-rotation", "system:certificates.k8s.io:certificatesigningrequests:selfnodeclient", "system:nodes"),
  ];
}
