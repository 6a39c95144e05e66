/**
 * The controllers' ClusterRoles and their bindings, as upstream's bootstrap
 * policy (plugin/pkg/auth/authorizer/rbac/bootstrappolicy/controller_policy.go,
 * testdata/controller-roles.yaml, controller-role-bindings.yaml): each
 * system:controller:<name> ClusterRole is bound to the ServiceAccount
 * kube-system/<name> its controller acts as
 * (--use-service-account-credentials). Rules are data: one line per PolicyRule.
 */
import type { ClusterRole, ClusterRoleBinding, PolicyRule } from "kubernetes-types/rbac/v1.js";
import type { KubeObject } from "../types.js";
import { RBAC_GROUP } from "./rbac-validation.js";

const EVENT_WRITE: PolicyRule = { apiGroups: ["", "events.k8s.io"], resources: ["events"], verbs: ["create", "patch", "update"] };
const r = (apiGroups: string[], resources: string[], verbs: string[], resourceNames?: string[]): PolicyRule =>
  resourceNames ? { apiGroups, resourceNames, resources, verbs } : { apiGroups, resources, verbs };

const LABELS = { "kubernetes.io/bootstrapping": "rbac-defaults" };
const ANNOTATIONS = { "rbac.authorization.kubernetes.io/autoupdate": "true" };
const PREFIX = "system:controller:";

type ClusterRoleObject = ClusterRole & KubeObject;
type ClusterRoleBindingObject = ClusterRoleBinding & KubeObject;

const controllerRole = (controller: string, rules: PolicyRule[]): ClusterRoleObject => ({
  apiVersion: "rbac.authorization.k8s.io/v1",
  kind: "ClusterRole",
  metadata: { name: PREFIX + controller, labels: { ...LABELS }, annotations: { ...ANNOTATIONS } },
  rules,
});

