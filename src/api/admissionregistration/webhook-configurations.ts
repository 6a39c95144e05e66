/**
 * admissionregistration.k8s.io/v1 MutatingWebhookConfiguration and
 * ValidatingWebhookConfiguration (cluster-scoped): upstream's v1 defaults
 * and validation, and the NAME WEBHOOKS AGE table.
 */
import type { MutatingWebhook, MutatingWebhookConfiguration, ValidatingWebhook, ValidatingWebhookConfiguration } from "kubernetes-types/admissionregistration/v1.js";
import { ageColumn } from "../printers.js";
import type { KubeObject, ResourceDefinition, TableColumn } from "../types.js";
import { FieldPath, fieldErrors, type FieldError } from "../validation/field.js";
import { validateLabelSelector } from "../validation/label-selector.js";
import { isDNS1035Label } from "../validation/names.js";
import { clientConfigErrors, fullyQualifiedNameErrors, ruleWithOperationsErrors } from "./rules.js";
import { validateMatchConditions } from "./match-conditions.js";

export type MutatingWebhookConfigurationObject = MutatingWebhookConfiguration & KubeObject;
export type ValidatingWebhookConfigurationObject = ValidatingWebhookConfiguration & KubeObject;
type AnyWebhook = MutatingWebhook | ValidatingWebhook;
type WebhookConfigurationObject = KubeObject & { webhooks?: AnyWebhook[] };

const FAILURE_POLICIES = ["Fail", "Ignore"];
const MATCH_POLICIES = ["Equivalent", "Exact"];
const REINVOCATION_POLICIES = ["IfNeeded", "Never"];
/** v1 refuses side effects that would make dry-run unsafe. */
const NO_SIDE_EFFECTS = ["None", "NoneOnDryRun"];
/** The AdmissionReview versions Skiff's API server speaks. */
export const ADMISSION_REVIEW_VERSIONS = ["v1", "v1beta1"];

/** SetDefaults_ValidatingWebhook / SetDefaults_MutatingWebhook of v1. */
function defaultWebhook(w: AnyWebhook, mutating: boolean): void {
  const m = w as { -readonly [K in keyof AnyWebhook]: AnyWebhook[K] } & { reinvocationPolicy?: string };
  m.failurePolicy ??= "Fail";
  m.matchPolicy ??= "Equivalent";
  m.namespaceSelector ??= {};
  m.objectSelector ??= {};
  m.timeoutSeconds ??= 10;
  if (mutating) m.reinvocationPolicy ??= "Never";
  for (const r of (m.rules ?? []) as { scope?: string }[]) r.scope ??= "*";
  const svc = m.clientConfig?.service as { port?: number } | undefined;
  if (svc) svc.port ??= 443;
}

function reviewVersionErrors(versions: readonly string[] | undefined, p: FieldPath): FieldError[] {
  if (!versions?.length) return [fieldErrors.required(p, `must specify one of ${ADMISSION_REVIEW_VERSIONS.join(", ")}`)];
  const errs: FieldError[] = [];
  const seen = new Set<string>();
  versions.forEach((v, i) => {
    if (seen.has(v)) {
      errs.push(fieldErrors.invalid(p.index(i), v, "duplicate version"));
      return;
    }
    seen.add(v);
    for (const m of isDNS1035Label(v)) errs.push(fieldErrors.invalid(p.index(i), v, m));
  });
  if (!versions.some((v) => ADMISSION_REVIEW_VERSIONS.includes(v))) errs.push(fieldErrors.invalid(p, versions, `must include at least one of ${ADMISSION_REVIEW_VERSIONS.join(", ")}`));
  return errs;
}

