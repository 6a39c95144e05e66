/**
 * Serves one in-process control plane component on its secure port, with a
 * serving certificate the cluster CA signs for it. With a PKI directory the
 * certificate is kept there (<component>-server.crt/.key) and reused while
 * it is valid: a restart then needs no signing (nor the X.509 library).
 */
import { X509Certificate } from "node:crypto";
import { hostname } from "node:os";
import type { Registry } from "prom-client";
import type { UserInfo } from "../api/types.js";
import { canonicalIp, issueServingCert, type CertificateAndKey, type CertificateAuthority } from "../pki/certificates.js";
import { loadLeaf, writePair } from "../pki/cluster-pki.js";
import type { Clock } from "../util/clock.js";
import type { HealthChecks } from "./health.js";
import { startComponentServer, type RunningComponentServer } from "./server.js";

/** What a component's secure port shows: its metrics and its health. */
export interface ComponentEndpoint {
  registry: Registry;
  health: { live: HealthChecks; ready: HealthChecks };
}

export interface ServeComponentOptions {
  /** "kube-controller-manager", "kube-scheduler": the certificate's common name too. */
  component: string;
  endpoint: ComponentEndpoint;
  bindAddress: string;
  port: number;
  /** The cluster CA: signs the serving certificate and verifies client certificates. */
  ca: CertificateAuthority;
  /** Where the serving certificate is kept across restarts; absent, one is issued in memory at each start. */
  pkiDir?: string;
  authorize(user: UserInfo, verb: string, path: string): Promise<boolean>;
  clock: Clock;
}

export async function serveComponent(o: ServeComponentOptions): Promise<RunningComponentServer> {
  const cert = await servingCertificate(o);
  return startComponentServer({
    component: o.component,
    bindAddress: o.bindAddress,
    port: o.port,
    tls: { certPem: cert.certPem, keyPem: cert.keyPem, clientCAPem: o.ca.certPem },
    registry: o.endpoint.registry,
    health: o.endpoint.health,
    authorize: o.authorize,
  });
}

async function servingCertificate(o: ServeComponentOptions): Promise<CertificateAndKey> {
  const ipAddresses = [...new Set(["127.0.0.1", "::1", ...(o.bindAddress === "0.0.0.0" || o.bindAddress === "::" ? [] : [o.bindAddress])])];
  const dnsNames = ["localhost", hostname().toLowerCase()];
  const issue = () => issueServingCert(o.ca, { commonName: o.component, dnsNames, ipAddresses, clock: o.clock });
  if (!o.pkiDir) return issue();
  const name = `${o.component}-server`;
  // Reissued a day before it expires, or when it no longer names every address.
  const kept = await loadLeaf(o.pkiDir, name, new X509Certificate(o.ca.certPem), (info) =>
    info.notAfter.getTime() - o.clock.now() > 24 * 3600_000 && dnsNames.every((d) => info.dnsNames.includes(d)) && ipAddresses.every((ip) => info.ipAddresses.includes(canonicalIp(ip))),
  );
  if (kept) return kept;
  const fresh = await issue();
  await writePair(o.pkiDir, name, fresh);
  return fresh;
}
