/** certificates.k8s.io/v1 validation, as upstream's pkg/apis/certificates/validation. */
import type { CertificateSigningRequest, CertificateSigningRequestCondition } from "kubernetes-types/certificates/v1.js";
import type { KubeObject } from "../types.js";
import { fieldErrors, type FieldError } from "../validation/field.js";
import { isDNS1123Subdomain } from "../validation/names.js";
import { certificateChainError, csrError } from "./pem.js";

export type CSRObject = CertificateSigningRequest & KubeObject;

export const LEGACY_UNKNOWN_SIGNER = "kubernetes.io/legacy-unknown";
/** The condition types only the approval subresource may set. */
export const APPROVAL_CONDITIONS = ["Approved", "Denied"];

export const KEY_USAGES = [
  "signing", "digital signature", "content commitment", "key encipherment", "key agreement", "data encipherment",
  "cert sign", "crl sign", "encipher only", "decipher only", "any", "server auth", "client auth", "code signing",
  "email protection", "s/mime", "ipsec end system", "ipsec tunnel", "ipsec user", "timestamping", "ocsp signing",
  "microsoft sgc", "netscape sgc",
];

const decode = (b64: string | undefined) => Buffer.from(b64 ?? "", "base64").toString("utf8");

/** Upstream's ValidateSignerName, condensed to its common failures. */
function signerNameErrors(name: string, path: string): FieldError[] {
  const slash = name.indexOf("/");
  if (slash < 0) return [fieldErrors.invalid(path, name, "must be a fully qualified domain and path of the form 'example.com/signer-name'")];
  const errs = isDNS1123Subdomain(name.slice(0, slash)).map((m) => fieldErrors.invalid(path, name, `validating domain component: ${m}`));
  if (!name.slice(slash + 1)) errs.push(fieldErrors.invalid(path, name, "validating path component: may not be empty"));
  return errs;
}

export function validateCSRSpec(csr: CSRObject): FieldError[] {
  const spec = csr.spec;
  const errs: FieldError[] = [];
  const why = csrError(decode(spec?.request));
  if (why) errs.push(fieldErrors.invalid("spec.request", spec?.request ?? "", why));
  const usages = spec?.usages ?? [];
  if (usages.length === 0) errs.push(fieldErrors.required("spec.usages"));
  const seen = new Set<string>();
  usages.forEach((u, i) => {
    if (!KEY_USAGES.includes(u)) errs.push(fieldErrors.notSupported(`spec.usages[${i}]`, u, KEY_USAGES));
    if (seen.has(u)) errs.push(fieldErrors.duplicate(`spec.usages[${i}]`, u));
    seen.add(u);
  });
  const signer = spec?.signerName ?? "";
  if (!signer) errs.push(fieldErrors.required("spec.signerName"));
  else if (signer === LEGACY_UNKNOWN_SIGNER) errs.push(fieldErrors.invalid("spec.signerName", signer, "the legacy signerName is not allowed via this API version"));
  else errs.push(...signerNameErrors(signer, "spec.signerName"));
  if (spec?.expirationSeconds !== undefined && spec.expirationSeconds < 600) {
    errs.push(fieldErrors.invalid("spec.expirationSeconds", spec.expirationSeconds, "may not specify a duration less than 600 seconds (10 minutes)"));
  }
  return errs;
}

export function validateConditions(conds: CertificateSigningRequestCondition[] | undefined): FieldError[] {
  const errs: FieldError[] = [];
  const seen = new Set<string>();
  (conds ?? []).forEach((c, i) => {
    const p = `status.conditions[${i}]`;
    if (!c.type) errs.push(fieldErrors.required(`${p}.type`));
    if (seen.has(c.type)) errs.push(fieldErrors.duplicate(`${p}.type`, c.type));
    seen.add(c.type);
    if (!c.status) errs.push(fieldErrors.required(`${p}.status`));
    else if (["Approved", "Denied", "Failed"].includes(c.type) && c.status !== "True") errs.push(fieldErrors.notSupported(`${p}.status`, c.status, ["True"]));
    else if (!["True", "False", "Unknown"].includes(c.status)) errs.push(fieldErrors.notSupported(`${p}.status`, c.status, ["False", "True", "Unknown"]));
  });
  if (seen.has("Approved") && seen.has("Denied")) errs.push(fieldErrors.invalid("status.conditions", conds, "Approved and Denied conditions are mutually exclusive"));
  return errs;
}

const hasCondition = (csr: CSRObject, type: string) => (csr.status?.conditions ?? []).some((c) => c.type === type && c.status === "True");

/** Approval decisions are final: an update may not take them back. */
export function validateApprovalKept(csr: CSRObject, old: CSRObject): FieldError[] {
  return APPROVAL_CONDITIONS.filter((t) => hasCondition(old, t) && !hasCondition(csr, t)).map((t) =>
    fieldErrors.forbidden("status.conditions", `updates may not remove a condition of type "${t}"`),
  );
}

/** The certificate may be set once, to PEM certificates, and only on an approved request. */
export function validateCertificate(csr: CSRObject, old: CSRObject): FieldError[] {
  const cert = csr.status?.certificate ?? "";
  const oldCert = old.status?.certificate ?? "";
  if (!cert || cert === oldCert) return [];
  const p = "status.certificate";
  if (oldCert) return [fieldErrors.forbidden(p, "updates may not modify existing certificate content")];
  const errs: FieldError[] = [];
  if (!hasCondition(csr, "Approved")) errs.push(fieldErrors.invalid(p, "<certificate data>", "certificate issuance requires the Approved condition"));
  if (hasCondition(csr, "Denied")) errs.push(fieldErrors.invalid(p, "<certificate data>", "certificate issuance not allowed when the Denied condition is present"));
  if (hasCondition(csr, "Failed")) errs.push(fieldErrors.invalid(p, "<certificate data>", "certificate issuance not allowed when the Failed condition is present"));
  const why = certificateChainError(decode(cert));
  if (why) errs.push(fieldErrors.invalid(p, "<certificate data>", why));
  return errs;
}
