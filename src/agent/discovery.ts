/**
 * Token discovery (kubeadm's discovery.bootstrapToken): read cluster-info
 * without trusting the server, check the kubeconfig's JWS with the token
 * (only a server that knows the token could sign it), pin the CA it names
 * against --ca-cert-hash, then read cluster-info again over TLS verified
 * with that CA, so the server also proves it holds the CA's serving key.
 */
import { isApiError } from "../api/errors.js";
import { createHttpTransport } from "../client/http-transport.js";
import { createClient } from "../client/rest-client.js";
import { CONFIGMAPS } from "../client/resources.js";
import type { KubeObject } from "../api/types.js";
import {
  CLUSTER_INFO_KUBECONFIG_KEY,
  CLUSTER_INFO_NAME,
  CLUSTER_INFO_NAMESPACE,
  JWS_KEY_PREFIX,
  caCertHash,
  readClusterInfoKubeconfig,
  verifyDetachedSignature,
  type BootstrapToken,
} from "../pki/index.js";

export interface DiscoveredCluster {
  /** The server cluster-info names (kubeadm joins through it). */
  server: string;
  caPem: string;
}

/** A refusal to trust the cluster: the agent stops with this message and creates nothing. */
export class DiscoveryError extends Error {}

type ConfigMapObject = KubeObject & { data?: Record<string, string> };

async function readClusterInfo(server: string, caPem: string | undefined): Promise<ConfigMapObject> {
  const transport = createHttpTransport(caPem ? { server, caPem } : { server, insecureSkipTlsVerify: true });
  try {
    return await createClient({ transport, identity: "skiff-agent", userAgent: "skiff-agent" }).get<ConfigMapObject>(CONFIGMAPS, CLUSTER_INFO_NAMESPACE, CLUSTER_INFO_NAME);
  } catch (err) {
    if (isApiError(err)) throw new DiscoveryError(`failed to request the cluster-info ConfigMap: ${(err as Error).message}`);
    throw err;
  } finally {
    await transport.close();
  }
}

/** Discovers and validates the cluster at server for this token and CA pins (sha256:<hex>, canonical). */
export async function discoverCluster(server: string, token: BootstrapToken, caCertHashes: readonly string[]): Promise<DiscoveredCluster> {
  const insecure = await readClusterInfo(server, undefined);
  const kubeconfig = insecure.data?.[CLUSTER_INFO_KUBECONFIG_KEY];
  if (kubeconfig === undefined) throw new DiscoveryError(`there is no "${CLUSTER_INFO_KUBECONFIG_KEY}" key in the ${CLUSTER_INFO_NAME} ConfigMap`);
  const signature = insecure.data?.[`${JWS_KEY_PREFIX}${token.id}`];
  if (signature === undefined) {
    throw new DiscoveryError(
      `token id "${token.id}" is invalid for this cluster or it has expired. Use "skiff token create" on the control-plane node to create a new valid token`,
    );
  }
  if (!verifyDetachedSignature(kubeconfig, signature, token.id, token.secret)) {
    throw new DiscoveryError("failed to verify JWS signature of received cluster info object, can't trust this API Server");
  }
  let cluster: DiscoveredCluster;
  try {
    cluster = readClusterInfoKubeconfig(kubeconfig);
  } catch (err) {
    throw new DiscoveryError(`couldn't parse the kubeconfig file in the ${CLUSTER_INFO_NAME} ConfigMap: ${(err as Error).message}`);
  }
  const actual = caCertHash(cluster.caPem);
  if (!caCertHashes.includes(actual)) {
    throw new DiscoveryError(`cluster CA found in cluster-info ConfigMap is invalid: none of the public keys "${actual}" are pinned (--ca-cert-hash ${caCertHashes.join(",")})`);
  }
  // Now that the CA is trusted, the server must prove it serves with a certificate of it.
  const secure = await readClusterInfo(server, cluster.caPem);
  if (secure.data?.[CLUSTER_INFO_KUBECONFIG_KEY] !== kubeconfig) throw new DiscoveryError("the cluster-info ConfigMap changed between the insecure and the secure read; try again");
  return cluster;
}