/** Sorted by name, as upstream lists them. */
const controllerRoleList: ClusterRoleObject[] = [
  controllerRole("attachdetach-controller", [
    r([""], ["persistentvolumeclaims", "persistentvolumes"], ["list", "watch"]),
    r([""], ["nodes"], ["get", "list", "watch"]),
    r([""], ["nodes/status"], ["patch", "update"]),
    r([""], ["pods"], ["list", "watch"]),
    EVENT_WRITE,
    r(["storage.k8s.io"], ["volumeattachments"], ["create", "delete", "get", "list", "watch"]),
    r(["storage.k8s.io"], ["csidrivers"], ["get", "list", "watch"]),
    r(["storage.k8s.io"], ["csinodes"], ["get", "list", "watch"]),
  ]),
  controllerRole("certificate-controller", [
    r(["certificates.k8s.io"], ["certificatesigningrequests"], ["delete", "get", "list", "watch"]),
    r(["certificates.k8s.io"], ["certificatesigningrequests/approval", "certificatesigningrequests/status"], ["update"]),
    r(["certificates.k8s.io"], ["signers"], ["approve"], ["kubernetes.io/kube-apiserver-client-kubelet"]),
    r(["certificates.k8s.io"], ["signers"], ["sign"], ["kubernetes.io/kube-apiserver-client", "kubernetes.io/kube-apiserver-client-kubelet", "kubernetes.io/kubelet-serving", "kubernetes.io/legacy-unknown"]),
    r(["authorization.k8s.io"], ["subjectaccessreviews"], ["create"]),
    EVENT_WRITE,
  ]),
  controllerRole("clusterrole-aggregation-controller", [
    r(["rbac.authorization.k8s.io"], ["clusterroles"], ["escalate", "get", "list", "patch", "update", "watch"]),
  ]),
  controllerRole("cronjob-controller", [
    r(["batch"], ["cronjobs"], ["get", "list", "update", "watch"]),
    r(["batch"], ["jobs"], ["create", "delete", "get", "list", "patch", "update", "watch"]),
    r(["batch"], ["cronjobs/status"], ["update"]),
    r(["batch"], ["cronjobs/finalizers"], ["update"]),
    r([""], ["pods"], ["delete", "list"]),
    EVENT_WRITE,
  ]),
  controllerRole("daemon-set-controller", [
    r(["apps", "extensions"], ["daemonsets"], ["get", "list", "watch"]),
    r(["apps", "extensions"], ["daemonsets/status"], ["update"]),
    r(["apps", "extensions"], ["daemonsets/finalizers"], ["update"]),
    r([""], ["nodes"], ["list", "watch"]),
    r([""], ["pods"], ["create", "delete", "list", "patch", "watch"]),
    r([""], ["pods/binding"], ["create"]),
    r(["apps"], ["controllerrevisions"], ["create", "delete", "get", "list", "patch", "update", "watch"]),
    EVENT_WRITE,
  ]),
  controllerRole("deployment-controller", [
    r(["apps", "extensions"], ["deployments"], ["get", "list", "update", "watch"]),
    r(["apps", "extensions"], ["deployments/status"], ["update"]),
    r(["apps", "extensions"], ["deployments/finalizers"], ["update"]),
    r(["apps", "extensions"], ["replicasets"], ["create", "delete", "get", "list", "patch", "update", "watch"]),
    r([""], ["pods"], ["get", "list", "update", "watch"]),
    EVENT_WRITE,
  ]),
  controllerRole("disruption-controller", [
    r(["apps", "extensions"], ["deployments"], ["get", "list", "watch"]),
    r(["apps", "extensions"], ["replicasets"], ["get", "list", "watch"]),
    r([""], ["replicationcontrollers"], ["get", "list", "watch"]),
    r(["policy"], ["poddisruptionbudgets"], ["get", "list", "watch"]),
    r(["apps"], ["statefulsets"], ["get", "list", "watch"]),
    r(["policy"], ["poddisruptionbudgets/status"], ["update"]),
    r(["*"], ["*/scale"], ["get"]),
    EVENT_WRITE,
    r([""], ["pods/status"], ["patch", "update"]),
  ]),
  controllerRole("endpoint-controller", [
    r([""], ["pods", "services"], ["get", "list", "watch"]),
    r([""], ["endpoints"], ["create", "delete", "get", "list", "update"]),
    r([""], ["endpoints/restricted"], ["create"]),
    EVENT_WRITE,
  ]),
  controllerRole("endpointslice-controller", [
    r([""], ["nodes", "pods", "services"], ["get", "list", "watch"]),
    r([""], ["services/finalizers"], ["update"]),
    r(["discovery.k8s.io"], ["endpointslices"], ["create", "delete", "get", "list", "update"]),
    EVENT_WRITE,
  ]),
  controllerRole("endpointslicemirroring-controller", [
    r([""], ["endpoints", "services"], ["get", "list", "watch"]),
    r([""], ["services/finalizers"], ["update"]),
    r([""], ["endpoints/finalizers"], ["update"]),
    r(["discovery.k8s.io"], ["endpointslices"], ["create", "delete", "get", "list", "update"]),
    EVENT_WRITE,
  ]),
  controllerRole("ephemeral-volume-controller", [
    r([""], ["pods"], ["get", "list", "watch"]),
    r([""], ["pods/finalizers"], ["update"]),
    r([""], ["persistentvolumeclaims"], ["create", "get", "list", "watch"]),
    EVENT_WRITE,
  ]),
  controllerRole("expand-controller", [
    r([""], ["persistentvolumes"], ["get", "list", "patch", "update", "watch"]),
    r([""], ["persistentvolumeclaims/status"], ["patch", "update"]),
    r([""], ["persistentvolumeclaims"], ["get", "list", "watch"]),
    r(["storage.k8s.io"], ["storageclasses"], ["get", "list", "watch"]),
    r([""], ["endpoints", "services"], ["get"]),
    r([""], ["secrets"], ["get"]),
    EVENT_WRITE,
  ]),
  // Skiff's own: enacts the cluster faults of chaos.skiff.dev Faults and puts back what they changed.
  controllerRole("fault-controller", [
    r(["chaos.skiff.dev"], ["faults"], ["get", "list", "watch", "patch", "update"]),
    r(["chaos.skiff.dev"], ["faults/status"], ["patch", "update"]),
    r([""], ["services"], ["create", "delete", "get"]),
    r([""], ["pods"], ["list", "watch"]),
    r(["network.skiff.dev"], ["securitygroups"], ["get", "update"]),
    r(["network.skiff.dev"], ["routes"], ["delete", "get", "list", "watch"]),
    EVENT_WRITE,
  ]),
  controllerRole("generic-garbage-collector", [
    r(["*"], ["*"], ["delete", "get", "list", "patch", "update", "watch"]),
    EVENT_WRITE,
  ]),
  controllerRole("horizontal-pod-autoscaler", [
    r(["autoscaling"], ["horizontalpodautoscalers"], ["get", "list", "watch"]),
    r(["autoscaling"], ["horizontalpodautoscalers/status"], ["update"]),
    r(["*"], ["*/scale"], ["get", "update"]),
    r([""], ["pods"], ["list"]),
    r(["metrics.k8s.io"], ["pods"], ["list"]),
    r(["custom.metrics.k8s.io"], ["*"], ["get", "list"]),
    r(["external.metrics.k8s.io"], ["*"], ["get", "list"]),
    EVENT_WRITE,
  ]),
  controllerRole("job-controller", [
    r(["batch"], ["jobs"], ["get", "list", "patch", "update", "watch"]),
    r(["batch"], ["jobs/status"], ["update"]),
    r(["batch"], ["jobs/finalizers"], ["update"]),
    r([""], ["pods"], ["create", "delete", "list", "patch", "watch"]),
    EVENT_WRITE,
  ]),
  controllerRole("namespace-controller", [
    r([""], ["namespaces"], ["delete", "get", "list", "watch"]),
    r([""], ["namespaces/finalize", "namespaces/status"], ["update"]),
    r(["*"], ["*"], ["delete", "deletecollection", "get", "list"]),
  ]),
  controllerRole("node-controller", [
    r([""], ["nodes"], ["delete", "get", "list", "patch", "update"]),
    r([""], ["nodes/status"], ["patch", "update"]),
    r([""], ["pods/status"], ["patch", "update"]),
    r([""], ["pods"], ["delete", "list"]),
    r(["networking.k8s.io"], ["clustercidrs"], ["create", "get", "list", "update"]),
    EVENT_WRITE,
    r([""], ["pods"], ["get"]),
  ]),
  controllerRole("persistent-volume-binder", [
    r([""], ["persistentvolumes"], ["create", "delete", "get", "list", "update", "watch"]),
    r([""], ["persistentvolumes/status"], ["update"]),
    r([""], ["persistentvolumeclaims"], ["get", "list", "update", "watch"]),
    r([""], ["persistentvolumeclaims/status"], ["update"]),
    r([""], ["pods"], ["create", "delete", "get", "list", "watch"]),
    r(["storage.k8s.io"], ["storageclasses"], ["get", "list", "watch"]),
    r([""], ["endpoints"], ["create", "delete", "get", "update"]),
    r([""], ["services"], ["create", "delete", "get"]),
    r([""], ["secrets"], ["get"]),
    r([""], ["nodes"], ["get", "list"]),
    r([""], ["events"], ["watch"]),
    EVENT_WRITE,
  ]),
  controllerRole("pod-garbage-collector", [
    r([""], ["pods"], ["delete", "list", "watch"]),
    r([""], ["nodes"], ["get", "list"]),
    r([""], ["pods/status"], ["patch"]),
  ]),
  controllerRole("pv-protection-controller", [
    r([""], ["persistentvolumes"], ["get", "list", "update", "watch"]),
    EVENT_WRITE,
  ]),
  controllerRole("pvc-protection-controller", [
    r([""], ["persistentvolumeclaims"], ["get", "list", "update", "watch"]),
    r([""], ["pods"], ["get", "list", "watch"]),
    EVENT_WRITE,
  ]),
  controllerRole("replicaset-controller", [
    r(["apps", "extensions"], ["replicasets"], ["get", "list", "update", "watch"]),
    r(["apps", "extensions"], ["replicasets/status"], ["update"]),
    r(["apps", "extensions"], ["replicasets/finalizers"], ["update"]),
    r([""], ["pods"], ["create", "delete", "list", "patch", "watch"]),
    EVENT_WRITE,
  ]),
  controllerRole("replication-controller", [
    r([""], ["replicationcontrollers"], ["get", "list", "update", "watch"]),
    r([""], ["replicationcontrollers/status"], ["update"]),
    r([""], ["replicationcontrollers/finalizers"], ["update"]),
    r([""], ["pods"], ["create", "delete", "list", "patch", "watch"]),
    EVENT_WRITE,
  ]),
  controllerRole("resourcequota-controller", [
    r(["*"], ["*"], ["list", "watch"]),
    r([""], ["resourcequotas/status"], ["update"]),
    EVENT_WRITE,
  ]),
  controllerRole("root-ca-cert-publisher", [
    r([""], ["configmaps"], ["create", "update"]),
    EVENT_WRITE,
  ]),
  controllerRole("route-controller", [
    r([""], ["nodes"], ["list", "watch"]),
    r([""], ["nodes/status"], ["patch"]),
    EVENT_WRITE,
    // Skiff's own: the simulated VPC route table the controller keeps (a cloud's API upstream).
    r(["network.skiff.dev"], ["routes"], ["create", "delete", "get", "list", "watch"]),
    r(["network.skiff.dev"], ["routes/status"], ["patch", "update"]),
  ]),
  controllerRole("service-account-controller", [
    r([""], ["serviceaccounts"], ["create"]),
    EVENT_WRITE,
  ]),
  controllerRole("service-controller", [
    r([""], ["services"], ["get", "list", "watch"]),
    r([""], ["services/status"], ["patch", "update"]),
    r([""], ["nodes"], ["list", "watch"]),
    EVENT_WRITE,
  ]),
  controllerRole("statefulset-controller", [
    r([""], ["pods"], ["list", "watch"]),
    r(["apps"], ["statefulsets"], ["get", "list", "watch"]),
    r(["apps"], ["statefulsets/status"], ["update"]),
    r(["apps"], ["statefulsets/finalizers"], ["update"]),
    r([""], ["pods"], ["create", "delete", "get", "patch", "update"]),
    r(["apps"], ["controllerrevisions"], ["create", "delete", "get", "list", "patch", "update", "watch"]),
    r([""], ["persistentvolumeclaims"], ["create", "get"]),
    EVENT_WRITE,
    r([""], ["persistentvolumeclaims"], ["delete", "update"]),
  ]),
  controllerRole("ttl-after-finished-controller", [
    r(["batch"], ["jobs"], ["delete", "get", "list", "watch"]),
    EVENT_WRITE,
  ]),
  controllerRole("ttl-controller", [
    r([""], ["nodes"], ["list", "patch", "update", "watch"]),
    EVENT_WRITE,
  ]),
];

/** The ServiceAccount names (in kube-system) the controllers act as: one per controller role. */
export const CONTROLLER_SERVICE_ACCOUNTS: string[] = controllerRoleList.map((role) => role.metadata.name!.slice(PREFIX.length));

/** Fresh copies of the system:controller:* ClusterRoles. */
export function controllerClusterRoles(): ClusterRoleObject[] {
  return structuredClone(controllerRoleList);
}

/** Each controller role bound to its ServiceAccount in kube-system. */
export function controllerClusterRoleBindings(): ClusterRoleBindingObject[] {
  return CONTROLLER_SERVICE_ACCOUNTS.map((sa) => ({
    apiVersion: "rbac.authorization.k8s.io/v1",
    kind: "ClusterRoleBinding",
    metadata: { name: PREFIX + sa, labels: { ...LABELS }, annotations: { ...ANNOTATIONS } },
    roleRef: { apiGroup: RBAC_GROUP, kind: "ClusterRole", name: PREFIX + sa },
    subjects: [{ kind: "ServiceAccount", name: sa, namespace: "kube-system" }],
  }));
}
