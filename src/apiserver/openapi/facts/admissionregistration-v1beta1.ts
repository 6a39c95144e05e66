/** Upstream field facts of io.k8s.api.admissionregistration.v1beta1 (grammar: field-facts.ts). */
import type { PackageFacts } from "./field-facts.js";

export const admissionregistrationV1beta1Facts: PackageFacts = {
  package: "io.k8s.api.admissionregistration.v1beta1",
  types: {
    MatchResources: "@map:atomic excludeResourceRules=list:atomic resourceRules=list:atomic",
    NamedRuleWithOperations: "@map:atomic resourceNames=list:atomic",
    ParamKind: "@map:atomic",
    ParamRef: "@map:atomic",
    TypeChecking: "expressionWarnings=list:atomic",
    ValidatingAdmissionPolicyBindingSpec: "validationActions=list:set",
    ValidatingAdmissionPolicySpec: "auditAnnotations=list:atomic matchConditions=patch:merge;key:name;list:map:name validations=list:atomic variables=patch:merge;key:name;list:map:name",
    ValidatingAdmissionPolicyStatus: "conditions=list:map:type observedGeneration=int64",
    Variable: "@map:atomic",
  },
};
