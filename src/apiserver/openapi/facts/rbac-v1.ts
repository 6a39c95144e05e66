/** Upstream field facts of io.k8s.api.rbac.v1 (grammar: field-facts.ts). */
import type { PackageFacts } from "./field-facts.js";

export const rbacV1Facts: PackageFacts = {
  package: "io.k8s.api.rbac.v1",
  types: {
    AggregationRule: "clusterRoleSelectors=list:atomic",
    ClusterRole: "rules=list:atomic",
    ClusterRoleBinding: "subjects=list:atomic",
    PolicyRule: "apiGroups=list:atomic nonResourceURLs=list:atomic resourceNames=list:atomic resources=list:atomic verbs=list:atomic",
    Role: "rules=list:atomic",
    RoleBinding: "subjects=list:atomic",
    RoleRef: "@map:atomic",
    Subject: "@map:atomic",
  },
};
