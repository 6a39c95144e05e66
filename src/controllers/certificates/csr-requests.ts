/**
 * What the CSR controllers share: the resource, the approval state of a
 * request, and the checks upstream's signers and approver make of what a
 * kubelet may ask for (pkg/apis/certificates: kubelet client and serving).
 */
import type { CertificateSigningRequest } from "kubernetes-types/certificates/v1.js";
import type { KubeObject } from "../../api/types.js";
import type { GVR } from "../../client/types.js";
import type { CertificateRequestInfo } from "../../pki/index.js";

export type CSRObject = CertificateSigningRequest & KubeObject;
export const CSRS: GVR = Object.freeze({ group: "certificates.k8s.io", version: "v1", resource: "certificatesigningrequests" });

export const KUBE_APISERVER_CLIENT_SIGNER = "kubernetes.io/kube-apiserver-client";
export const KUBELET_CLIENT_SIGNER = "kubernetes.io/kube-apiserver-client-kubelet";
export const KUBELET_SERVING_SIGNER = "kubernetes.io/kubelet-serving";

const condition = (csr: CSRObject, type: string) => (csr.status?.conditions ?? []).find((c) => c.type === type && c.status !== "False");
export const isApproved = (csr: CSRObject) => Boolean(condition(csr, "Approved")) && !condition(csr, "Denied");
export const isDenied = (csr: CSRObject) => Boolean(condition(csr, "Denied"));
export const isFailed = (csr: CSRObject) => Boolean(condition(csr, "Failed"));
export const conditionOf = condition;

/** The request PEM of a CSR (spec.request is base64 of it). */
export function requestPem(csr: CSRObject): string {
  return Buffer.from(csr.spec?.request ?? "", "base64").toString("utf8");
}

const sameSet = (a: readonly string[], b: readonly string[]) => a.length === b.length && a.every((x) => b.includes(x));
const KUBELET_CLIENT_USAGES = ["client auth", "digital signature", "key encipherment"];
const KUBELET_SERVING_USAGES = ["digital signature", "key encipherment", "server auth"];

/** Upstream's ValidateKubeletClientCSR: undefined when it is a valid kubelet client request, else the reason. */
export function kubeletClientError(req: CertificateRequestInfo, usages: readonly string[]): string | undefined {
  if (!sameSet(req.organizations, ["system:nodes"])) return "subject organization is not system:nodes";
  if (req.dnsNames.length) return "DNS subjectAltNames are not allowed";
  if (req.emailAddresses.length) return "Email subjectAltNames are not allowed";
  if (req.ipAddresses.length) return "IP subjectAltNames are not allowed";
  if (req.uris.length) return "URI subjectAltNames are not allowed";
  if (!req.commonName.startsWith("system:node:")) return "subject common name does not begin with system:node:";
  const set = [...new Set(usages)];
  if (!sameSet(set, KUBELET_CLIENT_USAGES) && !sameSet(set, ["client auth", "digital signature"])) return `usages did not match [${KUBELET_CLIENT_USAGES.join(" ")}]`;
  return undefined;
}

/** Upstream's ValidateKubeletServingCSR. */
export function kubeletServingError(req: CertificateRequestInfo, usages: readonly string[]): string | undefined {
  if (!sameSet(req.organizations, ["system:nodes"])) return "subject organization is not system:nodes";
  if (!req.dnsNames.length && !req.ipAddresses.length) return "DNS or IP subjectAltName is required";
  if (req.emailAddresses.length) return "Email subjectAltNames are not allowed";
  if (req.uris.length) return "URI subjectAltNames are not allowed";
  const set = [...new Set(usages)];
  if (!sameSet(set, KUBELET_SERVING_USAGES) && !sameSet(set, ["digital signature", "server auth"])) return `usages did not match [${KUBELET_SERVING_USAGES.join(" ")}]`;
  if (!req.commonName.startsWith("system:node:")) return "subject common name does not begin with system:node:";
  return undefined;
}

/** The kube-apiserver-client signer's rule: client usages only. */
export function apiServerClientError(usages: readonly string[]): string | undefined {
  const bad = usages.filter((u) => !KUBELET_CLIENT_USAGES.includes(u));
  return bad.length ? `invalid usage for client certificate: ${bad[0]}` : undefined;
}
