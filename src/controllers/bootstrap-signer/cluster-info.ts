/**
 * Publishes the cluster-info ConfigMap at start (kubeadm's bootstrap-token
 * phase): created when absent, its kubeconfig replaced when the server or
 * CA changed (the bootstrap signer then re-signs it). Signatures are kept.
 */
import type { ConfigMap } from "kubernetes-types/core/v1.js";
import { isApiError } from "../../api/errors.js";
import type { KubeObject } from "../../api/types.js";
import { CONFIGMAPS } from "../../client/resources.js";
import type { Client } from "../../client/types.js";
import { CLUSTER_INFO_KUBECONFIG_KEY, CLUSTER_INFO_NAME, CLUSTER_INFO_NAMESPACE, clusterInfoKubeconfig } from "../../pki/index.js";

type ConfigMapObject = ConfigMap & KubeObject;

export async function publishClusterInfo(client: Client, server: string, caPem: string): Promise<void> {
  const kubeconfig = clusterInfoKubeconfig(server, caPem);
  for (;;) {
    let cm: ConfigMapObject | undefined;
    try {
      cm = await client.get<ConfigMapObject>(CONFIGMAPS, CLUSTER_INFO_NAMESPACE, CLUSTER_INFO_NAME);
    } catch (err) {
      if (!isApiError(err, "NotFound")) throw err;
    }
    try {
      if (!cm) {
        await client.create(CONFIGMAPS, CLUSTER_INFO_NAMESPACE, { apiVersion: "v1", kind: "ConfigMap", metadata: { name: CLUSTER_INFO_NAME, namespace: CLUSTER_INFO_NAMESPACE }, data: { [CLUSTER_INFO_KUBECONFIG_KEY]: kubeconfig } });
      } else if (cm.data?.[CLUSTER_INFO_KUBECONFIG_KEY] !== kubeconfig) {
        await client.update(CONFIGMAPS, CLUSTER_INFO_NAMESPACE, { ...cm, data: { ...(cm.data ?? {}), [CLUSTER_INFO_KUBECONFIG_KEY]: kubeconfig } });
      }
      return;
    } catch (err) {
      // Someone else wrote it meanwhile: look again.
      if (!isApiError(err, "Conflict") && !isApiError(err, "AlreadyExists")) throw err;
    }
  }
}
