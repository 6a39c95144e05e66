/**
 * admissionregistration.k8s.io/v1 ValidatingAdmissionPolicy (with status)
 * and ValidatingAdmissionPolicyBinding, cluster-scoped: upstream's v1
 * defaults, validation (CEL expressions must compile) and tables.
 */
import type { MatchResources, ValidatingAdmissionPolicy, ValidatingAdmissionPolicyBinding } from "kubernetes-types/admissionregistration/v1.js";
import { policyEnvironment } from "../../cel/index.js";
import { ageColumn } from "../printers.js";
import type { KubeObject, ResourceDefinition } from "../types.js";
import { FieldPath, fieldErrors, type FieldError } from "../validation/field.js";
import { selectorString, validateLabelSelector } from "../validation/label-selector.js";
import { isDNS1123Subdomain } from "../validation/names.js";
import { celExpressionError, validateMatchConditions } from "./match-conditions.js";
import { ruleWithOperationsErrors, type AdmissionRule } from "./rules.js";

export type ValidatingAdmissionPolicyObject = ValidatingAdmissionPolicy & KubeObject;
export type ValidatingAdmissionPolicyBindingObject = ValidatingAdmissionPolicyBinding & KubeObject;

const FAILURE_POLICIES = ["Fail", "Ignore"];
const MATCH_POLICIES = ["Equivalent", "Exact"];
const REASONS = ["Forbidden", "Invalid", "RequestEntityTooLarge", "Unauthorized"];
const ACTIONS = ["Audit", "Deny", "Warn"];
const NOT_FOUND_ACTIONS = ["Allow", "Deny"];
const CEL_IDENTIFIER = /^[_a-zA-Z][_a-zA-Z0-9]*$/;

type Mutable<T> = { -readonly [K in keyof T]: T[K] };

export function defaultMatchResources(m: MatchResources | undefined): void {
  if (!m) return;
  const mm = m as Mutable<MatchResources>;
  mm.matchPolicy ??= "Equivalent";
  mm.namespaceSelector ??= {};
  mm.objectSelector ??= {};
  for (const r of [...(m.resourceRules ?? []), ...(m.excludeResourceRules ?? [])] as { scope?: string }[]) r.scope ??= "*";
}

function matchResourcesErrors(m: MatchResources, p: FieldPath, requireRules: boolean): FieldError[] {
  const errs: FieldError[] = [];
  if (m.matchPolicy !== undefined && !MATCH_POLICIES.includes(m.matchPolicy)) errs.push(fieldErrors.notSupported(p.child("matchPolicy"), m.matchPolicy, MATCH_POLICIES));
  errs.push(...validateLabelSelector(m.namespaceSelector, p.child("namespaceSelector")));
  errs.push(...validateLabelSelector(m.objectSelector, p.child("objectSelector")));
  if (requireRules && !m.resourceRules?.length) errs.push(fieldErrors.required(p.child("resourceRules")));
  const rules = (list: readonly AdmissionRule[] | undefined, at: FieldPath) =>
    (list ?? []).forEach((r, i) => {
      errs.push(...ruleWithOperationsErrors(r, at.index(i)));
      (r.resourceNames ?? []).forEach((n, j) => {
        for (const msg of isDNS1123Subdomain(n)) errs.push(fieldErrors.invalid(at.index(i).child("resourceNames").index(j), n, msg));
      });
    });
  rules(m.resourceRules, p.child("resourceRules"));
  rules(m.excludeResourceRules, p.child("excludeResourceRules"));
  return errs;
}

