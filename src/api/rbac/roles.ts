import type { ClusterRole, Role } from "kubernetes-types/rbac/v1.js";
import type { KubeObject, ResourceDefinition } from "../types.js";
import { nameIsPathSegment } from "../validation/names.js";
import { validateAggregationRule, validateRules } from "./rbac-validation.js";
import { createdAtColumn } from "../printers.js";
import { checkRoleEscalation } from "./escalation.js";

export type RoleObject = Role & KubeObject;
export type ClusterRoleObject = ClusterRole & KubeObject;

/** rbac.authorization.k8s.io/v1 Role. */
export const roles: ResourceDefinition<RoleObject> = {
  group: "rbac.authorization.k8s.io",
  version: "v1",
  kind: "Role",
  plural: "roles",
  singular: "role",
  namespaced: true,
  schema: "io.k8s.api.rbac.v1.Role",
  tracksGeneration: false,
  validateName: nameIsPathSegment,
  prepareForCreate: (r, ctx) => checkRoleEscalation("roles", r, undefined, ctx),
  prepareForUpdate: (r, old, ctx) => checkRoleEscalation("roles", r, old, ctx),
  validate: (r) => validateRules(r.rules, true),
  validateUpdate: (r) => validateRules(r.rules, true),
  columns: [createdAtColumn<RoleObject>()],
};

/** rbac.authorization.k8s.io/v1 ClusterRole; aggregated roles get their rules from a controller. */
export const clusterroles: ResourceDefinition<ClusterRoleObject> = {
  group: "rbac.authorization.k8s.io",
  version: "v1",
  kind: "ClusterRole",
  plural: "clusterroles",
  singular: "clusterrole",
  namespaced: false,
  schema: "io.k8s.api.rbac.v1.ClusterRole",
  tracksGeneration: false,
  validateName: nameIsPathSegment,
  prepareForCreate: (r, ctx) => checkRoleEscalation("clusterroles", r, undefined, ctx),
  prepareForUpdate: (r, old, ctx) => checkRoleEscalation("clusterroles", r, old, ctx),
  validate: (r) => [...validateRules(r.rules, false), ...validateAggregationRule(r.aggregationRule)],
  validateUpdate: (r) => [...validateRules(r.rules, false), ...validateAggregationRule(r.aggregationRule)],
  columns: [createdAtColumn<ClusterRoleObject>()],
};
