import type { ClusterRoleBinding, RoleBinding } from "kubernetes-types/rbac/v1.js";
import type { KubeObject, ResourceDefinition } from "../types.js";
import { nameIsPathSegment } from "../validation/names.js";
import type { FieldError } from "../validation/field.js";
import { defaultBinding, validateRoleRef, validateRoleRefUnchanged, validateSubject } from "./rbac-validation.js";
import { bindingColumns } from "./rbac-columns.js";
import { checkBindingEscalation } from "./escalation.js";

export type RoleBindingObject = RoleBinding & KubeObject;
export type ClusterRoleBindingObject = ClusterRoleBinding & KubeObject;

function validateRoleBinding(b: RoleBindingObject): FieldError[] {
  return [...validateRoleRef(b.roleRef, ["Role", "ClusterRole"]), ...(b.subjects ?? []).flatMap((s, i) => validateSubject(s, false, `subjects[${i}]`))];
}

function validateClusterRoleBinding(b: ClusterRoleBindingObject): FieldError[] {
  return [...validateRoleRef(b.roleRef, ["ClusterRole"]), ...(b.subjects ?? []).flatMap((s, i) => validateSubject(s, true, `subjects[${i}]`))];
}

/** rbac.authorization.k8s.io/v1 RoleBinding. */
export const rolebindings: ResourceDefinition<RoleBindingObject> = {
  group: "rbac.authorization.k8s.io",
  version: "v1",
  kind: "RoleBinding",
  plural: "rolebindings",
  singular: "rolebinding",
  namespaced: true,
  schema: "io.k8s.api.rbac.v1.RoleBinding",
  tracksGeneration: false,
  validateName: nameIsPathSegment,
  defaults: defaultBinding,
  prepareForCreate: (b, ctx) => checkBindingEscalation("rolebindings", b, undefined, ctx),
  prepareForUpdate: (b, old, ctx) => checkBindingEscalation("rolebindings", b, old, ctx),
  validate: validateRoleBinding,
  validateUpdate: (b, old) => [...validateRoleBinding(b), ...validateRoleRefUnchanged(b.roleRef, old.roleRef)],
  columns: bindingColumns<RoleBindingObject>("roleBinding"),
};

/** rbac.authorization.k8s.io/v1 ClusterRoleBinding. */
export const clusterrolebindings: ResourceDefinition<ClusterRoleBindingObject> = {
  group: "rbac.authorization.k8s.io",
  version: "v1",
  kind: "ClusterRoleBinding",
  plural: "clusterrolebindings",
  singular: "clusterrolebinding",
  namespaced: false,
  schema: "io.k8s.api.rbac.v1.ClusterRoleBinding",
  tracksGeneration: false,
  validateName: nameIsPathSegment,
  defaults: defaultBinding,
  prepareForCreate: (b, ctx) => checkBindingEscalation("clusterrolebindings", b, undefined, ctx),
  prepareForUpdate: (b, old, ctx) => checkBindingEscalation("clusterrolebindings", b, old, ctx),
  validate: validateClusterRoleBinding,
  validateUpdate: (b, old) => [...validateClusterRoleBinding(b), ...validateRoleRefUnchanged(b.roleRef, old.roleRef)],
  columns: bindingColumns<ClusterRoleBindingObject>("clusterRoleBinding"),
};
