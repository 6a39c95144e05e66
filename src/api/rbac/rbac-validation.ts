/** RBAC validation, as upstream's pkg/apis/rbac/validation. */
import type { AggregationRule, PolicyRule, RoleRef, Subject } from "kubernetes-types/rbac/v1.js";
import { fieldErrors, type FieldError } from "../validation/field.js";
import { isDNS1123Subdomain, nameIsPathSegment } from "../validation/names.js";
import { validateLabelSelector } from "../validation/label-selector.js";

export const RBAC_GROUP = "rbac.authorization.k8s.io";

/** Upstream's ValidatePolicyRule. */
export function validatePolicyRule(rule: PolicyRule, namespaced: boolean, path: string): FieldError[] {
  const errs: FieldError[] = [];
  if ((rule.verbs ?? []).length === 0) errs.push(fieldErrors.required(`${path}.verbs`, "verbs must contain at least one value"));
  if ((rule.nonResourceURLs ?? []).length > 0) {
    if (namespaced) errs.push(fieldErrors.invalid(`${path}.nonResourceURLs`, rule.nonResourceURLs, "namespaced rules cannot apply to non-resource URLs"));
    if ((rule.apiGroups ?? []).length || (rule.resources ?? []).length || (rule.resourceNames ?? []).length) {
      errs.push(fieldErrors.invalid(`${path}.nonResourceURLs`, rule.nonResourceURLs, "rules cannot apply to both regular resources and non-resource URLs"));
    }
    return errs;
  }
  if ((rule.apiGroups ?? []).length === 0) errs.push(fieldErrors.required(`${path}.apiGroups`, "resource rules must supply at least one api group"));
  if ((rule.resources ?? []).length === 0) errs.push(fieldErrors.required(`${path}.resources`, "resource rules must supply at least one resource"));
  return errs;
}

export function validateRules(rules: PolicyRule[] | undefined, namespaced: boolean): FieldError[] {
  return (rules ?? []).flatMap((r, i) => validatePolicyRule(r, namespaced, `rules[${i}]`));
}

export function validateAggregationRule(rule: AggregationRule | undefined): FieldError[] {
  if (!rule) return [];
  const selectors = rule.clusterRoleSelectors ?? [];
  if (selectors.length === 0) return [fieldErrors.required("aggregationRule.clusterRoleSelectors", "at least one clusterRoleSelector required if aggregationRule is non-nil")];
  return selectors.flatMap((s, i) => validateLabelSelector(s, `aggregationRule.clusterRoleSelectors[${i}]`));
}

/** Upstream's ValidateRoleBinding / ValidateClusterRoleBinding roleRef checks. */
export function validateRoleRef(ref: RoleRef | undefined, kinds: readonly string[]): FieldError[] {
  const errs: FieldError[] = [];
  const apiGroup = ref?.apiGroup ?? "";
  if (apiGroup !== RBAC_GROUP) errs.push(fieldErrors.notSupported("roleRef.apiGroup", apiGroup, [RBAC_GROUP]));
  const kind = ref?.kind ?? "";
  if (!kinds.includes(kind)) errs.push(fieldErrors.notSupported("roleRef.kind", kind, kinds));
  const name = ref?.name ?? "";
  if (!name) errs.push(fieldErrors.required("roleRef.name"));
  else for (const m of nameIsPathSegment(name, false)) errs.push(fieldErrors.invalid("roleRef.name", name, m));
  return errs;
}

/** Upstream's ValidateRoleBindingSubject. A ClusterRoleBinding's service accounts need a namespace. */
export function validateSubject(s: Subject, namespaceRequired: boolean, path: string): FieldError[] {
  const errs: FieldError[] = [];
  if (!s.name) errs.push(fieldErrors.required(`${path}.name`));
  switch (s.kind) {
    case "ServiceAccount":
      if (s.name) for (const m of isDNS1123Subdomain(s.name)) errs.push(fieldErrors.invalid(`${path}.name`, s.name, m));
      if (s.apiGroup) errs.push(fieldErrors.notSupported(`${path}.apiGroup`, s.apiGroup, [""]));
      if (namespaceRequired && !s.namespace) errs.push(fieldErrors.required(`${path}.namespace`));
      break;
    case "User":
    case "Group":
      if (s.apiGroup !== RBAC_GROUP) errs.push(fieldErrors.notSupported(`${path}.apiGroup`, s.apiGroup ?? "", [RBAC_GROUP]));
      break;
    default:
      errs.push(fieldErrors.notSupported(`${path}.kind`, s.kind, ["ServiceAccount", "User", "Group"]));
  }
  return errs;
}

/** Upstream's v1 defaults for bindings: the RBAC group on roleRef and on User/Group subjects. */
export function defaultBinding(b: { roleRef?: RoleRef; subjects?: Subject[] }): void {
  if (b.roleRef && !b.roleRef.apiGroup) b.roleRef.apiGroup = RBAC_GROUP;
  for (const s of b.subjects ?? []) {
    if (s.apiGroup === undefined || s.apiGroup === "") {
      if (s.kind === "User" || s.kind === "Group") s.apiGroup = RBAC_GROUP;
      else if (s.kind === "ServiceAccount") s.apiGroup = "";
    }
  }
}

/** Changing roleRef would silently re-grant: upstream forbids it. */
export function validateRoleRefUnchanged(ref: RoleRef | undefined, old: RoleRef | undefined): FieldError[] {
  return JSON.stringify(ref ?? null) === JSON.stringify(old ?? null) ? [] : [fieldErrors.invalid("roleRef", ref, "cannot change roleRef")];
}
