/**
 * The default ClusterRoles and ClusterRoleBindings an API server keeps in
 * place, as upstream's bootstrap policy (plugin/pkg/auth/authorizer/rbac/
 * bootstrappolicy, testdata/cluster-roles.yaml and cluster-role-bindings.yaml).
 * Rules are data: one line per PolicyRule.
 */
import type { ClusterRole, ClusterRoleBinding, PolicyRule, Subject } from "kubernetes-types/rbac/v1.js";
import type { KubeObject } from "../types.js";
import { RBAC_GROUP } from "./rbac-validation.js";

const READ = ["get", "list", "watch"];
const WRITE = ["create", "delete", "deletecollection", "patch", "update"];
const ALL = ["create", "delete", "deletecollection", "get", "list", "patch", "update", "watch"];
const EVENT_WRITE: PolicyRule = { apiGroups: ["", "events.k8s.io"], resources: ["events"], verbs: ["create", "patch", "update"] };

const r = (apiGroups: string[], resources: string[], verbs: string[], resourceNames?: string[]): PolicyRule =>
  resourceNames ? { apiGroups, resourceNames, resources, verbs } : { apiGroups, resources, verbs };
const urls = (nonResourceURLs: string[], verbs: string[]): PolicyRule => ({ nonResourceURLs, verbs });
const approver = (signer: string): PolicyRule => r(["certificates.k8s.io"], ["signers"], ["approve"], [signer]);

const LABELS = { "kubernetes.io/bootstrapping": "rbac-defaults" };
const ANNOTATIONS = { "rbac.authorization.kubernetes.io/autoupdate": "true" };

type ClusterRoleObject = ClusterRole & KubeObject;
type ClusterRoleBindingObject = ClusterRoleBinding & KubeObject;

function role(name: string, rules: PolicyRule[], extra: { labels?: Record<string, string>; aggregateFrom?: string } = {}): ClusterRoleObject {
  const obj: ClusterRoleObject = {
    apiVersion: "rbac.authorization.k8s.io/v1",
    kind: "ClusterRole",
    metadata: { name, labels: { ...LABELS, ...extra.labels }, annotations: { ...ANNOTATIONS } },
    rules,
  };
  if (extra.aggregateFrom) obj.aggregationRule = { clusterRoleSelectors: [{ matchLabels: { [extra.aggregateFrom]: "true" } }] };
  return obj;
}

const AGG_ADMIN = "rbac.authorization.k8s.io/aggregate-to-admin";
const AGG_EDIT = "rbac.authorization.k8s.io/aggregate-to-edit";
const AGG_VIEW = "rbac.authorization.k8s.io/aggregate-to-view";

