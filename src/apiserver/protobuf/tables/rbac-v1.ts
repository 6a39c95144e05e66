/** Upstream protobuf facts of rbac.v1 (grammar: ../fact-table.ts). */
import type { ProtoPackage } from "../fact-table.js";

export const rbacV1Proto: ProtoPackage = {
  id: "rbac.v1",
  types: {
    AggregationRule: "clusterRoleSelectors=1:[]meta.v1.LabelSelector",
    ClusterRole: "metadata=1:meta.v1.ObjectMeta rules=2:[]PolicyRule aggregationRule=3:AggregationRule",
    ClusterRoleBinding: "metadata=1:meta.v1.ObjectMeta subjects=2:[]Subject roleRef=3:RoleRef",
    ClusterRoleBindingList: "metadata=1:meta.v1.ListMeta items=2:[]ClusterRoleBinding",
    ClusterRoleList: "metadata=1:meta.v1.ListMeta items=2:[]ClusterRole",
    PolicyRule: "verbs=1:[]str apiGroups=2:[]str resources=3:[]str resourceNames=4:[]str nonResourceURLs=5:[]str",
    Role: "metadata=1:meta.v1.ObjectMeta rules=2:[]PolicyRule",
    RoleBinding: "metadata=1:meta.v1.ObjectMeta subjects=2:[]Subject roleRef=3:RoleRef",
    RoleBindingList: "metadata=1:meta.v1.ListMeta items=2:[]RoleBinding",
    RoleList: "metadata=1:meta.v1.ListMeta items=2:[]Role",
    RoleRef: "apiGroup=1:str! kind=2:str! name=3:str!",
    Subject: "kind=1:str! apiGroup=2:str? name=3:str! namespace=4:str?",
  },
};
