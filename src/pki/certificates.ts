/**
 * Issuing and inspecting X.509 certificates. Validity follows kubeadm: CAs
 * 10 years, leaves 1 year, notBefore backdated 5 minutes so a peer whose
 * clock trails slightly still accepts a fresh certificate, and no leaf
 * outlives its CA.
 */
import { createPublicKey, randomBytes, webcrypto, X509Certificate } from "node:crypto";
import { isIP } from "node:net";
import type { Clock } from "../util/clock.js";
import { realClock } from "../util/clock.js";
import { generateKey, importSigningKey, publicKeySpki } from "./keys.js";
import { resolveUsages, type KeyUsageName } from "./usages.js";
import { loadX509, type X509Lib } from "./load-x509.js";

const DAY_MS = 24 * 60 * 60 * 1000;
/** kubeadm's CertificateBackdate. */
export const CERTIFICATE_BACKDATE_MS = 5 * 60 * 1000;
/** kubeadm's CA validity: 10 years of 365 days. */
export const CA_VALIDITY_DAYS = 3650;
/** kubeadm's leaf validity: 1 year. */
export const LEAF_VALIDITY_DAYS = 365;

/** A certificate's subject as Kubernetes reads it: CN is the user, O the groups. */
export interface Subject {
  commonName: string;
  organizations?: readonly string[];
}

/** A CA able to sign: its certificate and private key, both PEM. */
export interface CertificateAuthority {
  certPem: string;
  keyPem: string;
}

/** A certificate with its own freshly generated private key. */
export interface CertificateAndKey {
  certPem: string;
  keyPem: string;
  notBefore: Date;
  notAfter: Date;
}

/** What signCertificate certifies. */
export interface SignCertificateOptions {
  subject: Subject;
  /** The key to certify: a WebCrypto public key, SPKI DER, or PEM ("PUBLIC KEY" or a certificate's key). */
  publicKey: webcrypto.CryptoKey | Buffer | string;
  /** Kubernetes usage names, e.g. ["digital signature", "key encipherment", "client auth"]. */
  usages: readonly KeyUsageName[];
  dnsNames?: readonly string[];
  ipAddresses?: readonly string[];
  /** Defaults to LEAF_VALIDITY_DAYS; fractions allowed (a CSR's expirationSeconds / 86400). */
  validityDays?: number;
  clock?: Clock;
}

/** Options shared by issueClientCert and issueServingCert. */
export interface IssueOptions {
  commonName: string;
  organizations?: readonly string[];
  validityDays?: number;
  clock?: Clock;
}

/** Serving certificates also name the hosts they serve. */
export interface IssueServingOptions extends IssueOptions {
  dnsNames?: readonly string[];
  ipAddresses?: readonly string[];
}

/** What Skiff reads back from a certificate. */
export interface CertificateInfo {
  /** As OpenSSL prints it on one line, e.g. "O=system:masters, CN=admin". */
  subject: string;
  issuer: string;
  commonName: string;
  organizations: string[];
  serialNumber: string;
  notBefore: Date;
  notAfter: Date;
  isCA: boolean;
  dnsNames: string[];
  /** In canonical form (IPv6 compressed, lower case). */
  ipAddresses: string[];
}

/** Creates a self-signed CA (CN defaults to "skiff-ca", validity to 10 years). */
export async function createCertificateAuthority(
  opts: { commonName?: string; validityDays?: number; clock?: Clock } = {},
): Promise<CertificateAndKey> {
  const x509 = await loadX509();
  const key = await generateKey();
  const { notBefore, notAfter } = validity(opts.clock ?? realClock, opts.validityDays ?? CA_VALIDITY_DAYS);
  const { keyUsage } = resolveUsages(["digital signature", "key encipherment", "cert sign"]);
  const cert = await x509.X509CertificateGenerator.createSelfSigned({
    serialNumber: serialNumber(),
    name: subjectName({ commonName: opts.commonName ?? "skiff-ca" }),
    notBefore,
    notAfter,
    keys: { privateKey: key.privateKey, publicKey: key.publicKey },
    signingAlgorithm: { name: "ECDSA", hash: "SHA-256" },
    extensions: [
      new x509.KeyUsagesExtension(keyUsage, true),
      new x509.BasicConstraintsExtension(true, undefined, true),
      await x509.SubjectKeyIdentifierExtension.create(key.publicKey),
    ],
  });
  return { certPem: cert.toString("pem") + "\n", keyPem: key.keyPem, notBefore: cert.notBefore, notAfter: cert.notAfter };
}

