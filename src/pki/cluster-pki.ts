/**
 * The cluster's PKI directory, laid out as kubeadm's /etc/kubernetes/pki:
 *
 *   ca.crt, ca.key                 self-signed CA "skiff-ca", 10 years
 *   apiserver.crt, apiserver.key   API server serving certificate, 1 year
 *   admin.crt, admin.key           client CN=admin O=system:masters, 1 year
 *   apiserver-kubelet-client.crt/.key
 *                                  the API server's client to kubelets, CN=kube-apiserver-kubelet-client
 *                                  O=kubeadm:cluster-admins, 1 year (kubeadm's names)
 *
 * The first call creates everything; later calls load the files unchanged.
 * A leaf is reissued only when it is missing, unreadable, not issued by the
 * CA or not matching its key, or (the serving certificate) when its SANs no
 * longer cover the names asked for. The CA is never replaced silently:
 * replacing it would invalidate every kubeconfig and node credential.
 */
import { X509Certificate } from "node:crypto";
import { hostname } from "node:os";
import { join } from "node:path";
import type { Clock } from "../util/clock.js";
import { realClock } from "../util/clock.js";
import {
  canonicalIp,
  certificateMatchesKey,
  createCertificateAuthority,
  inspectCertificate,
  issueClientCert,
  issueServingCert,
  type CertificateAndKey,
  type CertificateAuthority,
  type CertificateInfo,
} from "./certificates.js";
import { ensurePrivateDir, PRIVATE_FILE_MODE, PUBLIC_FILE_MODE, readOptional, writeFileAtomic } from "./files.js";

/** The API server's in-cluster names, always in its serving certificate. */
export const API_SERVER_DNS_NAMES = [
  "localhost",
  "kubernetes",
  "kubernetes.default",
  "kubernetes.default.svc",
  "kubernetes.default.svc.cluster.local",
] as const;
export const API_SERVER_LOOPBACK_IPS = ["127.0.0.1", "::1"] as const;
export const ADMIN_USER = "admin";
export const ADMIN_GROUP = "system:masters";
export const API_SERVER_COMMON_NAME = "kube-apiserver";
export const KUBELET_CLIENT_COMMON_NAME = "kube-apiserver-kubelet-client";
export const KUBELET_CLIENT_GROUP = "kubeadm:cluster-admins";

/** The leaf certificates ensureClusterPki manages, by file base name. */
export type ClusterLeafName = "apiserver" | "admin" | "apiserver-kubelet-client";

export interface ClusterPkiOptions {
  /** Extra DNS names for the serving certificate (the machine's host name is always included). */
  hostnames: readonly string[];
  /** Extra IPs for the serving certificate: node addresses and the first service IP (e.g. 10.96.0.1). */
  ips: readonly string[];
  clock?: Clock;
  /** Validity of newly issued leaves; defaults to 365. The CA always gets 10 years. */
  validityDays?: number;
  /** Leaves to reissue even when valid (certificate renewal). */
  renew?: readonly ClusterLeafName[];
}

/** The loaded PKI. Every certificate and key is PEM; dates come from the certificates. */
export interface ClusterPki {
  dir: string;
  ca: CertificateAndKey;
  apiServer: CertificateAndKey;
  admin: CertificateAndKey;
  /** The API server's client certificate for kubelets (logs, exec, port-forward, node proxy). */
  kubeletClient: CertificateAndKey;
  /** Base names ("ca", "apiserver", "admin") written by this call; empty when all were reused. */
  generated: string[];
}

