/**
 * Obtaining a node's client certificate through the certificates API, as
 * the kubelet's TLS bootstrap and certificate manager do: a new key, a CSR
 * for CN=system:node:<name>, O=system:nodes to the
 * kube-apiserver-client-kubelet signer, then waiting until it is issued
 * (or denied or failed: an error naming the condition).
 */
import type { CertificateSigningRequest } from "kubernetes-types/certificates/v1.js";
import type { KubeObject } from "../api/types.js";
import type { Client } from "../client/types.js";
import { createCertificateRequest } from "../pki/index.js";
import { sleepOn, type Clock } from "../util/clock.js";

type CSRObject = CertificateSigningRequest & KubeObject;
const CSRS = Object.freeze({ group: "certificates.k8s.io", version: "v1", resource: "certificatesigningrequests" });
export const KUBELET_CLIENT_SIGNER = "kubernetes.io/kube-apiserver-client-kubelet";
/** How often the request is looked at while it waits. */
const POLL_MS = 500;

export interface IssuedCertificate {
  certPem: string;
  keyPem: string;
  /** The CSR's name, for logs. */
  csrName: string;
}

export async function requestNodeClientCertificate(client: Client, nodeName: string, clock: Clock, signal?: AbortSignal): Promise<IssuedCertificate> {
  const { csrPem, keyPem } = await createCertificateRequest({ commonName: `system:node:${nodeName}`, organizations: ["system:nodes"] });
  const created = await client.create<CSRObject>(CSRS, undefined, {
    apiVersion: "certificates.k8s.io/v1",
    kind: "CertificateSigningRequest",
    metadata: { generateName: "node-csr-" },
    spec: { request: Buffer.from(csrPem).toString("base64"), signerName: KUBELET_CLIENT_SIGNER, usages: ["digital signature", "client auth"] },
  } as CSRObject);
  const name = created.metadata.name!;
  for (;;) {
    const csr = await client.get<CSRObject>(CSRS, undefined, name);
    const refused = (csr.status?.conditions ?? []).find((c) => (c.type === "Denied" || c.type === "Failed") && c.status !== "False");
    if (refused) throw new Error(`certificate signing request ${name} is ${refused.type.toLowerCase()}: ${refused.reason ?? ""} ${refused.message ?? ""}`.trim());
    if (csr.status?.certificate) return { certPem: Buffer.from(csr.status.certificate, "base64").toString("utf8"), keyPem, csrName: name };
    await sleepOn(clock, POLL_MS, signal);
  }
}
