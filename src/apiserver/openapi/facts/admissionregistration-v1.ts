/** Upstream field facts of io.k8s.api.admissionregistration.v1 (grammar: field-facts.ts). */
import type { PackageFacts } from "./field-facts.js";

export const admissionregistrationV1Facts: PackageFacts = {
  package: "io.k8s.api.admissionregistration.v1",
  types: {
    MatchResources: "@map:atomic excludeResourceRules=list:atomic resourceRules=list:atomic",
    MutatingWebhook: "admissionReviewVersions=list:atomic matchConditions=patch:merge;key:name;list:map:name rules=list:atomic",
    MutatingWebhookConfiguration: "webhooks=patch:merge;key:name;list:map:name",
    NamedRuleWithOperations: "@map:atomic resourceNames=list:atomic",
    ParamKind: "@map:atomic",
    ParamRef: "@map:atomic",
    RuleWithOperations: "operations=list:atomic",
    TypeChecking: "expressionWarnings=list:atomic",
    ValidatingAdmissionPolicyBindingSpec: "validationActions=list:set",
    ValidatingAdmissionPolicySpec: "auditAnnotations=list:atomic matchConditions=patch:merge;key:name;list:map:name validations=list:atomic variables=patch:merge;key:name;list:map:name",
    ValidatingAdmissionPolicyStatus: "conditions=list:map:type observedGeneration=int64",
    ValidatingWebhook: "admissionReviewVersions=list:atomic matchConditions=patch:merge;key:name;list:map:name rules=list:atomic",
    ValidatingWebhookConfiguration: "webhooks=patch:merge;key:name;list:map:name",
    Variable: "@map:atomic",
    WebhookClientConfig: "caBundle=byte",
  },
};