/**
 * Signs a certificate for someone else's public key: the primitive behind
 * Skiff's own leaves and CSR signing. The issuer is copied byte for byte
 * from the CA's subject, as Go's chain building compares raw names.
 */
export async function signCertificate(ca: CertificateAuthority, opts: SignCertificateOptions): Promise<{ certPem: string; notBefore: Date; notAfter: Date }> {
  const x509 = await loadX509();
  const caCert = new x509.X509Certificate(ca.certPem);
  const signer = await importSigningKey(ca.keyPem);
  if (!Buffer.from(caCert.publicKey.rawData).equals(signer.spki)) {
    throw new Error("CA private key does not match the CA certificate");
  }
  const clock = opts.clock ?? realClock;
  const { notBefore, notAfter: wanted } = validity(clock, opts.validityDays ?? LEAF_VALIDITY_DAYS);
  const notAfter = wanted > caCert.notAfter ? caCert.notAfter : wanted;
  const { keyUsage, extKeyUsages } = resolveUsages(opts.usages);

  const extensions: InstanceType<X509Lib["Extension"]>[] = [];
  if (keyUsage) extensions.push(new x509.KeyUsagesExtension(keyUsage, true));
  if (extKeyUsages.length) extensions.push(new x509.ExtendedKeyUsageExtension(extKeyUsages, false));
  extensions.push(new x509.BasicConstraintsExtension(false, undefined, true));
  const caKeyId = caCert.getExtension(x509.SubjectKeyIdentifierExtension)?.keyId;
  if (caKeyId) extensions.push(new x509.AuthorityKeyIdentifierExtension(caKeyId, false));
  const names: { type: "dns" | "ip"; value: string }[] = [
    ...(opts.dnsNames ?? []).map((value) => ({ type: "dns" as const, value })),
    ...(opts.ipAddresses ?? []).map((value) => ({ type: "ip" as const, value: canonicalIp(value) })),
  ];
  if (names.length) extensions.push(new x509.SubjectAlternativeNameExtension(names, false));

  const cert = await x509.X509CertificateGenerator.create({
    serialNumber: serialNumber(),
    subject: subjectName(opts.subject),
    issuer: new x509.Name(caCert.subjectName.toArrayBuffer()),
    notBefore,
    notAfter,
    publicKey: toSpki(opts.publicKey),
    signingKey: signer.privateKey,
    signingAlgorithm: signer.algorithm,
    extensions,
  });
  return { certPem: cert.toString("pem") + "\n", notBefore: cert.notBefore, notAfter: cert.notAfter };
}

/** Issues a client certificate (extKeyUsage clientAuth) with a new key. */
export async function issueClientCert(ca: CertificateAuthority, opts: IssueOptions): Promise<CertificateAndKey> {
  return issueWithNewKey(ca, opts, ["digital signature", "key encipherment", "client auth"], {});
}

/** Issues a serving certificate (extKeyUsage serverAuth) with a new key. */
export async function issueServingCert(ca: CertificateAuthority, opts: IssueServingOptions): Promise<CertificateAndKey> {
  return issueWithNewKey(ca, opts, ["digital signature", "key encipherment", "server auth"], {
    dnsNames: opts.dnsNames,
    ipAddresses: opts.ipAddresses,
  });
}

/** A new key pair and a certificate for it, signed by ca (issue* and renewals share it). */
export async function issueWithNewKey(
  ca: CertificateAuthority,
  opts: IssueOptions,
  usages: KeyUsageName[],
  sans: { dnsNames?: readonly string[]; ipAddresses?: readonly string[] },
): Promise<CertificateAndKey> {
  const key = await generateKey();
  const signed = await signCertificate(ca, {
    subject: { commonName: opts.commonName, organizations: opts.organizations },
    publicKey: key.publicKey,
    usages,
    validityDays: opts.validityDays,
    clock: opts.clock,
    ...sans,
  });
  return { ...signed, keyPem: key.keyPem };
}

