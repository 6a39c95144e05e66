/**
 * The kubelet's serving certificate. Upstream's kubelet, given no
 * --tls-cert-file, self-signs one ("<host>-ca@<time>" issuing "<host>@<time>").
 * Sim kubelets of one process share a single such pair, made once on first
 * use, so a thousand nodes cost one key generation, not a thousand.
 */
import { hostname } from "node:os";
import { createCertificateAuthority, issueServingCert } from "../../pki/certificates.js";
import type { Clock } from "../../util/clock.js";

export interface ServingCertificate {
  certPem: string;
  keyPem: string;
}

let shared: Promise<ServingCertificate> | undefined;

/** The process's self-signed kubelet serving certificate (chain: leaf then its CA). */
export function selfSignedKubeletCertificate(clock: Clock): Promise<ServingCertificate> {
  shared ??= (async () => {
    const host = hostname().toLowerCase();
    const stamp = Math.floor(clock.now() / 1000);
    const ca = await createCertificateAuthority({ commonName: `${host}-ca@${stamp}`, clock });
    const leaf = await issueServingCert(ca, { commonName: `${host}@${stamp}`, dnsNames: [host, "localhost"], ipAddresses: ["127.0.0.1"], clock });
    return { certPem: leaf.certPem + ca.certPem, keyPem: leaf.keyPem };
  })();
  return shared;
}