function webhookErrors(w: AnyWebhook, p: FieldPath, mutating: boolean): FieldError[] {
  const errs = fullyQualifiedNameErrors(p.child("name"), w.name);
  (w.rules ?? []).forEach((r, i) => errs.push(...ruleWithOperationsErrors(r, p.child("rules").index(i))));
  if (w.failurePolicy !== undefined && !FAILURE_POLICIES.includes(w.failurePolicy)) errs.push(fieldErrors.notSupported(p.child("failurePolicy"), w.failurePolicy, FAILURE_POLICIES));
  if (w.matchPolicy !== undefined && !MATCH_POLICIES.includes(w.matchPolicy)) errs.push(fieldErrors.notSupported(p.child("matchPolicy"), w.matchPolicy, MATCH_POLICIES));
  if (w.sideEffects === undefined || w.sideEffects === null) errs.push(fieldErrors.required(p.child("sideEffects"), `must specify one of ${NO_SIDE_EFFECTS.join(", ")}`));
  else if (!NO_SIDE_EFFECTS.includes(w.sideEffects)) errs.push(fieldErrors.notSupported(p.child("sideEffects"), w.sideEffects, NO_SIDE_EFFECTS));
  if (w.timeoutSeconds !== undefined && (w.timeoutSeconds > 30 || w.timeoutSeconds < 1)) errs.push(fieldErrors.invalid(p.child("timeoutSeconds"), w.timeoutSeconds, "the timeout value must be between 1 and 30 seconds"));
  errs.push(...validateLabelSelector(w.namespaceSelector, p.child("namespaceSelector")));
  errs.push(...validateLabelSelector(w.objectSelector, p.child("objectSelector")));
  const reinvocation = (w as MutatingWebhook).reinvocationPolicy;
  if (mutating && reinvocation !== undefined && !REINVOCATION_POLICIES.includes(reinvocation)) errs.push(fieldErrors.notSupported(p.child("reinvocationPolicy"), reinvocation, REINVOCATION_POLICIES));
  errs.push(...clientConfigErrors(w.clientConfig, p.child("clientConfig")));
  errs.push(...validateMatchConditions(w.matchConditions, p.child("matchConditions")));
  return errs;
}

function configurationErrors(cfg: WebhookConfigurationObject, mutating: boolean): FieldError[] {
  const errs: FieldError[] = [];
  const names = new Set<string>();
  (cfg.webhooks ?? []).forEach((w, i) => {
    const p = FieldPath.root("webhooks").index(i);
    errs.push(...webhookErrors(w, p, mutating));
    errs.push(...reviewVersionErrors(w.admissionReviewVersions, p.child("admissionReviewVersions")));
    if (w.name) {
      if (names.has(w.name)) errs.push(fieldErrors.duplicate(p.child("name"), w.name));
      names.add(w.name);
    }
  });
  return errs;
}

function webhooksColumn<T extends WebhookConfigurationObject>(): TableColumn<T> {
  return { name: "Webhooks", type: "integer", description: "Webhooks indicates the number of webhooks registered in this configuration", cell: (c) => (c.webhooks ?? []).length };
}

function configurationDefinition<T extends WebhookConfigurationObject>(kind: string, plural: string, singular: string, mutating: boolean): ResourceDefinition<T> {
  return {
    group: "admissionregistration.k8s.io",
    version: "v1",
    kind,
    plural,
    singular,
    namespaced: false,
    categories: ["api-extensions"],
    schema: `io.k8s.api.admissionregistration.v1.${kind}`,
    tracksGeneration: true,
    defaults(cfg) {
      for (const w of cfg.webhooks ?? []) defaultWebhook(w, mutating);
    },
    validate: (cfg) => configurationErrors(cfg, mutating),
    columns: [webhooksColumn<T>(), ageColumn<T>()],
  };
}

export const mutatingwebhookconfigurations = configurationDefinition<MutatingWebhookConfigurationObject>("MutatingWebhookConfiguration", "mutatingwebhookconfigurations", "mutatingwebhookconfiguration", true);
export const validatingwebhookconfigurations = configurationDefinition<ValidatingWebhookConfigurationObject>("ValidatingWebhookConfiguration", "validatingwebhookconfigurations", "validatingwebhookconfiguration", false);