/** Creates or loads the cluster PKI in dir (see the module comment for the rules). */
export async function ensureClusterPki(dir: string, opts: ClusterPkiOptions): Promise<ClusterPki> {
  const clock = opts.clock ?? realClock;
  await ensurePrivateDir(dir);
  const generated: string[] = [];

  let ca = await loadCa(dir);
  if (!ca) {
    ca = await createCertificateAuthority({ clock });
    await writePair(dir, "ca", ca);
    generated.push("ca");
  }
  const caCert = new X509Certificate(ca.certPem);

  const dnsNames = unique([...API_SERVER_DNS_NAMES, hostname().toLowerCase(), ...opts.hostnames.map((h) => h.toLowerCase())]);
  const ipAddresses = unique([...API_SERVER_LOOPBACK_IPS, ...opts.ips].map(canonicalIp));
  const leaves: Record<ClusterLeafName, { issue(): Promise<CertificateAndKey>; covers(info: CertificateInfo): boolean }> = {
    apiserver: {
      issue: () => issueServingCert(ca, { commonName: API_SERVER_COMMON_NAME, dnsNames, ipAddresses, validityDays: opts.validityDays, clock }),
      covers: (info) => dnsNames.every((n) => info.dnsNames.includes(n)) && ipAddresses.every((ip) => info.ipAddresses.includes(ip)),
    },
    admin: {
      issue: () => issueClientCert(ca, { commonName: ADMIN_USER, organizations: [ADMIN_GROUP], validityDays: opts.validityDays, clock }),
      covers: () => true,
    },
    "apiserver-kubelet-client": {
      issue: () => issueClientCert(ca, { commonName: KUBELET_CLIENT_COMMON_NAME, organizations: [KUBELET_CLIENT_GROUP], validityDays: opts.validityDays, clock }),
      covers: () => true,
    },
  };

  const result: Partial<Record<ClusterLeafName, CertificateAndKey>> = {};
  for (const name of Object.keys(leaves) as ClusterLeafName[]) {
    const leaf = leaves[name];
    const forced = opts.renew?.includes(name) ?? false;
    let pair = forced ? undefined : await loadLeaf(dir, name, caCert, leaf.covers);
    if (!pair) {
      pair = await leaf.issue();
      await writePair(dir, name, pair);
      generated.push(name);
    }
    result[name] = pair;
  }
  return { dir, ca, apiServer: result.apiserver!, admin: result.admin!, kubeletClient: result["apiserver-kubelet-client"]!, generated };
}

/** The CA <name>.crt/.key, or undefined when its certificate does not exist yet. A present but unusable CA is an error. */
export async function loadCa(dir: string, name = "ca"): Promise<CertificateAndKey | undefined> {
  const certPem = await readOptional(join(dir, `${name}.crt`));
  if (certPem === undefined) return undefined;
  const keyPem = await readOptional(join(dir, `${name}.key`));
  const certPath = join(dir, `${name}.crt`);
  if (keyPem === undefined) throw new Error(`${certPath} exists but ${join(dir, `${name}.key`)} is missing`);
  let info: CertificateInfo;
  try {
    info = inspectCertificate(certPem);
  } catch (err) {
    throw new Error(`${certPath} is not a valid certificate: ${(err as Error).message}`);
  }
  if (!info.isCA) throw new Error(`${certPath} is not a CA certificate`);
  if (!matches(certPem, keyPem)) throw new Error(`${join(dir, `${name}.key`)} does not match ${certPath}`);
  return { certPem, keyPem, notBefore: info.notBefore, notAfter: info.notAfter };
}

/** A leaf that is still good, or undefined when it must be (re)issued. */
export async function loadLeaf(
  dir: string,
  name: string,
  caCert: X509Certificate,
  covers: (info: CertificateInfo) => boolean,
): Promise<CertificateAndKey | undefined> {
  const certPem = await readOptional(join(dir, `${name}.crt`));
  const keyPem = await readOptional(join(dir, `${name}.key`));
  if (certPem === undefined || keyPem === undefined) return undefined;
  try {
    const cert = new X509Certificate(certPem);
    if (!cert.checkIssued(caCert) || !cert.verify(caCert.publicKey)) return undefined;
    if (!matches(certPem, keyPem)) return undefined;
    const info = inspectCertificate(certPem);
    if (!covers(info)) return undefined;
    return { certPem, keyPem, notBefore: info.notBefore, notAfter: info.notAfter };
  } catch {
    return undefined; // unreadable: reissue
  }
}

function matches(certPem: string, keyPem: string): boolean {
  try {
    return certificateMatchesKey(certPem, keyPem);
  } catch {
    return false;
  }
}

/** Key first, then certificate: a present certificate implies its key was written. */
export async function writePair(dir: string, name: string, pair: CertificateAuthority): Promise<void> {
  await writeFileAtomic(join(dir, `${name}.key`), pair.keyPem, PRIVATE_FILE_MODE);
  await writeFileAtomic(join(dir, `${name}.crt`), pair.certPem, PUBLIC_FILE_MODE);
}

function unique(values: string[]): string[] {
  return [...new Set(values)];
}
