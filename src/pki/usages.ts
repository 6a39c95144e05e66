/**
 * Certificate usages by their Kubernetes names (certificates.k8s.io/v1
 * `KeyUsage`), mapped to X.509 key usage bits and extended key usage OIDs,
 * so CSR signing and Skiff's own certificates speak the same vocabulary.
 */
/** Usage names accepted in a CertificateSigningRequest's spec.usages. */
export type KeyUsageName =
  | "signing"
  | "digital signature"
  | "content commitment"
  | "key encipherment"
  | "key agreement"
  | "data encipherment"
  | "cert sign"
  | "crl sign"
  | "encipher only"
  | "decipher only"
  | "any"
  | "server auth"
  | "client auth"
  | "code signing"
  | "email protection"
  | "s/mime"
  | "ipsec end system"
  | "ipsec tunnel"
  | "ipsec user"
  | "timestamping"
  | "ocsp signing"
  | "microsoft sgc"
  | "netscape sgc";

/** X.509 key usage bits, numbered as @peculiar/x509's KeyUsageFlags. */
const F = {
  digitalSignature: 1,
  nonRepudiation: 2,
  keyEncipherment: 4,
  dataEncipherment: 8,
  keyAgreement: 16,
  keyCertSign: 32,
  cRLSign: 64,
  encipherOnly: 128,
  decipherOnly: 256,
} as const;

const keyUsageBits: Partial<Record<KeyUsageName, number>> = {
  signing: F.digitalSignature,
  "digital signature": F.digitalSignature,
  "content commitment": F.nonRepudiation,
  "key encipherment": F.keyEncipherment,
  "key agreement": F.keyAgreement,
  "data encipherment": F.dataEncipherment,
  "cert sign": F.keyCertSign,
  "crl sign": F.cRLSign,
  "encipher only": F.encipherOnly,
  "decipher only": F.decipherOnly,
};

/** Extended key usage OIDs. */
export const EXT_KEY_USAGE_OIDS: Partial<Record<KeyUsageName, string>> = {
  any: "2.5.29.37.0",
  "server auth": "1.3.6.1.5.5.7.3.1",
  "client auth": "1.3.6.1.5.5.7.3.2",
  "code signing": "1.3.6.1.5.5.7.3.3",
  "email protection": "1.3.6.1.5.5.7.3.4",
  "s/mime": "1.3.6.1.5.5.7.3.4",
  "ipsec end system": "1.3.6.1.5.5.7.3.5",
  "ipsec tunnel": "1.3.6.1.5.5.7.3.6",
  "ipsec user": "1.3.6.1.5.5.7.3.7",
  timestamping: "1.3.6.1.5.5.7.3.8",
  "ocsp signing": "1.3.6.1.5.5.7.3.9",
  "microsoft sgc": "1.3.6.1.4.1.311.10.3.3",
  "netscape sgc": "2.16.840.1.113730.4.1",
};

/** True when name is a usage Skiff knows. */
export function isKeyUsageName(name: string): name is KeyUsageName {
  return name in keyUsageBits || name in EXT_KEY_USAGE_OIDS;
}

/** Splits usage names into key usage bits and extended key usage OIDs (deduplicated, in order). */
export function resolveUsages(usages: readonly KeyUsageName[]): { keyUsage: number; extKeyUsages: string[] } {
  let keyUsage = 0;
  const extKeyUsages: string[] = [];
  for (const usage of usages) {
    const bit = keyUsageBits[usage];
    if (bit !== undefined) keyUsage |= bit;
    const oid = EXT_KEY_USAGE_OIDS[usage];
    if (oid !== undefined && !extKeyUsages.includes(oid)) extKeyUsages.push(oid);
    if (bit === undefined && oid === undefined) throw new Error(`unknown key usage "${usage}"`);
  }
  return { keyUsage, extKeyUsages };
}
