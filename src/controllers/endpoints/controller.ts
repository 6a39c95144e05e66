/**
 * The endpoints controller: keeps a v1 Endpoints object, named after the
 * Service, listing the addresses of the pods each selector-bearing Service
 * selects. Handlers enqueue Service keys; sync recomputes from listers and
 * writes only on change; the Endpoints go when the Service goes.
 */
import type { Endpoints, Pod, Service } from "kubernetes-types/core/v1.js";
import { isApiError } from "../../api/errors.js";
import type { KubeObject } from "../../api/types.js";
import { createWorkQueue, runController } from "../../client/index.js";
import { ENDPOINTS, PODS, SERVICES } from "../../client/resources.js";
import { keyOf, splitKey, type Controller } from "../../client/types.js";
import type { ControllerContext } from "../context.js";
import { runnerLogs } from "../context.js";
import { desiredSubsets } from "./desired-endpoints.js";
import { lastChangeTriggerTime, queueServicesOnChange, selectsPod } from "./pod-endpoint.js";

export const ENDPOINT_CONTROLLER = "endpoint-controller";
export const LABEL_MANAGED_BY = "endpoints.kubernetes.io/managed-by";
export const TRIGGER_TIME_ANNOTATION = "endpoints.kubernetes.io/last-change-trigger-time";
export const HEADLESS_LABEL = "service.kubernetes.io/headless";

type ServiceObject = Service & KubeObject;
type PodObject = Pod & KubeObject;
type EndpointsObject = Endpoints & KubeObject;

export function createEndpointsController(ctx: ControllerContext): Controller {
  const { client, clock } = ctx;
  const services = ctx.informers.forResource<ServiceObject>(SERVICES);
  const pods = ctx.informers.forResource<PodObject>(PODS);
  const endpoints = ctx.informers.forResource<EndpointsObject>(ENDPOINTS);
  const queue = createWorkQueue<string>({ clock, name: "endpoint" });

  queueServicesOnChange(services, pods, queue);
  // Someone deleting or editing our Endpoints gets them put back.
  endpoints.addEventHandler({ onDelete: (e) => queue.add(keyOf(e)) });

  async function sync(key: string): Promise<void> {
    const { namespace, name } = splitKey(key);
    const svc = services.lister.get(namespace, name);
    if (!svc) {
      try {
        await client.delete(ENDPOINTS, namespace, name);
      } catch (err) {
        if (!isApiError(err, "NotFound")) throw err;
      }
      return;
    }
    if (!svc.spec?.selector) return;
    const selected = pods.lister.list(namespace).filter((p) => selectsPod(svc, p));
    const subsets = desiredSubsets(svc, selected);
    const labels: Record<string, string> = { ...(svc.metadata.labels ?? {}), [LABEL_MANAGED_BY]: ENDPOINT_CONTROLLER };
    if (svc.spec.clusterIP === "None") labels[HEADLESS_LABEL] = "";
    const current = endpoints.lister.get(namespace, name);
    if (current && sameLabels(current.metadata.labels, labels) && JSON.stringify(current.subsets ?? []) === JSON.stringify(subsets)) return;

    const annotations: Record<string, string> = { ...(current?.metadata.annotations ?? {}) };
    delete annotations["endpoints.kubernetes.io/over-capacity"];
    const trigger = lastChangeTriggerTime(svc, selected);
    if (trigger) annotations[TRIGGER_TIME_ANNOTATION] = trigger;
    const body: EndpointsObject = {
      apiVersion: "v1",
      kind: "Endpoints",
      metadata: { name, namespace, labels, annotations, ...(current ? { resourceVersion: current.metadata.resourceVersion } : {}) },
      subsets,
    };
    ctx.log(4, `Update endpoints for ${key}, ready: ${count(subsets, "addresses")} not ready: ${count(subsets, "notReadyAddresses")}`);
    if (current) await client.update(ENDPOINTS, namespace, body);
    else await client.create(ENDPOINTS, namespace, body);
  }

  return {
    name: ENDPOINT_CONTROLLER,
    async run(signal, workers) {
      if (!(await ctx.informers.waitForCacheSync(signal))) return;
      await runController({ name: ENDPOINT_CONTROLLER, queue, workers, signal, sync, ...runnerLogs(ctx) });
    },
  };
}

function sameLabels(a: Record<string, string> | undefined, b: Record<string, string>): boolean {
  const ak = Object.keys(a ?? {});
  return ak.length === Object.keys(b).length && ak.every((k) => a![k] === b[k]);
}

function count(subsets: Endpoints["subsets"] & object, field: "addresses" | "notReadyAddresses"): number {
  return subsets.reduce((n, s) => n + (s[field]?.length ?? 0), 0);
}
