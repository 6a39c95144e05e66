/**
 * `skiff certs renew`: reissues a leaf certificate of a PKI directory with
 * a new key, the same subject, names and usages, signed by the CA of the
 * same directory that issued it (ca or front-proxy-ca), for the standard
 * leaf lifetime. CAs are not renewed: a new CA would invalidate every
 * credential it signed.
 */
import { X509Certificate } from "node:crypto";
import { readdir } from "node:fs/promises";
import { join } from "node:path";
import type { Clock } from "../util/clock.js";
import { inspectCertificate, issueWithNewKey, LEAF_VALIDITY_DAYS, type CertificateAndKey } from "./certificates.js";
import { loadCa, writePair } from "./cluster-pki.js";
import { readOptional } from "./files.js";
import type { KeyUsageName } from "./usages.js";

const SERVER_AUTH = "1.3.6.1.5.5.7.3.1";
const CLIENT_AUTH = "1.3.6.1.5.5.7.3.2";

/** Base names of the leaves in dir that a CA in dir (with its key) issued, sorted. */
export async function renewableCertificates(dir: string): Promise<{ name: string; caName: string }[]> {
  const names = (await readdir(dir)).filter((f) => f.endsWith(".crt")).map((f) => f.slice(0, -4)).sort();
  const certs = new Map<string, X509Certificate>();
  for (const n of names) {
    const pem = await readOptional(join(dir, `${n}.crt`));
    if (pem) certs.set(n, new X509Certificate(pem));
  }
  const cas = [...certs].filter(([n, c]) => c.ca && names.includes(n));
  const out: { name: string; caName: string }[] = [];
  for (const [name, cert] of certs) {
    if (cert.ca) continue;
    const issuer = cas.find(([, ca]) => cert.checkIssued(ca) && cert.verify(ca.publicKey));
    if (issuer && (await readOptional(join(dir, `${issuer[0]}.key`))) !== undefined) out.push({ name, caName: issuer[0] });
  }
  return out;
}

/** Reissues dir/<name>.crt (and a new .key) from dir/<caName>; returns the new pair. */
export async function renewCertificate(dir: string, name: string, caName: string, clock: Clock): Promise<CertificateAndKey> {
  const ca = await loadCa(dir, caName);
  const pem = await readOptional(join(dir, `${name}.crt`));
  if (!ca || !pem) throw new Error(`cannot renew ${name}: ${join(dir, `${name}.crt`)} or its CA ${caName} is missing`);
  const old = new X509Certificate(pem);
  const info = inspectCertificate(old);
  const eku = old.keyUsage ?? [];
  const usages: KeyUsageName[] = ["digital signature", "key encipherment"];
  if (eku.includes(SERVER_AUTH)) usages.push("server auth");
  if (eku.includes(CLIENT_AUTH)) usages.push("client auth");
  const pair = await issueWithNewKey(ca, { commonName: info.commonName, organizations: info.organizations, validityDays: LEAF_VALIDITY_DAYS, clock }, usages, { dnsNames: info.dnsNames, ipAddresses: info.ipAddresses });
  await writePair(dir, name, pair);
  return pair;
}
