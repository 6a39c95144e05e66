/** Upstream field facts of io.k8s.api.authorization.v1 (grammar: field-facts.ts). */
import type { PackageFacts } from "./field-facts.js";

export const authorizationV1Facts: PackageFacts = {
  package: "io.k8s.api.authorization.v1",
  types: {
    NonResourceRule: "nonResourceURLs=list:atomic verbs=list:atomic",
    ResourceRule: "apiGroups=list:atomic resourceNames=list:atomic",
    SubjectAccessReviewSpec: "groups=list:atomic",
    SubjectRulesReviewStatus: "nonResourceRules=list:atomic resourceRules=list:atomic",
  },
};
