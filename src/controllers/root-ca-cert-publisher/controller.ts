/**
 * The root CA certificate publisher: a `kube-root-ca.crt` ConfigMap holding
 * the cluster CA (key `ca.crt`) in every active namespace, restored when
 * deleted or edited. It runs only when the controller manager knows the CA
 * (options.rootCAPem); without it there is nothing to publish.
 */
import type { ConfigMap, Namespace } from "kubernetes-types/core/v1.js";
import { isApiError } from "../../api/errors.js";
import type { KubeObject } from "../../api/types.js";
import { createWorkQueue, runController } from "../../client/index.js";
import { CONFIGMAPS, NAMESPACES } from "../../client/resources.js";
import type { Controller } from "../../client/types.js";
import type { ControllerContext } from "../context.js";
import { runnerLogs } from "../context.js";

export const ROOT_CA_CONFIGMAP = "kube-root-ca.crt";
export const ROOT_CA_PUBLISHER = "root-ca-cert-publisher";
const DESCRIPTION =
  "Contains a CA bundle that can be used to verify the kube-apiserver when using internal endpoints such as the internal service IP or kubernetes.default.svc. No other usage is guaranteed across distributions of Kubernetes clusters.";

type NamespaceObject = Namespace & KubeObject;
type ConfigMapObject = ConfigMap & KubeObject;

/** The CA the controller manager was given (--root-ca-file), when it was. */
export interface RootCAOptions {
  rootCAPem?: string;
}

export function createRootCACertPublisher(ctx: ControllerContext): Controller {
  const { client, clock } = ctx;
  const ca = (ctx.options as RootCAOptions).rootCAPem;
  const namespaces = ctx.informers.forResource<NamespaceObject>(NAMESPACES);
  const configMaps = ctx.informers.forResource<ConfigMapObject>(CONFIGMAPS);
  const queue = createWorkQueue<string>({ clock, name: "root_ca_cert_publisher" });
  const mine = (cm: ConfigMapObject) => cm.metadata.name === ROOT_CA_CONFIGMAP;

  namespaces.addEventHandler({ onAdd: (n) => queue.add(n.metadata.name!), onUpdate: (_o, n) => queue.add(n.metadata.name!) });
  configMaps.addEventHandler({
    onUpdate: (_o, cm) => mine(cm) && queue.add(cm.metadata.namespace!),
    onDelete: (cm) => mine(cm) && queue.add(cm.metadata.namespace!),
  });

  async function sync(namespace: string): Promise<void> {
    if (!ca) return;
    const ns = namespaces.lister.get(undefined, namespace);
    if (!ns || ns.metadata.deletionTimestamp || ns.status?.phase === "Terminating") return;
    const data = { "ca.crt": ca };
    const cm = configMaps.lister.get(namespace, ROOT_CA_CONFIGMAP);
    try {
      if (!cm) {
        await client.create(CONFIGMAPS, namespace, { apiVersion: "v1", kind: "ConfigMap", metadata: { name: ROOT_CA_CONFIGMAP, namespace, annotations: { "kubernetes.io/description": DESCRIPTION } }, data });
      } else if (cm.data?.["ca.crt"] !== ca || Object.keys(cm.data ?? {}).length !== 1 || cm.metadata.annotations?.["kubernetes.io/description"] !== DESCRIPTION) {
        const metadata = { ...cm.metadata, annotations: { ...(cm.metadata.annotations ?? {}), "kubernetes.io/description": DESCRIPTION } };
        await client.update(CONFIGMAPS, namespace, { ...cm, metadata, data });
      }
    } catch (err) {
      if (isApiError(err, "AlreadyExists") || isApiError(err, "Forbidden") || isApiError(err, "NotFound")) return;
      throw err;
    }
  }

  return {
    name: ROOT_CA_PUBLISHER,
    async run(signal, workers) {
      if (!ca) {
        ctx.log(1, "root-ca-cert-publisher: no root CA configured, not publishing kube-root-ca.crt");
        return;
      }
      if (!(await ctx.informers.waitForCacheSync(signal))) return;
      await runController({ name: "root CA cert publisher", queue, workers, signal, sync, ...runnerLogs(ctx) });
    },
  };
}
