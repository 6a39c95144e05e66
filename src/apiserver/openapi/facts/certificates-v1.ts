/** Upstream field facts of io.k8s.api.certificates.v1 (grammar: field-facts.ts). */
import type { PackageFacts } from "./field-facts.js";

export const certificatesV1Facts: PackageFacts = {
  package: "io.k8s.api.certificates.v1",
  types: {
    CertificateSigningRequestSpec: "groups=list:atomic request=byte usages=list:atomic",
    CertificateSigningRequestStatus: "certificate=byte conditions=list:map:type",
  },
};
