/** Upstream field facts of io.k8s.api.rbac.v1 (grammar: field-facts.ts). */
import type { PackageFacts } from "./field-facts.js";

export const rbacV1Facts: PackageFacts = {
  package: "io.k8s.api.rbac.v1",
  types: {
    AggregationRule: "clusterRoleSelectors=list:atomic",
    ClusterRole: "metadata=default:{} rules=list:atomic",
    ClusterRoleBinding: "metadata=default:{} roleRef=default:{} subjects=list:atomic",
    ClusterRoleBindingList: "metadata=default:{}",
    ClusterRoleList: "metadata=default:{}",
    PolicyRule: "apiGroups=list:atomic nonResourceURLs=list:atomic resourceNames=list:atomic resources=list:atomic verbs=list:atomic",
    Role: "metadata=default:{} rules=list:atomic",
    RoleBinding: "metadata=default:{} roleRef=default:{} subjects=list:atomic",
    RoleBindingList: "metadata=default:{}",
    RoleList: "metadata=default:{}",
    RoleRef: "@map:atomic apiGroup=default:\"\" kind=default:\"\" name=default:\"\"",
    Subject: "@map:atomic kind=default:\"\" name=default:\"\"",
  },
};
