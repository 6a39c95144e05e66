/**
 * The namespaced Roles and RoleBindings of upstream's bootstrap policy
 * (testdata/namespace-roles.yaml, namespace-role-bindings.yaml): reading
 * the extension-apiserver-authentication ConfigMap, the legacy leader
 * locks, and what the bootstrap signer, token cleaner and cloud provider
 * may touch in kube-system and kube-public.
 */
import type { PolicyRule, Role, RoleBinding, Subject } from "kubernetes-types/rbac/v1.js";
import type { KubeObject } from "../types.js";
import { RBAC_GROUP } from "./rbac-validation.js";

const EVENT_WRITE: PolicyRule = { apiGroups: ["", "events.k8s.io"], resources: ["events"], verbs: ["create", "patch", "update"] };
const r = (apiGroups: string[], resources: string[], verbs: string[], resourceNames?: string[]): PolicyRule =>
  resourceNames ? { apiGroups, resourceNames, resources, verbs } : { apiGroups, resources, verbs };
const READ = ["get", "list", "watch"];

const LABELS = { "kubernetes.io/bootstrapping": "rbac-defaults" };
const ANNOTATIONS = { "rbac.authorization.kubernetes.io/autoupdate": "true" };
const meta = (namespace: string, name: string) => ({ name, namespace, labels: { ...LABELS }, annotations: { ...ANNOTATIONS } });

type RoleObject = Role & KubeObject;
type RoleBindingObject = RoleBinding & KubeObject;

const nsRole = (namespace: string, name: string, rules: PolicyRule[]): RoleObject => ({ apiVersion: "rbac.authorization.k8s.io/v1", kind: "Role", metadata: meta(namespace, name), rules });

const roleList: RoleObject[] = [
  nsRole("kube-public", "system:controller:bootstrap-signer", [r([""], ["configmaps"], READ), r([""], ["configmaps"], ["update"], ["cluster-info"]), EVENT_WRITE]),
  nsRole("kube-system", "extension-apiserver-authentication-reader", [r([""], ["configmaps"], READ, ["extension-apiserver-authentication"])]),
  nsRole("kube-system", "system::leader-locking-kube-controller-manager", [r([""], ["configmaps"], ["watch"]), r([""], ["configmaps"], ["get", "update"], ["kube-controller-manager"])]),
  nsRole("kube-system", "system::leader-locking-kube-scheduler", [r([""], ["configmaps"], ["watch"]), r([""], ["configmaps"], ["get", "update"], ["kube-scheduler"])]),
  nsRole("kube-system", "system:controller:bootstrap-signer", [r([""], ["secrets"], READ)]),
  nsRole("kube-system", "system:controller:cloud-provider", [r([""], ["configmaps"], ["create", "get", "list", "watch"])]),
  nsRole("kube-system", "system:controller:token-cleaner", [r([""], ["secrets"], ["delete", "get", "list", "watch"]), EVENT_WRITE]),
];

const user = (name: string): Subject => ({ apiGroup: RBAC_GROUP, kind: "User", name });
const serviceAccount = (name: string): Subject => ({ kind: "ServiceAccount", name, namespace: "kube-system" });

const binding = (namespace: string, name: string, subjects: Subject[], roleName = name): RoleBindingObject => ({
  apiVersion: "rbac.authorization.k8s.io/v1",
  kind: "RoleBinding",
  metadata: meta(namespace, name),
  roleRef: { apiGroup: RBAC_GROUP, kind: "Role", name: roleName },
  subjects,
});

const bindingList: RoleBindingObject[] = [
  binding("kube-public", "system:controller:bootstrap-signer", [serviceAccount("bootstrap-signer")]),
  binding("kube-system", "system::extension-apiserver-authentication-reader", [user("system:kube-controller-manager"), user("system:kube-scheduler")], "extension-apiserver-authentication-reader"),
  binding("kube-system", "system::leader-locking-kube-controller-manager", [user("system:kube-controller-manager"), serviceAccount("kube-controller-manager")]),
  binding("kube-system", "system::leader-locking-kube-scheduler", [user("system:kube-scheduler"), serviceAccount("kube-scheduler")]),
  binding("kube-system", "system:controller:bootstrap-signer", [serviceAccount("bootstrap-signer")]),
  binding("kube-system", "system:controller:cloud-provider", [serviceAccount("cloud-provider")]),
  binding("kube-system", "system:controller:token-cleaner", [serviceAccount("token-cleaner")]),
];

/** Fresh copies of upstream's bootstrap Roles, by namespace then name. */
export function bootstrapRoles(): RoleObject[] {
  return structuredClone(roleList);
}

/** Fresh copies of upstream's bootstrap RoleBindings, by namespace then name. */
export function bootstrapRoleBindings(): RoleBindingObject[] {
  return structuredClone(bindingList);
}
