/**
 * CA public key pinning, as kubeadm's --discovery-token-ca-cert-hash:
 * `sha256:<hex>` of the DER SubjectPublicKeyInfo of the CA certificate.
 */
import { createHash, X509Certificate } from "node:crypto";

export const CA_HASH_PREFIX = "sha256:";

/** The pin of a certificate's public key: "sha256:<64 hex>". */
export function caCertHash(certPem: string): string {
  const spki = new X509Certificate(certPem).publicKey.export({ type: "spki", format: "der" });
  return `${CA_HASH_PREFIX}${createHash("sha256").update(spki).digest("hex")}`;
}

/** The pin in canonical form (lower-case hex), or an error naming what is wrong with it. */
export function parseCaCertHash(text: string): string {
  const lower = text.trim().toLowerCase();
  if (!lower.startsWith(CA_HASH_PREFIX)) throw new Error(`unsupported hash format "${text}" (expected "sha256:<hex>")`);
  const hex = lower.slice(CA_HASH_PREFIX.length);
  if (!/^[0-9a-f]{64}$/.test(hex)) throw new Error(`invalid hash "${text}": expected 64 hex digits after "sha256:"`);
  return lower;
}