const clusterRoleList: ClusterRoleObject[] = [
  role("admin", [], { aggregateFrom: AGG_ADMIN }),
  role("cluster-admin", [r(["*"], ["*"], ["*"]), urls(["*"], ["*"])]),
  role("edit", [], { aggregateFrom: AGG_EDIT, labels: { [AGG_ADMIN]: "true" } }),
  role("system:aggregate-to-admin", [
    r(["authorization.k8s.io"], ["localsubjectaccessreviews"], ["create"]),
    r(["rbac.authorization.k8s.io"], ["rolebindings", "roles"], ALL),
  ], { labels: { [AGG_ADMIN]: "true" } }),
  role("system:aggregate-to-edit", [
    r([""], ["pods/attach", "pods/exec", "pods/portforward", "pods/proxy", "secrets", "services/proxy"], READ),
    r([""], ["serviceaccounts"], ["impersonate"]),
    r([""], ["pods", "pods/attach", "pods/exec", "pods/portforward", "pods/proxy"], WRITE),
    r([""], ["pods/eviction"], ["create"]),
    r([""], ["configmaps", "events", "persistentvolumeclaims", "replicationcontrollers", "replicationcontrollers/scale", "secrets", "serviceaccounts", "services", "services/proxy"], WRITE),
    r([""], ["serviceaccounts/token"], ["create"]),
    r(["apps"], ["daemonsets", "deployments", "deployments/rollback", "deployments/scale", "replicasets", "replicasets/scale", "statefulsets", "statefulsets/scale"], WRITE),
    r(["autoscaling"], ["horizontalpodautoscalers"], WRITE),
    r(["batch"], ["cronjobs", "jobs"], WRITE),
    r(["extensions"], ["daemonsets", "deployments", "deployments/rollback", "deployments/scale", "ingresses", "networkpolicies", "replicasets", "replicasets/scale", "replicationcontrollers/scale"], WRITE),
    r(["policy"], ["poddisruptionbudgets"], WRITE),
    r(["networking.k8s.io"], ["ingresses", "networkpolicies"], WRITE),
    r(["coordination.k8s.io"], ["leases"], ALL),
  ], { labels: { [AGG_EDIT]: "true" } }),
  role("system:aggregate-to-view", [
    r([""], ["configmaps", "endpoints", "persistentvolumeclaims", "persistentvolumeclaims/status", "pods", "replicationcontrollers", "replicationcontrollers/scale", "serviceaccounts", "services", "services/status"], READ),
    r([""], ["bindings", "events", "limitranges", "namespaces/status", "pods/log", "pods/status", "replicationcontrollers/status", "resourcequotas", "resourcequotas/status"], READ),
    r([""], ["namespaces"], READ),
    r(["discovery.k8s.io"], ["endpointslices"], READ),
    r(["apps"], ["controllerrevisions", "daemonsets", "daemonsets/status", "deployments", "deployments/scale", "deployments/status", "replicasets", "replicasets/scale", "replicasets/status", "statefulsets", "statefulsets/scale", "statefulsets/status"], READ),
    r(["autoscaling"], ["horizontalpodautoscalers", "horizontalpodautoscalers/status"], READ),
    r(["batch"], ["cronjobs", "cronjobs/status", "jobs", "jobs/status"], READ),
    r(["extensions"], ["daemonsets", "daemonsets/status", "deployments", "deployments/scale", "deployments/status", "ingresses", "ingresses/status", "networkpolicies", "replicasets", "replicasets/scale", "replicasets/status", "replicationcontrollers/scale"], READ),
    r(["policy"], ["poddisruptionbudgets", "poddisruptionbudgets/status"], READ),
    r(["networking.k8s.io"], ["ingresses", "ingresses/status", "networkpolicies"], READ),
  ], { labels: { [AGG_VIEW]: "true" } }),
  role("system:auth-delegator", [
    r(["authentication.k8s.io"], ["tokenreviews"], ["create"]),
    r(["authorization.k8s.io"], ["subjectaccessreviews"], ["create"]),
  ]),
  role("system:basic-user", [
    r(["authorization.k8s.io"], ["selfsubjectaccessreviews", "selfsubjectrulesreviews"], ["create"]),
    r(["authentication.k8s.io"], ["selfsubjectreviews"], ["create"]),
  ]),
  role("system:certificates.k8s.io:certificatesigningrequests:nodeclient", [r(["certificates.k8s.io"], ["certificatesigningrequests/nodeclient"], ["create"])]),
  role("system:certificates.k8s.io:certificatesigningrequests:selfnodeclient", [r(["certificates.k8s.io"], ["certificatesigningrequests/selfnodeclient"], ["create"])]),
  role("system:certificates.k8s.io:kube-apiserver-client-approver", [approver("kubernetes.io/kube-apiserver-client")]),
  role("system:certificates.k8s.io:kube-apiserver-client-kubelet-approver", [approver("kubernetes.io/kube-apiserver-client-kubelet")]),
  role("system:certificates.k8s.io:kubelet-serving-approver", [approver("kubernetes.io/kubelet-serving")]),
  role("system:certificates.k8s.io:legacy-unknown-approver", [approver("kubernetes.io/legacy-unknown")]),
  role("system:discovery", [urls(["/api", "/api/*", "/apis", "/apis/*", "/healthz", "/livez", "/openapi", "/openapi/*", "/readyz", "/version", "/version/"], ["get"])]),
  role("system:heapster", [r([""], ["events", "namespaces", "nodes", "pods"], READ), r(["extensions"], ["deployments"], READ)]),
  role("system:kube-aggregator", [r([""], ["endpoints", "services"], READ)]),
  role("system:kube-controller-manager", [
    EVENT_WRITE,
    r(["coordination.k8s.io"], ["leases"], ["create"]),
    r(["coordination.k8s.io"], ["leases"], ["get", "update"], ["kube-controller-manager"]),
    r([""], ["secrets", "serviceaccounts"], ["create"]),
    r([""], ["secrets"], ["delete"]),
    r([""], ["configmaps", "namespaces", "secrets", "serviceaccounts"], ["get"]),
    r([""], ["secrets", "serviceaccounts"], ["update"]),
    r(["authentication.k8s.io"], ["tokenreviews"], ["create"]),
    r(["authorization.k8s.io"], ["subjectaccessreviews"], ["create"]),
    r(["*"], ["*"], ["list", "watch"]),
    r([""], ["serviceaccounts/token"], ["create"]),
  ]),
  role("system:kube-dns", [r([""], ["endpoints", "services"], ["list", "watch"])]),
  role("system:kube-scheduler", [
    EVENT_WRITE,
    r(["coordination.k8s.io"], ["leases"], ["create"]),
    r(["coordination.k8s.io"], ["leases"], ["get", "update"], ["kube-scheduler"]),
    r([""], ["nodes"], READ),
    r([""], ["pods"], ["delete", "get", "list", "watch"]),
    r([""], ["bindings", "pods/binding"], ["create"]),
    r([""], ["pods/status"], ["patch", "update"]),
    r([""], ["replicationcontrollers", "services"], READ),
    r(["apps", "extensions"], ["replicasets"], READ),
    r(["apps"], ["statefulsets"], READ),
    r(["policy"], ["poddisruptionbudgets"], READ),
    r([""], ["persistentvolumeclaims", "persistentvolumes"], READ),
    r(["authentication.k8s.io"], ["tokenreviews"], ["create"]),
    r(["authorization.k8s.io"], ["subjectaccessreviews"], ["create"]),
    r(["storage.k8s.io"], ["csinodes"], READ),
    r([""], ["namespaces"], READ),
    r(["storage.k8s.io"], ["csidrivers"], READ),
    r(["storage.k8s.io"], ["csistoragecapacities"], READ),
  ]),
  role("system:kubelet-api-admin", [
    r([""], ["nodes"], READ),
    r([""], ["nodes"], ["proxy"]),
    r([""], ["nodes/log", "nodes/metrics", "nodes/proxy", "nodes/stats"], ["*"]),
  ]),
  role("system:monitoring", [urls(["/healthz", "/healthz/*", "/livez", "/livez/*", "/metrics", "/metrics/slis", "/readyz", "/readyz/*"], ["get"])]),
  role("system:node", [
    r(["authentication.k8s.io"], ["tokenreviews"], ["create"]),
    r(["authorization.k8s.io"], ["localsubjectaccessreviews", "subjectaccessreviews"], ["create"]),
    r([""], ["services"], READ),
    r([""], ["nodes"], ["create", "get", "list", "watch"]),
    r([""], ["nodes/status"], ["patch", "update"]),
    r([""], ["nodes"], ["patch", "update"]),
    r([""], ["events"], ["create", "patch", "update"]),
    r([""], ["pods"], READ),
    r([""], ["pods"], ["create", "delete"]),
    r([""], ["pods/status"], ["patch", "update"]),
    r([""], ["pods/eviction"], ["create"]),
    r([""], ["configmaps", "secrets"], READ),
    r([""], ["persistentvolumeclaims", "persistentvolumes"], ["get"]),
    r([""], ["endpoints"], ["get"]),
    r(["certificates.k8s.io"], ["certificatesigningrequests"], ["create", "get", "list", "watch"]),
    r(["coordination.k8s.io"], ["leases"], ["create", "delete", "get", "patch", "update"]),
    r(["storage.k8s.io"], ["volumeattachments"], ["get"]),
    r([""], ["serviceaccounts/token"], ["create"]),
    r([""], ["persistentvolumeclaims/status"], ["get", "patch", "update"]),
    r(["storage.k8s.io"], ["csidrivers"], READ),
    r(["storage.k8s.io"], ["csinodes"], ["create", "delete", "get", "patch", "update"]),
    r(["node.k8s.io"], ["runtimeclasses"], READ),
    // Skiff's own: a kubelet follows the chaos Faults aimed at it and reports their status.
    r(["chaos.skiff.dev"], ["faults"], READ),
    r(["chaos.skiff.dev"], ["faults/status"], ["patch", "update"]),
  ]),
  role("system:node-bootstrapper", [r(["certificates.k8s.io"], ["certificatesigningrequests"], ["create", "get", "list", "watch"])]),
  role("system:node-problem-detector", [r([""], ["nodes"], ["get"]), r([""], ["nodes/status"], ["patch"]), EVENT_WRITE]),
  role("system:node-proxier", [
    r([""], ["endpoints", "services"], ["list", "watch"]),
    r([""], ["nodes"], READ),
    EVENT_WRITE,
    r(["discovery.k8s.io"], ["endpointslices"], ["list", "watch"]),
    // Skiff's own: the sim nodes' kube-proxy follows SlowNodeAddresses Faults.
    r(["chaos.skiff.dev"], ["faults"], ["list", "watch"]),
  ]),
  role("system:persistent-volume-provisioner", [
    r([""], ["persistentvolumes"], ["create", "delete", "get", "list", "watch"]),
    r([""], ["persistentvolumeclaims"], ["get", "list", "update", "watch"]),
    r(["storage.k8s.io"], ["storageclasses"], READ),
    r([""], ["events"], ["watch"]),
    EVENT_WRITE,
  ]),
  role("system:public-info-viewer", [urls(["/healthz", "/livez", "/readyz", "/version", "/version/"], ["get"])]),
  role("system:service-account-issuer-discovery", [urls(["/.well-known/openid-configuration", "/openid/v1/jwks"], ["get"])]),
  role("system:volume-scheduler", [
    r([""], ["persistentvolumes"], ["get", "list", "patch", "update", "watch"]),
    r(["storage.k8s.io"], ["storageclasses"], READ),
    r([""], ["persistentvolumeclaims"], ["get", "list", "patch", "update", "watch"]),
  ]),
  role("view", [], { aggregateFrom: AGG_VIEW, labels: { [AGG_EDIT]: "true" } }),
];

