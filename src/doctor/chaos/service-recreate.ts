/**
 * ServiceRecreate (S5): a Service (default kube-system/kube-dns) deleted
 * and recreated without its clusterIP, so it gets another address while
 * pods' resolv.conf (or configuration) still name the old one. Healing
 * deletes it again and recreates it with the original clusterIP(s).
 */
import type { Service } from "kubernetes-types/core/v1.js";
import type { KubeObject } from "../../api/types.js";
import { isApiError } from "../../api/errors.js";
import { SERVICES } from "../../client/resources.js";
import type { Client } from "../../client/types.js";
import { FaultSpecError, type ClusterFault } from "./cluster-fault.js";

type ServiceObject = Service & KubeObject;

export const DEFAULT_SERVICE_TARGET = "kube-system/kube-dns";
/** Times a recreation is retried when the allocator happens to hand back the original address. */
const MAX_REALLOCATIONS = 5;

function targetOf(target: string | undefined): { namespace: string; name: string } {
  const [namespace, name] = (target || DEFAULT_SERVICE_TARGET).split("/");
  return { namespace, name };
}

/** The Service as a new object: what its owner wrote, without what the server assigned. */
function asNew(svc: ServiceObject, clusterIPs: string[] | undefined): ServiceObject {
  const spec: Service["spec"] = { ...svc.spec };
  delete spec.clusterIP;
  delete spec.clusterIPs;
  if (clusterIPs?.length) {
    spec.clusterIP = clusterIPs[0];
    spec.clusterIPs = clusterIPs;
  }
  const { namespace, name, labels, annotations } = svc.metadata;
  return { apiVersion: "v1", kind: "Service", metadata: { namespace, name, labels, annotations }, spec };
}

async function recreate(client: Client, svc: ServiceObject, clusterIPs: string[] | undefined): Promise<ServiceObject> {
  const { namespace, name } = svc.metadata;
  try {
    await client.delete(SERVICES, namespace, name!);
  } catch (err) {
    if (!isApiError(err, "NotFound")) throw err;
  }
  return client.create<ServiceObject>(SERVICES, namespace, asNew(svc, clusterIPs));
}

export const serviceRecreate: ClusterFault = {
  async plan(f, { client }) {
    const { namespace, name } = targetOf(f.spec.target);
    let svc: ServiceObject;
    try {
      svc = await client.get<ServiceObject>(SERVICES, namespace, name);
    } catch (err) {
      if (isApiError(err, "NotFound")) throw new FaultSpecError(`Service ${namespace}/${name} not found`);
      throw err;
    }
    const clusterIP = svc.spec?.clusterIP;
    if (!clusterIP || clusterIP === "None") throw new FaultSpecError(`Service ${namespace}/${name} has no clusterIP to lose`);
    return { service: { namespace, name, clusterIP, clusterIPs: svc.spec?.clusterIPs ?? [clusterIP] } };
  },

  async enact(_f, restore, { client }) {
    const want = restore.service!;
    let svc = await client.get<ServiceObject>(SERVICES, want.namespace, want.name);
    for (let i = 0; i < MAX_REALLOCATIONS && svc.spec?.clusterIP === want.clusterIP; i++) svc = await recreate(client, svc, undefined);
    if (svc.spec?.clusterIP === want.clusterIP) throw new Error(`Service ${want.namespace}/${want.name} kept ${want.clusterIP} after ${MAX_REALLOCATIONS} recreations`);
    return `deleted Service ${want.namespace}/${want.name} (clusterIP ${want.clusterIP}) and recreated it without its clusterIP: it is now ${svc.spec?.clusterIP}; deleting this Fault recreates it with ${want.clusterIP}`;
  },

  async heal(_f, restore, { client }) {
    const want = restore.service!;
    let svc: ServiceObject;
    try {
      svc = await client.get<ServiceObject>(SERVICES, want.namespace, want.name);
    } catch (err) {
      if (isApiError(err, "NotFound")) return `Service ${want.namespace}/${want.name} is gone; nothing to restore`;
      throw err;
    }
    if (svc.spec?.clusterIP === want.clusterIP) return `Service ${want.namespace}/${want.name} already has clusterIP ${want.clusterIP}`;
    await recreate(client, svc, want.clusterIPs);
    return `recreated Service ${want.namespace}/${want.name} with its original clusterIP ${want.clusterIP}`;
  },
};
