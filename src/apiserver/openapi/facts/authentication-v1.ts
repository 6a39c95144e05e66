/** Upstream field facts of io.k8s.api.authentication.v1 (grammar: field-facts.ts). */
import type { PackageFacts } from "./field-facts.js";

export const authenticationV1Facts: PackageFacts = {
  package: "io.k8s.api.authentication.v1",
  types: {
    TokenRequestSpec: "audiences=list:atomic expirationSeconds=int64",
    TokenReviewSpec: "audiences=list:atomic",
    TokenReviewStatus: "audiences=list:atomic",
    UserInfo: "groups=list:atomic",
  },
};
