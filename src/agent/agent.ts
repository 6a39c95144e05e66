/**
 * `skiff agent`: joins N simulated nodes to a cluster from another process
 * (kubeadm join plus the kubelet's TLS bootstrap). Nodes with a usable
 * saved certificate start at once; the others need the bootstrap token:
 * discovery validates the cluster (discovery.ts), then each node asks for
 * its client certificate with the token and waits for csrapproving and
 * csrsigning. Each kubelet then talks HTTPS as system:node:<name>, and
 * renews its certificate before it expires, as itself.
 */
import { SKIFF_GIT_VERSION } from "../apiserver/version.js";
import { createClient, createEventRecorder } from "../client/index.js";
import { createHttpTransport } from "../client/http-transport.js";
import type { Client, Component } from "../client/types.js";
import { createKubelet, createSimRuntime } from "../kubelet/index.js";
import { createSimulatedNetwork } from "../network/dialer.js";
import type { BootstrapToken } from "../pki/index.js";
import type { Clock } from "../util/clock.js";
import type { Logger } from "../util/log.js";
import { createClientCertificateManager } from "./certificate-manager.js";
import { discoverCluster } from "./discovery.js";
import { loadNodeCredentials, saveClusterCA, saveNodeCredentials, type NodeCredentials } from "./node-credentials.js";
import { createRotatingTransport } from "./rotating-transport.js";
import { requestNodeClientCertificate } from "./tls-bootstrap.js";

export interface AgentOptions {
  /** The API server URL given to join through (discovery reads cluster-info there). */
  server: string;
  token?: BootstrapToken;
  /** Canonical sha256:<hex> pins of the cluster CA's public key. */
  caCertHashes: string[];
  nodeNames: string[];
  dataDir: string;
  clock: Clock;
  logger: Logger;
  nodeCapacity?: Record<string, string>;
  /** First kubelet API port (0: any free port). */
  kubeletPort: number;
  /** The nodes' InternalIP (where the API server reaches their kubelets). */
  nodeIP?: string;
}

export interface RunningAgent {
  /** Resolves once every kubelet is running (its informers synced). */
  ready: Promise<void>;
  stop(): Promise<void>;
}

const userAgent = (program: string) => `${program}/${SKIFF_GIT_VERSION} (${process.platform}/${process.arch === "x64" ? "amd64" : process.arch}) skiff`;

/** Credentials for every node: saved ones when usable, the others through TLS bootstrap. Throws before writing anything when discovery fails. */
export async function obtainCredentials(opts: AgentOptions): Promise<Map<string, NodeCredentials>> {
  const creds = new Map<string, NodeCredentials>();
  for (const node of opts.nodeNames) {
    const saved = await loadNodeCredentials(opts.dataDir, node, opts.clock.now());
    if (saved) {
      opts.logger.log(1, `node ${node}: using the saved client certificate`);
      creds.set(node, saved);
    }
  }
  const missing = opts.nodeNames.filter((n) => !creds.has(n));
  if (!missing.length) return creds;
  if (!opts.token) throw new Error(`--token is required: no usable client certificate for node(s) ${missing.join(", ")}`);
  if (!opts.caCertHashes.length) throw new Error("--ca-cert-hash is required: the agent will not trust a cluster CA it cannot pin");
  const cluster = await discoverCluster(opts.server, opts.token, opts.caCertHashes);
  opts.logger.log(0, `discovered the cluster at ${cluster.server}; its CA matches the pinned public key`);
  await saveClusterCA(opts.dataDir, cluster.caPem);
  const transport = createHttpTransport({ server: cluster.server, caPem: cluster.caPem, token: `${opts.token.id}.${opts.token.secret}` });
  const bootstrap = createClient({ transport, identity: `system:bootstrap:${opts.token.id}`, userAgent: userAgent("kubelet") });
  try {
    await Promise.all(
      missing.map(async (node) => {
        const issued = await requestNodeClientCertificate(bootstrap, node, opts.clock);
        opts.logger.log(0, `node ${node}: certificate signing request ${issued.csrName} approved and issued`);
        const c = { server: cluster.server, caPem: cluster.caPem, certPem: issued.certPem, keyPem: issued.keyPem };
        await saveNodeCredentials(opts.dataDir, node, c);
        creds.set(node, c);
      }),
    );
  } finally {
    await transport.close();
  }
  return creds;
}

export async function startAgent(opts: AgentOptions): Promise<RunningAgent> {
  const creds = await obtainCredentials(opts);
  const abort = new AbortController();
  const { clock, logger } = opts;
  // The API server dials these kubelets for real (127.0.0.1:<port> or the node IP); nothing to register.
  const network = createSimulatedNetwork();
  const components: Component[] = [];
  const runs: Promise<void>[] = [];
  const transports: { close(): Promise<void> }[] = [];
  for (const node of opts.nodeNames) {
    const c = creds.get(node)!;
    const klog = logger.child(`kubelet ${node}`);
    const transport = createRotatingTransport(c.server, c.caPem, c.certPem, c.keyPem);
    transports.push(transport);
    const client: Client = createClient({ transport, identity: `kubelet-${node}`, userAgent: userAgent("kubelet") });
    const manager = createClientCertificateManager({
      clock,
      initial: c,
      renew: async () => {
        const issued = await requestNodeClientCertificate(client, node, clock, abort.signal);
        return { certPem: issued.certPem, keyPem: issued.keyPem };
      },
      onRotated: async (next) => {
        await saveNodeCredentials(opts.dataDir, node, { ...c, ...next });
        await transport.rotate(next.certPem, next.keyPem);
      },
      log: (level, m) => klog.log(level, m),
      warn: (m) => klog.error(m),
    });
    const runtime = createSimRuntime({ clock, idPrefix: node });
    const kubelet = createKubelet({
      client,
      clock,
      nodeName: node,
      runtime,
      hostFilesystem: runtime.hostFilesystem,
      capacity: opts.nodeCapacity,
      nodeIP: opts.nodeIP,
      server: { network, clientCAPem: c.caPem, port: opts.kubeletPort },
      verbosity: logger.verbosity,
      log: (level, m) => klog.log(level, m),
      error: (m) => klog.error(m),
      recorder: createEventRecorder({ client, clock, component: "kubelet", host: node }),
      extraMetrics: (registry) => manager.registerMetrics(registry),
    });
    components.push(kubelet);
    runs.push(kubelet.start(abort.signal).catch((err: unknown) => !abort.signal.aborted && klog.error(`kubelet stopped: ${(err as Error).message}`)) as Promise<void>);
    runs.push(manager.run(abort.signal));
  }
  return {
    ready: Promise.all(components.map((k) => k.ready)).then(() => undefined),
    async stop() {
      abort.abort();
      await Promise.allSettled(runs);
      await Promise.all(transports.map((t) => t.close()));
    },
  };
}