const group = (name: string): Subject => ({ apiGroup: RBAC_GROUP, kind: "Group", name });
const user = (name: string): Subject => ({ apiGroup: RBAC_GROUP, kind: "User", name });

function binding(name: string, subjects: Subject[] | undefined, roleName = name): ClusterRoleBindingObject {
  const obj: ClusterRoleBindingObject = {
    apiVersion: "rbac.authorization.k8s.io/v1",
    kind: "ClusterRoleBinding",
    metadata: { name, labels: { ...LABELS }, annotations: { ...ANNOTATIONS } },
    roleRef: { apiGroup: RBAC_GROUP, kind: "ClusterRole", name: roleName },
  };
  if (subjects) obj.subjects = subjects;
  return obj;
}

const clusterRoleBindingList: ClusterRoleBindingObject[] = [
  binding("cluster-admin", [group("system:masters")]),
  binding("system:basic-user", [group("system:authenticated")]),
  binding("system:discovery", [group("system:authenticated")]),
  binding("system:kube-controller-manager", [user("system:kube-controller-manager")]),
  binding("system:kube-dns", [{ kind: "ServiceAccount", name: "kube-dns", namespace: "kube-system" }]),
  binding("system:kube-scheduler", [user("system:kube-scheduler")]),
  // Nodes are authorized by the Node authorizer; upstream keeps this binding subject-less.
  binding("system:node", undefined),
  binding("system:node-proxier", [user("system:kube-proxy")]),
  binding("system:public-info-viewer", [group("system:authenticated"), group("system:unauthenticated")]),
  binding("system:volume-scheduler", [user("system:kube-scheduler")]),
];

/** Fresh copies of upstream's default ClusterRoles, sorted by name. */
export function bootstrapClusterRoles(): ClusterRoleObject[] {
  return structuredClone(clusterRoleList);
}

/** Fresh copies of upstream's default ClusterRoleBindings, sorted by name. */
export function bootstrapClusterRoleBindings(): ClusterRoleBindingObject[] {
  return structuredClone(clusterRoleBindingList);
}

/** The system:node ClusterRole's rules, which the Node authorizer evaluates for every node (upstream's NodeRules). */
export function nodeRules(): PolicyRule[] {
  return structuredClone(clusterRoleList.find((r) => r.metadata.name === "system:node")!.rules ?? []);
}
