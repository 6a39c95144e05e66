/** Upstream field facts of io.k8s.api.certificates.v1 (grammar: field-facts.ts). */
import type { PackageFacts } from "./field-facts.js";

export const certificatesV1Facts: PackageFacts = {
  package: "io.k8s.api.certificates.v1",
  types: {
    CertificateSigningRequest: "metadata=default:{} spec=default:{} status=default:{}",
    CertificateSigningRequestCondition: "lastTransitionTime=default:{} lastUpdateTime=default:{} status=default:\"\" type=default:\"\"",
    CertificateSigningRequestList: "metadata=default:{}",
    CertificateSigningRequestSpec: "groups=list:atomic request=byte signerName=default:\"\" usages=list:atomic",
    CertificateSigningRequestStatus: "certificate=byte conditions=list:map:type",
  },
};
