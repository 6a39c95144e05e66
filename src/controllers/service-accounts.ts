/**
 * Who each controller acts as, as upstream's kube-controller-manager with
 * --use-service-account-credentials: a ServiceAccount in kube-system per
 * controller, bound to its system:controller:<name> ClusterRole by the
 * bootstrap policy. The manager itself (leader election, the shared
 * informers) stays system:kube-controller-manager.
 */
import type { UserInfo } from "../api/types.js";
import { isApiError } from "../api/errors.js";
import { serviceAccountGroups, serviceAccountUsername } from "../apiserver/authn/service-account-jwt.js";
import type { Client } from "../client/types.js";

export const CONTROLLER_NAMESPACE = "kube-system";

/** Controller name (--controllers) -> its ServiceAccount (upstream's ClientBuilder name). */
export const CONTROLLER_SERVICE_ACCOUNT: Record<string, string> = {
  deployment: "deployment-controller",
  replicaset: "replicaset-controller",
  replicationcontroller: "replication-controller",
  statefulset: "statefulset-controller",
  daemonset: "daemon-set-controller",
  job: "job-controller",
  cronjob: "cronjob-controller",
  "garbage-collector": "generic-garbage-collector",
  namespace: "namespace-controller",
  // Upstream's node IPAM and node lifecycle controllers share the node-controller account.
  "node-ipam": "node-controller",
  "node-lifecycle": "node-controller",
  endpoint: "endpoint-controller",
  endpointslice: "endpointslice-controller",
  serviceaccount: "service-account-controller",
  "root-ca-certificate-publisher": "root-ca-cert-publisher",
  resourcequota: "resourcequota-controller",
  horizontalpodautoscaling: "horizontal-pod-autoscaler",
  "pod-garbage-collector": "pod-garbage-collector",
  "ttl-after-finished": "ttl-after-finished-controller",
  disruption: "disruption-controller",
  "clusterrole-aggregation": "clusterrole-aggregation-controller",
  "bootstrap-signer": "bootstrap-signer",
  "token-cleaner": "token-cleaner",
  // Upstream's CSR approving, signing and cleaning controllers share the certificate-controller account.
  "certificatesigningrequest-approving": "certificate-controller",
  "certificatesigningrequest-signing": "certificate-controller",
  "certificatesigningrequest-cleaner": "certificate-controller",
  "node-route-controller": "route-controller",
  "chaos-fault": "fault-controller",
  // serviceaccount-token mints credentials: upstream runs it with the manager's own client.
};

/** The user a ServiceAccount's credentials authenticate as (upstream's serviceaccount.UserInfo). */
export function serviceAccountUser(namespace: string, name: string): UserInfo {
  return { username: serviceAccountUsername(namespace, name), groups: [...serviceAccountGroups(namespace), "system:authenticated"] };
}

const SERVICEACCOUNTS = { group: "", version: "v1", resource: "serviceaccounts" };

/** The API server's loopback identity (system:apiserver in system:masters). */
const API_SERVER_USER: UserInfo = { username: "system:apiserver", groups: ["system:masters", "system:authenticated"] };

/**
 * The user a controller's own client acts as; undefined: the manager's.
 * The priority-and-fairness configuration controller runs inside
 * kube-apiserver upstream, so it keeps the API server's identity here.
 */
export function controllerUser(controller: string): UserInfo | undefined {
  if (controller === "priority-and-fairness-config") return API_SERVER_USER;
  const sa = CONTROLLER_SERVICE_ACCOUNT[controller];
  return sa ? serviceAccountUser(CONTROLLER_NAMESPACE, sa) : undefined;
}

/** Creates the controllers' ServiceAccounts that do not exist yet, as upstream's SA client builder does. */
export async function ensureControllerServiceAccounts(client: Client, names: Iterable<string>): Promise<void> {
  for (const name of new Set(names)) {
    try {
      await client.create(SERVICEACCOUNTS, CONTROLLER_NAMESPACE, { apiVersion: "v1", kind: "ServiceAccount", metadata: { name, namespace: CONTROLLER_NAMESPACE } });
    } catch (err) {
      if (!isApiError(err, "AlreadyExists")) throw err;
    }
  }
}
