/**
 * The front proxy's PKI, as kubeadm lays it out beside the cluster's:
 *
 *   front-proxy-ca.crt, .key       a CA of its own, "front-proxy-ca", 10 years
 *   front-proxy-client.crt, .key   the API server's client certificate towards
 *                                  extension API servers, CN=front-proxy-client, 1 year
 *
 * Extension API servers trust requests signed by this CA (the
 * requestheader-client-ca-file) and take the user from X-Remote-* headers;
 * a separate CA keeps ordinary client certificates from passing as the proxy.
 * Same rules as the cluster PKI: created once, leaves reissued only when
 * missing, unreadable or not issued by the CA, the CA never replaced.
 */
import { X509Certificate } from "node:crypto";
import { join } from "node:path";
import type { Clock } from "../util/clock.js";
import { realClock } from "../util/clock.js";
import { createCertificateAuthority, issueClientCert, type CertificateAndKey } from "./certificates.js";
import { loadCa, loadLeaf, writePair } from "./cluster-pki.js";
import { ensurePrivateDir } from "./files.js";

export const FRONT_PROXY_CA_NAME = "front-proxy-ca";
export const FRONT_PROXY_CLIENT_NAME = "front-proxy-client";
/** The front proxy's user name, the only one extension API servers accept (requestheader-allowed-names). */
export const FRONT_PROXY_CLIENT_COMMON_NAME = "front-proxy-client";

export interface FrontProxyPki {
  ca: CertificateAndKey;
  client: CertificateAndKey;
  /** Base names written by this call. */
  generated: string[];
}

export async function ensureFrontProxyPki(dir: string, opts: { clock?: Clock; validityDays?: number; renewClient?: boolean } = {}): Promise<FrontProxyPki> {
  const clock = opts.clock ?? realClock;
  await ensurePrivateDir(dir);
  const generated: string[] = [];
  let ca = await loadCa(dir, FRONT_PROXY_CA_NAME);
  if (!ca) {
    ca = await createCertificateAuthority({ commonName: FRONT_PROXY_CA_NAME, clock });
    await writePair(dir, FRONT_PROXY_CA_NAME, ca);
    generated.push(FRONT_PROXY_CA_NAME);
  }
  const caCert = new X509Certificate(ca.certPem);
  let client = opts.renewClient ? undefined : await loadLeaf(dir, FRONT_PROXY_CLIENT_NAME, caCert, () => true);
  if (!client) {
    client = await issueClientCert(ca, { commonName: FRONT_PROXY_CLIENT_COMMON_NAME, validityDays: opts.validityDays, clock });
    await writePair(dir, FRONT_PROXY_CLIENT_NAME, client);
    generated.push(FRONT_PROXY_CLIENT_NAME);
  }
  return { ca, client, generated };
}

/** Where the front proxy's CA certificate lives in a PKI directory. */
export function frontProxyCaPath(dir: string): string {
  return join(dir, `${FRONT_PROXY_CA_NAME}.crt`);
}
