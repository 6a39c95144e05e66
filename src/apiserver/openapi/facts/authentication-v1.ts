/** Upstream field facts of io.k8s.api.authentication.v1 (grammar: field-facts.ts). */
import type { PackageFacts } from "./field-facts.js";

export const authenticationV1Facts: PackageFacts = {
  package: "io.k8s.api.authentication.v1",
  types: {
    SelfSubjectReview: "metadata=default:{} status=default:{}",
    SelfSubjectReviewStatus: "userInfo=default:{}",
    TokenRequest: "metadata=default:{} spec=default:{} status=default:{}",
    TokenRequestSpec: "audiences=list:atomic expirationSeconds=int64",
    TokenRequestStatus: "expirationTimestamp=default:{} token=default:\"\"",
    TokenReview: "metadata=default:{} spec=default:{} status=default:{}",
    TokenReviewSpec: "audiences=list:atomic",
    TokenReviewStatus: "audiences=list:atomic user=default:{}",
    UserInfo: "groups=list:atomic",
  },
};
