/** Upstream field facts of io.k8s.api.admissionregistration.v1 (grammar: field-facts.ts). */
import type { PackageFacts } from "./field-facts.js";

export const admissionregistrationV1Facts: PackageFacts = {
  package: "io.k8s.api.admissionregistration.v1",
  types: {
    MatchCondition: "expression=default:\"\" name=default:\"\"",
    MatchResources: "@map:atomic excludeResourceRules=list:atomic resourceRules=list:atomic",
    MutatingWebhook: "admissionReviewVersions=list:atomic clientConfig=default:{} matchConditions=patch:merge;key:name;list:map:name name=default:\"\" rules=list:atomic",
    MutatingWebhookConfiguration: "metadata=default:{} webhooks=patch:merge;key:name;list:map:name",
    MutatingWebhookConfigurationList: "metadata=default:{}",
    NamedRuleWithOperations: "@map:atomic resourceNames=list:atomic",
    ParamKind: "@map:atomic",
    ParamRef: "@map:atomic",
    RuleWithOperations: "operations=list:atomic",
    ServiceReference: "name=default:\"\" namespace=default:\"\"",
    TypeChecking: "expressionWarnings=list:atomic",
    ValidatingAdmissionPolicyBindingSpec: "validationActions=list:set",
    ValidatingAdmissionPolicySpec: "auditAnnotations=list:atomic matchConditions=patch:merge;key:name;list:map:name validations=list:atomic variables=patch:merge;key:name;list:map:name",
    ValidatingAdmissionPolicyStatus: "conditions=list:map:type observedGeneration=int64",
    ValidatingWebhook: "admissionReviewVersions=list:atomic clientConfig=default:{} matchConditions=patch:merge;key:name;list:map:name name=default:\"\" rules=list:atomic",
    ValidatingWebhookConfiguration: "metadata=default:{} webhooks=patch:merge;key:name;list:map:name",
    ValidatingWebhookConfigurationList: "metadata=default:{}",
    Variable: "@map:atomic",
    WebhookClientConfig: "caBundle=byte",
  },
};
