/**
 * Private keys: generation and PEM encoding. Skiff generates ECDSA P-256
 * keys (as k3s does) rather than kubeadm's default RSA 2048: a P-256 key
 * takes well under a millisecond, an RSA 2048 key tens to hundreds, and
 * `skiff up` generates its whole PKI on first start. Keys on disk are
 * SEC1 "EC PRIVATE KEY" PEM, the encoding kubeadm and k3s write for EC keys;
 * loading also accepts PKCS#8 and RSA keys, so a CA brought from kubeadm
 * still signs.
 */
import { createPrivateKey, createPublicKey, webcrypto, type KeyObject } from "node:crypto";

type CryptoKey = webcrypto.CryptoKey;

/** A key pair usable for signing, with the private key's PEM for storage. */
export interface GeneratedKey {
  privateKey: CryptoKey;
  publicKey: CryptoKey;
  /** SEC1 PEM ("-----BEGIN EC PRIVATE KEY-----"). */
  keyPem: string;
}

/** The WebCrypto algorithm for signing with a key and for naming it in a certificate. */
export type SigningAlgorithm =
  | { name: "ECDSA"; namedCurve: "P-256" | "P-384"; hash: "SHA-256" | "SHA-384" }
  | { name: "RSASSA-PKCS1-v1_5"; hash: "SHA-256" };

const P256: SigningAlgorithm = { name: "ECDSA", namedCurve: "P-256", hash: "SHA-256" };

/** Generates a fresh ECDSA P-256 key pair. */
export async function generateKey(): Promise<GeneratedKey> {
  const pair = await webcrypto.subtle.generateKey({ name: "ECDSA", namedCurve: "P-256" }, true, ["sign", "verify"]);
  const pkcs8 = Buffer.from(await webcrypto.subtle.exportKey("pkcs8", pair.privateKey));
  const keyPem = createPrivateKey({ key: pkcs8, format: "der", type: "pkcs8" }).export({ type: "sec1", format: "pem" }).toString();
  return { privateKey: pair.privateKey, publicKey: pair.publicKey, keyPem };
}

/** The signing algorithm matching a private key; throws for key types Skiff cannot sign with. */
export function signingAlgorithmFor(key: KeyObject): SigningAlgorithm {
  if (key.asymmetricKeyType === "rsa") return { name: "RSASSA-PKCS1-v1_5", hash: "SHA-256" };
  if (key.asymmetricKeyType === "ec") {
    const curve = key.asymmetricKeyDetails?.namedCurve;
    if (curve === "prime256v1") return P256;
    if (curve === "secp384r1") return { name: "ECDSA", namedCurve: "P-384", hash: "SHA-384" };
    throw new Error(`unsupported EC curve ${curve ?? "(unknown)"}`);
  }
  throw new Error(`unsupported private key type ${key.asymmetricKeyType ?? "(unknown)"}`);
}

/** A stored private key, ready to sign certificates. */
export interface SigningKey {
  privateKey: CryptoKey;
  algorithm: SigningAlgorithm;
  /** SubjectPublicKeyInfo DER of the matching public key. */
  spki: Buffer;
}

/** Imports a PEM private key (SEC1, PKCS#1 or PKCS#8) for signing. */
export async function importSigningKey(keyPem: string): Promise<SigningKey> {
  const key = createPrivateKey(keyPem);
  const algorithm = signingAlgorithmFor(key);
  const pkcs8 = key.export({ type: "pkcs8", format: "der" });
  const importAlgorithm = algorithm.name === "ECDSA" ? { name: "ECDSA", namedCurve: algorithm.namedCurve } : algorithm;
  const privateKey = await webcrypto.subtle.importKey("pkcs8", pkcs8, importAlgorithm, false, ["sign"]);
  return { privateKey, algorithm, spki: publicKeySpki(key) };
}

/** SubjectPublicKeyInfo DER of a private key's public half (or of a public key). */
export function publicKeySpki(key: KeyObject | string): Buffer {
  const publicKey = typeof key !== "string" && key.type === "public" ? key : createPublicKey(key);
  return publicKey.export({ type: "spki", format: "der" });
}