function policyErrors(policy: ValidatingAdmissionPolicyObject): FieldError[] {
  const spec = policy.spec ?? {};
  const p = FieldPath.root("spec");
  const errs: FieldError[] = [];
  if (spec.failurePolicy !== undefined && !FAILURE_POLICIES.includes(spec.failurePolicy)) errs.push(fieldErrors.notSupported(p.child("failurePolicy"), spec.failurePolicy, FAILURE_POLICIES));
  if (spec.paramKind) {
    if (!spec.paramKind.kind) errs.push(fieldErrors.required(p.child("paramKind", "kind")));
    if (!spec.paramKind.apiVersion) errs.push(fieldErrors.required(p.child("paramKind", "apiVersion")));
  }
  if (!spec.matchConstraints) errs.push(fieldErrors.required(p.child("matchConstraints")));
  else errs.push(...matchResourcesErrors(spec.matchConstraints, p.child("matchConstraints"), true));
  const variables = spec.variables ?? [];
  const env = policyEnvironment(variables.map((v) => v.name).filter(Boolean));
  variables.forEach((v, i) => {
    const at = p.child("variables").index(i);
    if (!v.name) errs.push(fieldErrors.required(at.child("name")));
    else if (!CEL_IDENTIFIER.test(v.name)) errs.push(fieldErrors.invalid(at.child("name"), v.name, "name is not a valid CEL identifier"));
    if (!v.expression?.trim()) errs.push(fieldErrors.required(at.child("expression")));
    else {
      const why = celExpressionError(env, v.expression, "bool");
      if (why && why.startsWith("compilation failed")) errs.push(fieldErrors.invalid(at.child("expression"), v.expression, why));
    }
  });
  errs.push(...validateMatchConditions(spec.matchConditions, p.child("matchConditions"), env));
  if (!spec.validations?.length && !spec.auditAnnotations?.length) errs.push(fieldErrors.required(p.child("validations"), "validations or auditAnnotations must contain at least one item"));
  (spec.validations ?? []).forEach((v, i) => {
    const at = p.child("validations").index(i);
    if (!v.expression?.trim()) errs.push(fieldErrors.required(at.child("expression")));
    else {
      const why = celExpressionError(env, v.expression, "bool");
      if (why) errs.push(fieldErrors.invalid(at.child("expression"), v.expression, why));
    }
    if (v.message !== undefined && v.message.trim() === "") errs.push(fieldErrors.invalid(at.child("message"), v.message, "message must be non-empty if specified"));
    if (v.message?.includes("\n")) errs.push(fieldErrors.invalid(at.child("message"), v.message, "message must not contain line breaks"));
    if (v.messageExpression !== undefined) {
      if (!v.messageExpression.trim()) errs.push(fieldErrors.required(at.child("messageExpression"), "messageExpression must be non-empty if specified"));
      else {
        const why = celExpressionError(env, v.messageExpression, "string");
        if (why) errs.push(fieldErrors.invalid(at.child("messageExpression"), v.messageExpression, why));
      }
    }
    if (v.reason !== undefined && !REASONS.includes(v.reason)) errs.push(fieldErrors.notSupported(at.child("reason"), v.reason, REASONS));
  });
  (spec.auditAnnotations ?? []).forEach((a, i) => {
    const at = p.child("auditAnnotations").index(i);
    if (!a.key) errs.push(fieldErrors.required(at.child("key")));
    if (!a.valueExpression?.trim()) errs.push(fieldErrors.required(at.child("valueExpression")));
    else {
      const why = celExpressionError(env, a.valueExpression, "string");
      if (why && why.startsWith("compilation failed")) errs.push(fieldErrors.invalid(at.child("valueExpression"), a.valueExpression, why));
    }
  });
  return errs;
}

