/**
 * Starts Skiff's control plane from a typed configuration: data directory,
 * PKI, store, API server, admin kubeconfig. Used by `skiff up` and
 * `skiff server`, and by the library entry point.
 */
import { mkdir } from "node:fs/promises";
import os from "node:os";
import path from "node:path";
import { bootstrapObjects } from "../api/bootstrap-objects.js";
import { defaultAdvertiseAddress, startApiServer, type RunningApiServer } from "../apiserver/index.js";
import { loadTokenFile } from "../apiserver/authn/index.js";
import type { AuthorizationMode } from "../apiserver/authz/index.js";
import { firstServiceIP } from "../apiserver/allocators/allocator.js";
import { createKubeletConnector } from "../apiserver/proxy/kubelet-connector.js";
import { createSimulatedNetwork, type Dialer } from "../network/dialer.js";
import { ensureClusterPki, ensureFrontProxyPki, ensureServiceAccountKey, monitorCertificateExpiry, writeKubeconfig } from "../pki/index.js";
import { openStore } from "../storage/index.js";
import { metricsServerObjects } from "../metrics-server/index.js";
import { dnsAddonObjects } from "../dns/index.js";
import { defaultClusterDNS } from "../kubelet/pod/dns-config.js";
import type { CertificateAuthority } from "../pki/certificates.js";
import type { Store } from "../storage/store.js";
import { realClock, type Clock } from "../util/clock.js";
import { loadEncryptionAtRest } from "../apiserver/encryption/index.js";
import { createAuditLog, type AuditConfig } from "../apiserver/audit/index.js";
import { publishClusterInfo } from "../controllers/bootstrap-signer/index.js";
import { createClient, createLoopbackTransport } from "../client/index.js";
import { adminUser } from "../cluster/identities.js";
import { defaultSecurityGroup } from "../network/default-security-group.js";
import { createReachabilityDialer } from "../network/reachability-dialer.js";
import { createInformerSnapshotSource, type SnapshotSource } from "../network/informer-snapshot.js";
import { createInformerFactory } from "../client/index.js";

export interface ControlPlaneConfig {
  dataDir: string;
  port: number;
  bindAddress: string;
  storage: "sqlite" | "memory" | "etcd";
  etcdEndpoints: string[];
  clusterCIDR: string;
  serviceCIDR: string;
  nodePortRange: [number, number];
  /** How often the store is compacted (upstream's --etcd-compaction-interval). */
  compactionIntervalMs?: number;
  clock?: Clock;
  /** How the API server dials kubelets; sim kubelets register their addresses in it. Default: the host's network. */
  network?: Dialer;
  /** --enable-admission-plugins / --disable-admission-plugins. */
  admissionPlugins?: { enable?: string[]; disable?: string[] };
  /** --authorization-mode (default Node,RBAC). */
  authorizationModes?: AuthorizationMode[];
  /** Create metrics-server's objects (Deployment, Service, APIService v1beta1.metrics.k8s.io ...) when absent. */
  metricsServer?: boolean;
  /** Create the cluster DNS add-on (kube-dns Service at the tenth service address, coredns ConfigMap, RBAC; the Deployment with dnsReplicas > 0) when absent. */
  clusterDomain?: string;
  dnsReplicas?: number;
  /** --encryption-provider-config: an EncryptionConfiguration file, read once at start. */
  encryptionProviderConfig?: string;
  /** --audit-policy-file and --audit-log-*. */
  audit?: AuditConfig;
  /** --anonymous-auth (default true): requests without credentials are system:anonymous rather than refused. */
  anonymousAuth?: boolean;
  /** --token-auth-file: static bearer tokens (CSV token,user,uid,"group1,group2"). */
  tokenAuthFile?: string;
  /** --service-account-issuer (default https://kubernetes.default.svc.cluster.local). */
  serviceAccountIssuer?: string;
}

export interface RunningControlPlane {
  apiServer: RunningApiServer;
  /** The cluster CA certificate (PEM). */
  caPem: string;
  /** The cluster CA, to sign the control plane components' serving certificates. */
  ca: CertificateAuthority;
  /** sa.key, for the controller manager's legacy token Secrets. */
  serviceAccountPrivateKeyPem: string;
  store: Store;
  kubeconfigPath: string;
  url: string;
  stop(): Promise<void>;
}

export function defaultDataDir(): string {
  return process.env.SKIFF_DATA_DIR || path.join(os.homedir(), ".skiff");
}