/** Reads back the fields Skiff cares about from a PEM or DER certificate (with Node's parser: no library load). */
export function inspectCertificate(cert: string | Buffer | X509Certificate): CertificateInfo {
  const c = cert instanceof X509Certificate ? cert : new X509Certificate(cert);
  const subject = c.toLegacyObject().subject as Record<string, string | string[] | undefined>;
  const values = (v: string | string[] | undefined) => (v === undefined ? [] : Array.isArray(v) ? v : [v]);
  const sans = parseSubjectAltName(c.subjectAltName);
  return {
    subject: c.subject.split("\n").join(", "),
    issuer: c.issuer.split("\n").join(", "),
    commonName: values(subject.CN)[0] ?? "",
    organizations: values(subject.O),
    serialNumber: c.serialNumber,
    notBefore: new Date(Date.parse(c.validFrom)),
    notAfter: new Date(Date.parse(c.validTo)),
    isCA: c.ca,
    dnsNames: sans.filter((n) => n.type === "DNS").map((n) => n.value),
    ipAddresses: sans.filter((n) => n.type === "IP Address").map((n) => canonicalIp(n.value)),
  };
}

/**
 * Splits Node's subjectAltName text ("DNS:a, IP Address:127.0.0.1"). Node
 * prints a value holding a separator as a JSON string literal; such names
 * are never valid host names or addresses, so they are dropped.
 */
function parseSubjectAltName(text: string | undefined): { type: string; value: string }[] {
  if (!text) return [];
  const out: { type: string; value: string }[] = [];
  for (const part of text.split(", ")) {
    const colon = part.indexOf(":");
    if (colon < 0) continue;
    const value = part.slice(colon + 1);
    if (value.startsWith('"')) continue;
    out.push({ type: part.slice(0, colon), value });
  }
  return out;
}

/** True when the certificate's public key is the public half of keyPem. */
export function certificateMatchesKey(certPem: string, keyPem: string): boolean {
  return publicKeySpki(createPublicKey(certPem)).equals(publicKeySpki(keyPem));
}

/** One IP address in canonical text form; throws for anything that is not an IP. */
export function canonicalIp(ip: string): string {
  const kind = isIP(ip);
  if (kind === 4) return ip;
  // The WHATWG URL parser prints IPv6 in RFC 5952 form ("::1", lower case).
  if (kind === 6) return new URL(`http://[${ip}]/`).hostname.slice(1, -1);
  throw new Error(`invalid IP address "${ip}"`);
}

function validity(clock: Clock, days: number): { notBefore: Date; notAfter: Date } {
  // X.509 times carry whole seconds.
  const now = Math.floor(clock.now() / 1000) * 1000;
  return { notBefore: new Date(now - CERTIFICATE_BACKDATE_MS), notAfter: new Date(now + Math.round(days * DAY_MS)) };
}

/** Go's pkix order (O before CN), which is how kubeadm's certificates print. */
function subjectName(subject: Subject): Record<string, string[]>[] {
  // Go writes all organizations as one multi-valued RDN.
  const name: Record<string, string[]>[] = [];
  if (subject.organizations?.length) name.push({ O: [...subject.organizations] });
  name.push({ CN: [subject.commonName] });
  return name;
}

/** 128 random bits, positive and without a leading zero byte. */
function serialNumber(): string {
  const bytes = randomBytes(16);
  bytes[0] = (bytes[0]! & 0x7f) | 0x40;
  return bytes.toString("hex");
}

function toSpki(key: webcrypto.CryptoKey | Buffer | string): webcrypto.CryptoKey | ArrayBuffer {
  if (typeof key === "string") key = publicKeySpki(createPublicKey(key));
  if (Buffer.isBuffer(key)) return key.buffer.slice(key.byteOffset, key.byteOffset + key.byteLength) as ArrayBuffer;
  return key;
}