function bindingErrors(b: ValidatingAdmissionPolicyBindingObject): FieldError[] {
  const spec = b.spec ?? {};
  const p = FieldPath.root("spec");
  const errs: FieldError[] = [];
  if (!spec.policyName) errs.push(fieldErrors.required(p.child("policyName")));
  else for (const m of isDNS1123Subdomain(spec.policyName)) errs.push(fieldErrors.invalid(p.child("policyName"), spec.policyName, m));
  const ref = spec.paramRef;
  if (ref) {
    const at = p.child("paramRef");
    if (ref.name && ref.selector) errs.push(fieldErrors.forbidden(at.child("name"), "name and selector are mutually exclusive"));
    if (!ref.name && !ref.selector) errs.push(fieldErrors.required(at, "one of name or selector must be specified"));
    if (ref.parameterNotFoundAction !== undefined && !NOT_FOUND_ACTIONS.includes(ref.parameterNotFoundAction)) errs.push(fieldErrors.notSupported(at.child("parameterNotFoundAction"), ref.parameterNotFoundAction, NOT_FOUND_ACTIONS));
    if (ref.selector) errs.push(...validateLabelSelector(ref.selector, at.child("selector")));
  }
  if (spec.matchResources) errs.push(...matchResourcesErrors(spec.matchResources, p.child("matchResources"), false));
  const actions = spec.validationActions ?? [];
  if (!actions.length) errs.push(fieldErrors.required(p.child("validationActions"), "at least one validation action is required"));
  const seen = new Set<string>();
  actions.forEach((a, i) => {
    if (seen.has(a)) errs.push(fieldErrors.duplicate(p.child("validationActions").index(i), a));
    seen.add(a);
    if (!ACTIONS.includes(a)) errs.push(fieldErrors.notSupported(p.child("validationActions").index(i), a, ACTIONS));
  });
  if (seen.has("Deny") && seen.has("Warn")) errs.push(fieldErrors.invalid(p.child("validationActions"), actions, "must not contain both Deny and Warn (repeating the same validation failure information in the API response and headers serves no purpose)"));
  return errs;
}

/** The ParamRef column: namespace/name, a star for any namespace, or the selector. */
function paramRefCell(b: ValidatingAdmissionPolicyBindingObject): string {
  const ref = b.spec?.paramRef;
  if (!ref) return "<unset>";
  if (ref.name) return ref.namespace ? `${ref.namespace}/${ref.name}` : `*/${ref.name}`;
  return ref.selector ? selectorString(ref.selector) : "<unset>";
}

export const validatingadmissionpolicies: ResourceDefinition<ValidatingAdmissionPolicyObject> = {
  group: "admissionregistration.k8s.io",
  version: "v1",
  kind: "ValidatingAdmissionPolicy",
  plural: "validatingadmissionpolicies",
  singular: "validatingadmissionpolicy",
  namespaced: false,
  categories: ["api-extensions"],
  schema: "io.k8s.api.admissionregistration.v1.ValidatingAdmissionPolicy",
  hasStatus: true,
  defaults(policy) {
    if (!policy.spec) return;
    const spec = policy.spec as Mutable<NonNullable<ValidatingAdmissionPolicy["spec"]>>;
    spec.failurePolicy ??= "Fail";
    defaultMatchResources(spec.matchConstraints);
  },
  validate: (policy) => policyErrors(policy),
  columns: [
    { name: "Validations", type: "integer", description: "Validations indicates the number of validation rules defined in this configuration", cell: (v) => (v.spec?.validations ?? []).length },
    { name: "ParamKind", type: "string", description: "ParamKind specifies the kind of resources used to parameterize this policy", cell: (v) => (v.spec?.paramKind ? `${v.spec.paramKind.apiVersion ?? ""}/${v.spec.paramKind.kind ?? ""}` : "<unset>") },
    ageColumn<ValidatingAdmissionPolicyObject>(),
  ],
};

export const validatingadmissionpolicybindings: ResourceDefinition<ValidatingAdmissionPolicyBindingObject> = {
  group: "admissionregistration.k8s.io",
  version: "v1",
  kind: "ValidatingAdmissionPolicyBinding",
  plural: "validatingadmissionpolicybindings",
  singular: "validatingadmissionpolicybinding",
  namespaced: false,
  categories: ["api-extensions"],
  schema: "io.k8s.api.admissionregistration.v1.ValidatingAdmissionPolicyBinding",
  defaults(b) {
    if (!b.spec) return;
    defaultMatchResources(b.spec.matchResources);
    const ref = b.spec.paramRef as Mutable<NonNullable<ValidatingAdmissionPolicyBinding["spec"]>["paramRef"]> | undefined;
    if (ref) ref.parameterNotFoundAction ??= "Deny";
  },
  validate: (b) => bindingErrors(b),
  columns: [
    { name: "PolicyName", type: "string", description: "PolicyName indicates the policy definition which the policy binding binded to", cell: (b) => b.spec?.policyName ?? "" },
    { name: "ParamRef", type: "string", description: "ParamRef indicates the param resource which sets the configration param", cell: paramRefCell },
    ageColumn<ValidatingAdmissionPolicyBindingObject>(),
  ],
};
