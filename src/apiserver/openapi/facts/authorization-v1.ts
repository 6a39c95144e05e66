/** Upstream field facts of io.k8s.api.authorization.v1 (grammar: field-facts.ts). */
import type { PackageFacts } from "./field-facts.js";

export const authorizationV1Facts: PackageFacts = {
  package: "io.k8s.api.authorization.v1",
  types: {
    LocalSubjectAccessReview: "metadata=default:{} spec=default:{} status=default:{}",
    NonResourceRule: "nonResourceURLs=list:atomic verbs=list:atomic",
    ResourceRule: "apiGroups=list:atomic resourceNames=list:atomic",
    SelfSubjectAccessReview: "metadata=default:{} spec=default:{} status=default:{}",
    SelfSubjectRulesReview: "metadata=default:{} spec=default:{} status=default:{}",
    SubjectAccessReview: "metadata=default:{} spec=default:{} status=default:{}",
    SubjectAccessReviewSpec: "groups=list:atomic",
    SubjectAccessReviewStatus: "allowed=default:false",
    SubjectRulesReviewStatus: "incomplete=default:false nonResourceRules=list:atomic resourceRules=list:atomic",
  },
};
