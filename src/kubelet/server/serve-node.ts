/**
 * Starts a node's kubelet server and makes it reachable on the simulated
 * network under the node's addresses (its host name and InternalIP, at the
 * port it listens on), as a real node's kubelet is reachable there.
 */
import type { Client } from "../../client/types.js";
import type { SimulatedNetwork } from "../../network/dialer.js";
import { createSubjectAccessReviewAuthorizer } from "./auth.js";
import type { KubeletHost } from "./host.js";
import { startKubeletServer } from "./kubelet-server.js";
import { selfSignedKubeletCertificate } from "./tls.js";

export interface KubeletServing {
  network: SimulatedNetwork;
  /** CA bundle that client certificates must chain to (the cluster CA). */
  clientCAPem: string;
  /** --port: the first port to try (0: any). Sim nodes of one process take the next free one. */
  port: number;
}

export interface ServedNode {
  port: number;
  close(): Promise<void>;
}

export async function serveNode(host: KubeletHost, client: Client, addresses: string[], o: KubeletServing, log?: (level: number, m: string) => void): Promise<ServedNode> {
  const cert = await selfSignedKubeletCertificate(host.clock);
  const server = await startKubeletServer({
    host,
    authorizer: createSubjectAccessReviewAuthorizer({ client, clock: host.clock, nodeName: host.nodeName }),
    tls: { certPem: cert.certPem, keyPem: cert.keyPem, clientCAPem: o.clientCAPem },
    port: o.port,
    portAttempts: 1000,
    log,
  });
  const unregister = addresses.map((a) => o.network.register(a, server.port, { host: "127.0.0.1", port: server.port }));
  return {
    port: server.port,
    close: async () => {
      unregister.forEach((u) => u());
      await server.close();
    },
  };
}
