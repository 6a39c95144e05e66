/**
 * PKCS#10 certificate requests: made by a joining node for its client
 * certificate, read by the CSR controllers (what it asks for, whether its
 * signature holds).
 */
import { generateKey } from "./keys.js";
import { loadX509 } from "./load-x509.js";
import type { Subject } from "./certificates.js";

export interface CertificateRequestAndKey {
  csrPem: string;
  /** SEC1 PEM of the new private key. */
  keyPem: string;
}

/** A new ECDSA P-256 key and a request for a certificate of it with this subject. */
export async function createCertificateRequest(subject: Subject): Promise<CertificateRequestAndKey> {
  const x509 = await loadX509();
  const key = await generateKey();
  // Go's pkix order: organizations (one multi-valued RDN) before the common name.
  const name: Record<string, string[]>[] = [];
  if (subject.organizations?.length) name.push({ O: [...subject.organizations] });
  name.push({ CN: [subject.commonName] });
  const csr = await x509.Pkcs10CertificateRequestGenerator.create({
    name,
    keys: { privateKey: key.privateKey, publicKey: key.publicKey },
    signingAlgorithm: { name: "ECDSA", hash: "SHA-256" },
  });
  return { csrPem: csr.toString("pem") + "\n", keyPem: key.keyPem };
}

/** What a request asks for. */
export interface CertificateRequestInfo {
  commonName: string;
  organizations: string[];
  dnsNames: string[];
  ipAddresses: string[];
  emailAddresses: string[];
  uris: string[];
  /** DER SubjectPublicKeyInfo of the key to certify. */
  publicKeySpki: Buffer;
  /** The request is signed by the key it carries. */
  signatureValid: boolean;
}

/** Parses a "CERTIFICATE REQUEST" PEM; throws when it is not one. */
export async function readCertificateRequest(pem: string): Promise<CertificateRequestInfo> {
  const x509 = await loadX509();
  const csr = new x509.Pkcs10CertificateRequest(pem);
  const attr = (type: string) => csr.subjectName.getField(type);
  const san = csr.extensions.find((e) => e instanceof x509.SubjectAlternativeNameExtension) as InstanceType<typeof x509.SubjectAlternativeNameExtension> | undefined;
  const names: readonly { type: string; value: string }[] = san?.names.items ?? [];
  const of = (type: string) => names.filter((n) => n.type === type).map((n) => n.value);
  return {
    commonName: attr("CN")[0] ?? "",
    organizations: attr("O"),
    dnsNames: of("dns"),
    ipAddresses: of("ip"),
    emailAddresses: of("email"),
    uris: of("url"),
    publicKeySpki: Buffer.from(csr.publicKey.rawData),
    signatureValid: await csr.verify(),
  };
}
