/**
 * The certificates admission plugins (upstream's
 * plugin/pkg/admission/certificates): CertificateApproval (approving or
 * denying a CSR needs the "approve" verb on its signer),
 * CertificateSigning (writing status.certificate or conditions through
 * /status needs "sign" on the signer) and CertificateSubjectRestriction
 * (no kube-apiserver-client CSR for the system:masters group). A verb on
 * the signer is granted by RBAC on resource signers.certificates.k8s.io,
 * named after the signer or its domain with "/*".
 */
import type { CertificateSigningRequest } from "kubernetes-types/certificates/v1.js";
import { forbidden } from "../../api/errors.js";
import type { AuthorizationAttributes, AuthorizationDecision, UserInfo } from "../../api/types.js";
import { loadX509 } from "../../pki/index.js";
import type { AdmissionAttributes, AdmissionPlugin } from "./types.js";

export type Authorize = (attrs: AuthorizationAttributes) => Promise<AuthorizationDecision>;

const KUBE_APISERVER_CLIENT_SIGNER = "kubernetes.io/kube-apiserver-client";
const isCSR = (a: AdmissionAttributes) => a.resource.group === "certificates.k8s.io" && a.resource.resource === "certificatesigningrequests";

/** Whether the user holds verb on the signer, by its name or its domain wildcard. */
export async function authorizedForSigner(authorize: Authorize, user: UserInfo | undefined, verb: string, signerName: string): Promise<boolean> {
  if (!user) return false;
  const ask = async (name: string) => {
    try {
      return (await authorize({ user, verb, resource: { group: "certificates.k8s.io", version: "*", resource: "signers", name } })).allowed;
    } catch {
      return false;
    }
  };
  return (await ask(signerName)) || (await ask(`${signerName.split("/")[0]}/*`));
}

export function createCertificateApprovalAdmission(authorize: Authorize): AdmissionPlugin {
  return {
    name: "CertificateApproval",
    handles: (a) => a.operation === "UPDATE" && a.subresource === "approval" && isCSR(a),
    async validate(a) {
      if (a.operation !== "UPDATE" || a.subresource !== "approval" || !isCSR(a)) return;
      const signer = (a.oldObject as CertificateSigningRequest | undefined)?.spec?.signerName ?? "";
      if (!(await authorizedForSigner(authorize, a.user, "approve", signer))) throw forbidden(a.resource, a.name, `user not permitted to approve requests with signerName ${JSON.stringify(signer)}`);
    },
  };
}

export function createCertificateSigningAdmission(authorize: Authorize): AdmissionPlugin {
  return {
    name: "CertificateSigning",
    handles: (a) => a.operation === "UPDATE" && a.subresource === "status" && isCSR(a),
    async validate(a) {
      if (a.operation !== "UPDATE" || a.subresource !== "status" || !isCSR(a)) return;
      const old = a.oldObject as CertificateSigningRequest | undefined;
      const next = a.object as CertificateSigningRequest | undefined;
      if (old?.status?.certificate === next?.status?.certificate && JSON.stringify(old?.status?.conditions ?? []) === JSON.stringify(next?.status?.conditions ?? [])) return;
      const signer = old?.spec?.signerName ?? "";
      if (!(await authorizedForSigner(authorize, a.user, "sign", signer))) throw forbidden(a.resource, a.name, `user not permitted to sign requests with signerName ${JSON.stringify(signer)}`);
    },
  };
}

export function createCertificateSubjectRestrictionAdmission(): AdmissionPlugin {
  return {
    name: "CertificateSubjectRestriction",
    handles: (a) => a.operation === "CREATE" && !a.subresource && isCSR(a),
    async validate(a) {
      if (a.operation !== "CREATE" || a.subresource || !isCSR(a)) return;
      const csr = a.object as unknown as CertificateSigningRequest;
      if (csr.spec?.signerName !== KUBE_APISERVER_CLIENT_SIGNER) return;
      let organizations: string[];
      try {
        const x509 = await loadX509();
        organizations = new x509.Pkcs10CertificateRequest(Buffer.from(csr.spec.request ?? "", "base64").toString("utf8")).subjectName.getField("O");
      } catch (err) {
        throw forbidden(a.resource, a.name, `failed to parse CSR: ${(err as Error).message}`);
      }
      if (organizations.includes("system:masters")) throw forbidden(a.resource, a.name, `use of ${KUBE_APISERVER_CLIENT_SIGNER} signer with system:masters group is not allowed`);
    },
  };
}
