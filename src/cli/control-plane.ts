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
import type { AuthorizationMode } from "../apiserver/authz/index.js";
import { firstServiceIP } from "../apiserver/allocators/allocator.js";
import { createKubeletConnector } from "../apiserver/proxy/kubelet-connector.js";
import { createSimulatedNetwork, type Dialer } from "../network/dialer.js";
import { ensureClusterPki, ensureFrontProxyPki, ensureServiceAccountKey, writeKubeconfig } from "../pki/index.js";
import { openStore } from "../storage/index.js";
import { metricsServerObjects } from "../metrics-server/index.js";
import type { CertificateAuthority } from "../pki/certificates.js";
import type { Store } from "../storage/store.js";
import { realClock, type Clock } from "../util/clock.js";

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
  /** --authorization-mode (default Node,RBAC). */
  authorizationModes?: AuthorizationMode[];
  /** Create metrics-server's objects (Deployment, Service, APIService v1beta1.metrics.k8s.io ...) when absent. */
  metricsServer?: boolean;
}

export interface RunningControlPlane {
  apiServer: RunningApiServer;
  /** The cluster CA certificate (PEM). */
  caPem: string;
  /** The cluster CA, to sign the control plane components' serving certificates. */
  ca: CertificateAuthority;
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
  await mkdir(cfg.dataDir, { recursive: true, mode: 0o700 });
  const advertiseAddress = defaultAdvertiseAddress(cfg.bindAddress);
  const pki = await ensureClusterPki(path.join(cfg.dataDir, "pki"), {
    hostnames: [os.hostname()],
    ips: [firstServiceIP(cfg.serviceCIDR), advertiseAddress],
    clock,
  });
  const frontProxy = await ensureFrontProxyPki(path.join(cfg.dataDir, "pki"), { clock });
  const network = cfg.network ?? createSimulatedNetwork();
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
      bootstrapObjects: [...bootstrapObjects(), ...(cfg.metricsServer ? await metricsServerObjects(pki.ca, clock) : [])],
      compactionIntervalMs: cfg.compactionIntervalMs,
      aggregation: { dialer: network, frontProxyClient: frontProxy.client, requestHeaderCAPem: frontProxy.ca.certPem },
      kubelet: createKubeletConnector({ dialer: network, clientCertPem: pki.kubeletClient.certPem, clientKeyPem: pki.kubeletClient.keyPem }),
      serviceAccountKey: await ensureServiceAccountKey(path.join(cfg.dataDir, "pki")),
      authorizationModes: cfg.authorizationModes,
    });
  } catch (err) {
    await store.close();
    throw err;
  }
  const kubeconfigPath = path.join(cfg.dataDir, "kubeconfig");
  await writeKubeconfig(kubeconfigPath, { server: apiServer.url, caPem: pki.ca.certPem, certPem: pki.admin.certPem, keyPem: pki.admin.keyPem });
  return {
    apiServer,
    caPem: pki.ca.certPem,
    ca: { certPem: pki.ca.certPem, keyPem: pki.ca.keyPem },
    store,
    kubeconfigPath,
    url: apiServer.url,
    stop: async () => {
      await apiServer.close();
      await store.close();
    },
  };
}
