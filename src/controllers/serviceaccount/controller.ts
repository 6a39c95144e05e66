/**
 * The service account controller: every active namespace has a `default`
 * ServiceAccount (recreated if deleted). Keys are namespace names.
 */
import type { Namespace, ServiceAccount } from "kubernetes-types/core/v1.js";
import { isApiError } from "../../api/errors.js";
import type { KubeObject } from "../../api/types.js";
import { createWorkQueue, runController } from "../../client/index.js";
import { NAMESPACES, SERVICEACCOUNTS } from "../../client/resources.js";
import type { Controller } from "../../client/types.js";
import type { ControllerContext } from "../context.js";
import { runnerLogs } from "../context.js";

export const SERVICEACCOUNT_CONTROLLER = "serviceaccount-controller";
/** The accounts every namespace gets (--service-account-names). */
export const DEFAULT_SERVICE_ACCOUNTS = ["default"];

type NamespaceObject = Namespace & KubeObject;
type ServiceAccountObject = ServiceAccount & KubeObject;

export function createServiceAccountController(ctx: ControllerContext): Controller {
  const { client, clock } = ctx;
  const namespaces = ctx.informers.forResource<NamespaceObject>(NAMESPACES);
  const accounts = ctx.informers.forResource<ServiceAccountObject>(SERVICEACCOUNTS);
  const queue = createWorkQueue<string>({ clock, name: "serviceaccount" });

  namespaces.addEventHandler({ onAdd: (n) => queue.add(n.metadata.name!), onUpdate: (_o, n) => queue.add(n.metadata.name!) });
  accounts.addEventHandler({
    onDelete: (sa) => {
      if (DEFAULT_SERVICE_ACCOUNTS.includes(sa.metadata.name!)) queue.add(sa.metadata.namespace!);
    },
  });

  async function sync(namespace: string): Promise<void> {
    const ns = namespaces.lister.get(undefined, namespace);
    if (!ns || ns.metadata.deletionTimestamp || ns.status?.phase === "Terminating") return;
    for (const name of DEFAULT_SERVICE_ACCOUNTS) {
      if (accounts.lister.get(namespace, name)) continue;
      try {
        await client.create(SERVICEACCOUNTS, namespace, { apiVersion: "v1", kind: "ServiceAccount", metadata: { name, namespace } });
      } catch (err) {
        // AlreadyExists: the cache is behind; Forbidden: the namespace began terminating.
        if (isApiError(err, "AlreadyExists") || isApiError(err, "Forbidden")) continue;
        throw err;
      }
    }
  }

  return {
    name: SERVICEACCOUNT_CONTROLLER,
    async run(signal, workers) {
      if (!(await ctx.informers.waitForCacheSync(signal))) return;
      await runController({ name: "service account", queue, workers, signal, sync, ...runnerLogs(ctx) });
    },
  };
}
