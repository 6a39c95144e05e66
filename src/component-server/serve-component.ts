/**
 * Serves one in-process control plane component on its secure port, with a
 * serving certificate the cluster CA signs for it at start (in memory).
 */
import { hostname } from "node:os";
import type { Registry } from "prom-client";
import type { UserInfo } from "../api/types.js";
import { issueServingCert, type CertificateAuthority } from "../pki/certificates.js";
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
  authorize(user: UserInfo, verb: string, path: string): Promise<boolean>;
  clock: Clock;
}

export async function serveComponent(o: ServeComponentOptions): Promise<RunningComponentServer> {
  const ips = ["127.0.0.1", "::1", ...(o.bindAddress === "0.0.0.0" || o.bindAddress === "::" ? [] : [o.bindAddress])];
  const cert = await issueServingCert(o.ca, { commonName: o.component, dnsNames: ["localhost", hostname().toLowerCase()], ipAddresses: [...new Set(ips)], clock: o.clock });
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
