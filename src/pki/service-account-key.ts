/**
 * The service-account signing key pair, kept as kubeadm keeps it:
 * `sa.key` (RSA 2048 private key, PKCS#1 PEM, 0600) and `sa.pub` (its public
 * key, PKIX PEM). The API server signs service-account tokens with sa.key;
 * anyone verifying them needs only sa.pub. Created once; later calls load
 * the files, so tokens stay valid across restarts.
 */
import { createHash, createPublicKey, generateKeyPair, type KeyObject } from "node:crypto";
import { join } from "node:path";
import { promisify } from "node:util";
import { ensurePrivateDir, PRIVATE_FILE_MODE, PUBLIC_FILE_MODE, readOptional, writeFileAtomic } from "./files.js";

export interface ServiceAccountKey {
  privateKeyPem: string;
  publicKeyPem: string;
  /** The JWT "kid": base64url of the SHA-256 of the DER public key, as upstream derives it. */
  keyId: string;
}

const generate = promisify(generateKeyPair);

/** A new key pair held in memory only. */
export async function generateServiceAccountKey(): Promise<ServiceAccountKey> {
  const { privateKey, publicKey } = await generate("rsa", { modulusLength: 2048 });
  return describeKey(privateKey.export({ type: "pkcs1", format: "pem" }).toString(), publicKey);
}

/** Loads dir/sa.key and dir/sa.pub, creating both when sa.key is missing. */
export async function ensureServiceAccountKey(dir: string): Promise<ServiceAccountKey> {
  await ensurePrivateDir(dir);
  const keyPath = join(dir, "sa.key");
  const pubPath = join(dir, "sa.pub");
  const existing = await readOptional(keyPath);
  if (existing) {
    const key = describeKey(existing, createPublicKey(existing));
    if ((await readOptional(pubPath)) !== key.publicKeyPem) await writeFileAtomic(pubPath, key.publicKeyPem, PUBLIC_FILE_MODE);
    return key;
  }
  const key = await generateServiceAccountKey();
  await writeFileAtomic(keyPath, key.privateKeyPem, PRIVATE_FILE_MODE);
  await writeFileAtomic(pubPath, key.publicKeyPem, PUBLIC_FILE_MODE);
  return key;
}

function describeKey(privateKeyPem: string, publicKey: KeyObject): ServiceAccountKey {
  const der = publicKey.export({ type: "spki", format: "der" });
  return {
    privateKeyPem,
    publicKeyPem: publicKey.export({ type: "spki", format: "pem" }).toString(),
    keyId: createHash("sha256").update(der).digest("base64url"),
  };
}