export async function startControlPlane(cfg: ControlPlaneConfig): Promise<RunningControlPlane> {
  const clock = cfg.clock ?? realClock;
  // Bad encryption or audit configuration fails before anything is written.
  const encryption = cfg.encryptionProviderConfig ? await loadEncryptionAtRest(cfg.encryptionProviderConfig) : undefined;
  const audit = await createAuditLog(cfg.audit ?? {}, clock);
  await mkdir(cfg.dataDir, { recursive: true, mode: 0o700 });
  const advertiseAddress = defaultAdvertiseAddress(cfg.bindAddress);
  const pki = await ensureClusterPki(path.join(cfg.dataDir, "pki"), {
    hostnames: [os.hostname()],
    ips: [firstServiceIP(cfg.serviceCIDR), advertiseAddress],
    clock,
  });
  // A bad token file stops start-up before anything listens, as kube-apiserver does.
  const tokenAuthenticators = cfg.tokenAuthFile ? [loadTokenFile(cfg.tokenAuthFile)] : [];
  const serviceAccountKey = await ensureServiceAccountKey(path.join(cfg.dataDir, "pki"));
  const frontProxy = await ensureFrontProxyPki(path.join(cfg.dataDir, "pki"), { clock });
  // The API server's dials cross the simulated network: its route table and security groups can drop them.
  let networkState: SnapshotSource | undefined;
  const network = createReachabilityDialer(cfg.network ?? createSimulatedNetwork(), { snapshot: () => networkState?.snapshot() });
  const store = await openStore({ kind: cfg.storage, dataDir: path.join(cfg.dataDir, "db"), etcdEndpoints: cfg.etcdEndpoints });
  let apiServer: RunningApiServer;
  try {
    apiServer = await startApiServer({
      store,
      clock,
      tls: { certPem: pki.apiServer.certPem, keyPem: pki.apiServer.keyPem, caPem: pki.ca.certPem },
      bindAddress: cfg.bindAddress,
      port: cfg.port,
      advertiseAddress,
      serviceCIDR: cfg.serviceCIDR,
      nodePortRange: cfg.nodePortRange,
      bootstrapObjects: [
        ...bootstrapObjects(),
        ...(cfg.clusterDomain ? dnsAddonObjects({ clusterDomain: cfg.clusterDomain, dnsIP: defaultClusterDNS(cfg.serviceCIDR), replicas: cfg.dnsReplicas }) : []),
        ...(cfg.metricsServer ? await metricsServerObjects(pki.ca, clock) : []),
        // The simulated VPC's security group around the nodes: open as a cloud's default, until a rule is removed.
        defaultSecurityGroup({ clusterCIDR: cfg.clusterCIDR, apiServerAddress: advertiseAddress, nodePortRange: cfg.nodePortRange }),
      ],
      compactionIntervalMs: cfg.compactionIntervalMs,
      admissionPlugins: cfg.admissionPlugins,
      aggregation: { dialer: network, frontProxyClient: frontProxy.client, requestHeaderCAPem: frontProxy.ca.certPem },
      // kubeadm's --kubelet-preferred-address-types: nodes that joined from elsewhere are reached by IP, their host names need not resolve.
      kubelet: createKubeletConnector({ dialer: network, clientCertPem: pki.kubeletClient.certPem, clientKeyPem: pki.kubeletClient.keyPem, preferredAddressTypes: ["InternalIP", "ExternalIP", "Hostname"] }),
      encryption,
      audit,
      serviceAccountKey,
      serviceAccountIssuer: cfg.serviceAccountIssuer,
      tokenAuthenticators,
      anonymousAuth: cfg.anonymousAuth,
      authorizationModes: cfg.authorizationModes,
    });
  } catch (err) {
    await store.close();
    await audit.close();
    throw err;
  }
  // kubeadm's cluster-info: how a joining node finds this server and its CA.
  await publishClusterInfo(createClient({ transport: createLoopbackTransport(apiServer, adminUser), identity: "skiff" }), `https://${advertiseAddress.includes(":") ? `[${advertiseAddress}]` : advertiseAddress}:${apiServer.port}`, pki.ca.certPem);
  const networkInformers = new AbortController();
  const loopback = createClient({ transport: createLoopbackTransport(apiServer, adminUser), identity: "skiff-network" });
  const informers = createInformerFactory({ client: loopback, clock });
  networkState = createInformerSnapshotSource(informers, { apiServer: { address: advertiseAddress, port: apiServer.port }, clusterCIDR: cfg.clusterCIDR, serviceCIDR: cfg.serviceCIDR });
  informers.start(networkInformers.signal);
  // Certificates near their end are logged and exposed on /metrics before they bite.
  const expiry = await monitorCertificateExpiry({ dir: path.join(cfg.dataDir, "pki"), clock, registry: apiServer.metrics.registry, warn: (m) => console.error(`skiff apiserver: W: ${m}`) });
  const kubeconfigPath = path.join(cfg.dataDir, "kubeconfig");
  await writeKubeconfig(kubeconfigPath, { server: apiServer.url, caPem: pki.ca.certPem, certPem: pki.admin.certPem, keyPem: pki.admin.keyPem });
  return {
    apiServer,
    caPem: pki.ca.certPem,
    ca: { certPem: pki.ca.certPem, keyPem: pki.ca.keyPem },
    serviceAccountPrivateKeyPem: serviceAccountKey.privateKeyPem,
    store,
    kubeconfigPath,
    url: apiServer.url,
    stop: async () => {
      networkInformers.abort();
      expiry.stop();
      await apiServer.close();
      await store.close();
      await audit.close();
    },
  };
}
