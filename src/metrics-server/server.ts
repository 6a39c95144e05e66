/**
 * metrics-server (upstream's kubernetes-sigs/metrics-server v0.8): an
 * extension API server for metrics.k8s.io/v1beta1. It reads its request
 * authentication from kube-system/extension-apiserver-authentication,
 * scrapes every kubelet each --metric-resolution and serves what it stored.
 *
 *   const ms = await startMetricsServer({ options: parseOptions(args), client, dialer, clock, readFile, log });
 *   // ms.port: the HTTPS port it listens on (127.0.0.1); ms.stop()
 */
import https from "node:https";
import type { AddressInfo } from "node:net";
import type { TLSSocket } from "node:tls";
import type { KubeObject } from "../api/types.js";
import { createInformerFactory } from "../client/index.js";
import { CONFIGMAPS, NODES, PODS } from "../client/resources.js";
import type { Client } from "../client/types.js";
import type { Dialer } from "../network/dialer.js";
import { createCertificateAuthority, issueServingCert } from "../pki/index.js";
import type { Clock } from "../util/clock.js";
import { serveApi, sendError } from "./api.js";
import { AUTH_CONFIGMAP, authenticate, authenticationConfig, type AuthenticationConfig } from "./authn.js";
import { createDelegatingAuthorizer } from "./authz.js";
import type { MetricsServerOptions } from "./options.js";
import { createKubeletAgent, scrapeAll, type NodeLike, type ScraperOptions } from "./scraper.js";
import { MetricsStorage } from "./storage.js";
import { ApiError } from "../api/errors.js";

export interface MetricsServerDeps {
  options: MetricsServerOptions;
  /** The API server, as this metrics-server's identity. */
  client: Client;
  /** How kubelets are dialled. */
  dialer: Dialer;
  clock: Clock;
  /** Files named by flags (certificates); undefined when absent. */
  readFile(path: string): string | undefined;
  log(line: string): void;
  /** Where to listen; default 127.0.0.1 on any free port (the caller maps --secure-port to it). */
  listen?: { host: string; port: number };
}

export interface RunningMetricsServer {
  port: number;
  storage: MetricsStorage;
  /** One scrape round now (tests). */
  scrape(): Promise<void>;
  stop(): Promise<void>;
}

const AUTH_REFRESH_MS = 60_000;

function required(deps: MetricsServerDeps, path: string, what: string): string {
  const text = deps.readFile(path);
  if (text === undefined) throw new Error(`failed to load ${what}: open ${path}: no such file or directory`);
  return text;
}

async function servingCertificate(deps: MetricsServerDeps): Promise<{ certPem: string; keyPem: string }> {
  const o = deps.options;
  if (o.tlsCertFile && o.tlsPrivateKeyFile) return { certPem: required(deps, o.tlsCertFile, "serving certificate"), keyPem: required(deps, o.tlsPrivateKeyFile, "serving key") };
  // As upstream without --tls-cert-file: a self-signed certificate (clients then need insecureSkipTLSVerify).
  const ca = await createCertificateAuthority({ commonName: `localhost-ca@${Math.floor(deps.clock.now() / 1000)}`, clock: deps.clock });
  return issueServingCert(ca, { commonName: `localhost@${Math.floor(deps.clock.now() / 1000)}`, dnsNames: ["localhost", "metrics-server"], ipAddresses: ["127.0.0.1"], clock: deps.clock });
}

async function loadAuthentication(client: Client): Promise<AuthenticationConfig> {
  try {
    const cm = await client.get<KubeObject & { data?: Record<string, string> }>(CONFIGMAPS, AUTH_CONFIGMAP.namespace, AUTH_CONFIGMAP.name);
    return authenticationConfig(cm.data);
  } catch (err) {
    throw new Error(`unable to load configmap based request-header-client-ca-file: ${(err as Error).message}`);
  }
}

