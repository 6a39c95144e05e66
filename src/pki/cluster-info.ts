/**
 * The cluster-info ConfigMap (kube-public): a kubeconfig naming the
 * cluster's server and CA, no credentials, readable by anyone. The
 * bootstrap signer adds `jws-kubeconfig-<token-id>` signatures of it.
 */
import { parse } from "yaml";

export const CLUSTER_INFO_NAMESPACE = "kube-public";
export const CLUSTER_INFO_NAME = "cluster-info";
export const CLUSTER_INFO_KUBECONFIG_KEY = "kubeconfig";
export const JWS_KEY_PREFIX = "jws-kubeconfig-";

/** kubeadm's cluster-info kubeconfig: one cluster named "", no users, no contexts. */
export function clusterInfoKubeconfig(server: string, caPem: string): string {
  return [
    "apiVersion: v1",
    "clusters:",
    "- cluster:",
    `    certificate-authority-data: ${Buffer.from(caPem).toString("base64")}`,
    `    server: ${server}`,
    '  name: ""',
    "contexts: null",
    'current-context: ""',
    "kind: Config",
    "preferences: {}",
    "users: null",
    "",
  ].join("\n");
}

/** The server and CA a cluster-info kubeconfig names; throws when it names none. */
export function readClusterInfoKubeconfig(text: string): { server: string; caPem: string } {
  const doc = parse(text) as { clusters?: { cluster?: { server?: string; "certificate-authority-data"?: string } }[] } | null;
  const cluster = doc?.clusters?.[0]?.cluster;
  if (!cluster?.server || !cluster["certificate-authority-data"]) throw new Error("the cluster-info kubeconfig names no cluster with a server and CA data");
  return { server: cluster.server, caPem: Buffer.from(cluster["certificate-authority-data"], "base64").toString("utf8") };
}
