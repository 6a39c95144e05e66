/**
 * Certificate expiry, the data behind `skiff certs check-expiration` (in
 * kubeadm's table format) and the doctor's certificate checks: every
 * certificate in a PKI directory, when it expires and what issued it.
 */
import { X509Certificate } from "node:crypto";
import { readdir, readFile } from "node:fs/promises";
import { join } from "node:path";
import type { Clock } from "../util/clock.js";
import { inspectCertificate } from "./certificates.js";

/** One certificate's expiry. */
export interface CertificateExpiration {
  /** File base name: "ca", "apiserver", "admin". */
  name: string;
  subject: string;
  notAfter: Date;
  /** notAfter minus now; negative once expired. */
  residualMs: number;
  /** residualMs as kubeadm prints it: "364d", "9y", "<invalid>". */
  residualTime: string;
  isCA: boolean;
  /** Base name of the CA in the same directory that issued this certificate; absent for CAs and foreign issuers. */
  authority?: string;
}

/**
 * Every *.crt in dir, sorted by name, with its expiry relative to the
 * clock's now. A file that is not a certificate is an error: a corrupt PKI
 * must be reported, not skipped.
 */
export async function certificateExpirations(dir: string, clock: Clock): Promise<CertificateExpiration[]> {
  const now = clock.now();
  const files = (await readdir(dir)).filter((f) => f.endsWith(".crt")).sort();
  const loaded = await Promise.all(
    files.map(async (file) => {
      const pem = await readFile(join(dir, file), "utf8");
      try {
        return { name: file.slice(0, -".crt".length), cert: new X509Certificate(pem), info: inspectCertificate(pem) };
      } catch (err) {
        throw new Error(`${join(dir, file)} is not a valid certificate: ${(err as Error).message}`);
      }
    }),
  );
  const cas = loaded.filter((c) => c.info.isCA);
  return loaded.map(({ name, cert, info }) => {
    const residualMs = info.notAfter.getTime() - now;
    const entry: CertificateExpiration = {
      name,
      subject: info.subject,
      notAfter: info.notAfter,
      residualMs,
      residualTime: shortHumanDuration(residualMs),
      isCA: info.isCA,
    };
    if (!info.isCA) {
      const issuer = cas.find((ca) => cert.checkIssued(ca.cert) && cert.verify(ca.cert.publicKey));
      if (issuer) entry.authority = issuer.name;
    }
    return entry;
  });
}

/**
 * A duration the way Kubernetes prints ages and residual times
 * (apimachinery's ShortHumanDuration): the largest whole unit, "<invalid>"
 * when more than a second negative.
 */
export function shortHumanDuration(ms: number): string {
  const seconds = Math.trunc(ms / 1000);
  if (seconds < -1) return "<invalid>";
  if (seconds < 0) return "0s";
  if (seconds < 60) return `${seconds}s`;
  const minutes = Math.trunc(seconds / 60);
  if (minutes < 60) return `${minutes}m`;
  const hours = Math.trunc(minutes / 60);
  if (hours < 24) return `${hours}h`;
  if (hours < 24 * 365) return `${Math.trunc(hours / 24)}d`;
  return `${Math.trunc(hours / 24 / 365)}y`;
}

const MONTHS = ["Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"];

/** A date as kubeadm's EXPIRES column prints it: "Aug 19, 2026 09:03 UTC". */
export function formatExpiry(date: Date): string {
  const pad = (n: number) => String(n).padStart(2, "0");
  return `${MONTHS[date.getUTCMonth()]} ${pad(date.getUTCDate())}, ${date.getUTCFullYear()} ${pad(date.getUTCHours())}:${pad(date.getUTCMinutes())} UTC`;
}