export async function startMetricsServer(deps: MetricsServerDeps): Promise<RunningMetricsServer> {
  const o = deps.options;
  const { client, clock } = deps;
  const serving = await servingCertificate(deps);
  const kubeletCert = o.kubeletClientCertificate ? required(deps, o.kubeletClientCertificate, "kubelet client certificate") : undefined;
  const kubeletKey = o.kubeletClientKey ? required(deps, o.kubeletClientKey, "kubelet client key") : undefined;
  const kubeletCA = o.kubeletCertificateAuthority ? required(deps, o.kubeletCertificateAuthority, "kubelet certificate authority") : undefined;
  let auth = await loadAuthentication(client);

  const abort = new AbortController();
  const informers = createInformerFactory({ client, clock });
  const nodes = informers.forResource<KubeObject>(NODES);
  const pods = informers.forResource<KubeObject & { status?: { phase?: string } }>(PODS);
  informers.start(abort.signal);

  const storage = new MetricsStorage();
  const authorize = createDelegatingAuthorizer(client, clock);
  const server = https.createServer({ cert: serving.certPem, key: serving.keyPem, ca: auth.caPems || undefined, requestCert: true, rejectUnauthorized: false });
  const apiDeps = { storage, nodes: () => nodes.lister.list(), pods: (ns?: string) => pods.lister.list(ns), now: () => clock.now(), authorize };
  server.on("request", (req, res) => {
    // headersDistinct: Node joins repeated headers with ", ", and each X-Remote-Group is one group.
    const user = authenticate(req.socket as TLSSocket, req.headersDistinct, auth);
    if (!user) return sendError(res, new ApiError(401, "Unauthorized", "Unauthorized", {}));
    void serveApi(apiDeps, user, req, res).catch((err) => sendError(res, err));
  });
  const listen = deps.listen ?? { host: "127.0.0.1", port: 0 };
  await new Promise<void>((resolve, reject) => {
    server.once("error", reject);
    server.listen(listen.port, listen.host, () => resolve());
  });
  const port = (server.address() as AddressInfo).port;
  deps.log(`"Serving securely on [::]:${o.securePort}"`);

  const agent = createKubeletAgent(deps.dialer, { certPem: kubeletCert, keyPem: kubeletKey, caPem: kubeletCA, insecure: o.kubeletInsecureTls });
  const scraper: ScraperOptions = {
    nodes: () => nodes.lister.list() as NodeLike[],
    agent,
    clock,
    preferredAddressTypes: o.kubeletPreferredAddressTypes,
    useNodeStatusPort: o.kubeletUseNodeStatusPort,
    kubeletPort: o.kubeletPort,
    timeoutMs: Math.min(o.kubeletRequestTimeoutMs, o.metricResolutionMs),
    log: deps.log,
  };
  let scraping: Promise<void> | undefined;
  const scrape = () =>
    (scraping ??= scrapeAll(scraper, abort.signal)
      .then((batch) => storage.store(batch))
      .catch((err) => deps.log(`"Failed to scrape nodes" err="${(err as Error).message}"`))
      .finally(() => (scraping = undefined)));
  void scrape();
  const ticker = clock.setInterval(() => void scrape(), o.metricResolutionMs);
  const authTicker = clock.setInterval(() => {
    void loadAuthentication(client).then(
      (next) => {
        if (next.caPems !== auth.caPems) server.setSecureContext({ cert: serving.certPem, key: serving.keyPem, ca: next.caPems || undefined });
        auth = next;
      },
      (err) => deps.log(`"Failed to refresh authentication configuration" err="${(err as Error).message}"`),
    );
  }, AUTH_REFRESH_MS);

  return {
    port,
    storage,
    scrape,
    async stop() {
      ticker.cancel();
      authTicker.cancel();
      abort.abort();
      agent.destroy();
      server.closeAllConnections();
      await new Promise<void>((r) => server.close(() => r()));
    },
  };
}
