/**
 * The EndpointSlice controller: keeps discovery.k8s.io/v1 EndpointSlices
 * (generateName `<service>-`, labelled with the Service name and this
 * controller as manager, owned by the Service) listing the pods each
 * selector-bearing Service selects, at most 100 endpoints per slice.
 */
import type { Node, Pod, Service } from "kubernetes-types/core/v1.js";
import type { EndpointSlice } from "kubernetes-types/discovery/v1.js";
import { isApiError } from "../../api/errors.js";
import type { KubeObject } from "../../api/types.js";
import { createWorkQueue, runController } from "../../client/index.js";
import { ENDPOINTSLICES, NODES, PODS, SERVICES } from "../../client/resources.js";
import { keyOf, splitKey, type Controller } from "../../client/types.js";
import type { ControllerContext } from "../context.js";
import { runnerLogs } from "../context.js";
import { lastChangeTriggerTime, queueServicesOnChange, selectsPod } from "../endpoints/pod-endpoint.js";
import { HEADLESS_LABEL, TRIGGER_TIME_ANNOTATION } from "../endpoints/controller.js";
import { desiredEndpointGroups } from "./desired-endpoints.js";
import { reconcileSlices } from "./reconcile.js";
import { podsOnNode } from "../shared/node-pods.js";

export const ENDPOINTSLICE_CONTROLLER = "endpointslice-controller.k8s.io";
export const LABEL_SERVICE_NAME = "kubernetes.io/service-name";
export const LABEL_MANAGED_BY = "endpointslice.kubernetes.io/managed-by";

type ServiceObject = Service & KubeObject;
type PodObject = Pod & KubeObject;
type NodeObject = Node & KubeObject;
type SliceObject = EndpointSlice & KubeObject;

export function createEndpointSliceController(ctx: ControllerContext): Controller {
  const { client, clock } = ctx;
  const services = ctx.informers.forResource<ServiceObject>(SERVICES);
  const pods = ctx.informers.forResource<PodObject>(PODS);
  const nodes = ctx.informers.forResource<NodeObject>(NODES);
  const slices = ctx.informers.forResource<SliceObject>(ENDPOINTSLICES);
  const queue = createWorkQueue<string>({ clock, name: "endpoint_slice" });
  // What this controller last wrote per Service (slice name → resourceVersion,
  // "" once deleted): a sync against a cache older than that would write twice.
  const written = new Map<string, Map<string, string>>();

  const enqueueOwner = (s: SliceObject) => {
    const svc = s.metadata.labels?.[LABEL_SERVICE_NAME];
    if (svc && s.metadata.labels?.[LABEL_MANAGED_BY] === ENDPOINTSLICE_CONTROLLER) queue.add(`${s.metadata.namespace}/${svc}`);
  };
  const enqueueServicesOf = queueServicesOnChange(services, pods, queue);
  // A zone label change moves every endpoint on the node.
  nodes.addEventHandler({
    onUpdate: (o, n) => {
      if (o.metadata.labels?.["topology.kubernetes.io/zone"] === n.metadata.labels?.["topology.kubernetes.io/zone"]) return;
      for (const p of podsOnNode(pods, n.metadata.name!)) enqueueServicesOf(p);
    },
  });
  slices.addEventHandler({
    onUpdate: (_o, s) => enqueueOwner(s),
    onDelete: (s) => {
      const svc = s.metadata.labels?.[LABEL_SERVICE_NAME];
      if (svc) written.get(`${s.metadata.namespace}/${svc}`)?.delete(s.metadata.name!);
      enqueueOwner(s);
    },
  });

  async function sync(key: string): Promise<void> {
    const { namespace, name } = splitKey(key);
    const svc = services.lister.get(namespace, name);
    // Slices of a deleted Service go with it through their owner reference.
    if (!svc || !svc.spec?.selector) {
      written.delete(key);
      return;
    }
    const existing = slices.lister.list(namespace).filter((s) => s.metadata.labels?.[LABEL_SERVICE_NAME] === name && s.metadata.labels?.[LABEL_MANAGED_BY] === ENDPOINTSLICE_CONTROLLER);
    const mine = written.get(key) ?? new Map<string, string>();
    if (cacheIsStale(existing, mine)) throw new Error(`EndpointSlice informer cache is out of date for ${key}`);
    const selected = pods.lister.list(namespace).filter((p) => selectsPod(svc, p));
    const groups = desiredEndpointGroups(svc, selected, (n) => nodes.lister.get(undefined, n));
    const labels: Record<string, string> = { ...(svc.metadata.labels ?? {}), [LABEL_SERVICE_NAME]: name, [LABEL_MANAGED_BY]: ENDPOINTSLICE_CONTROLLER };
    if (svc.spec.clusterIP === "None") labels[HEADLESS_LABEL] = "";
    const trigger = lastChangeTriggerTime(svc, selected);
    const ownerReferences = [{ apiVersion: "v1", kind: "Service", name, uid: svc.metadata.uid!, controller: true, blockOwnerDeletion: true }];
    const changes = reconcileSlices({
      groups,
      existing,
      metadata: (s) => ({
        ...(s ? { name: s.metadata!.name, resourceVersion: s.metadata!.resourceVersion } : { generateName: `${name}-` }),
        namespace,
        labels,
        annotations: { ...(s?.metadata?.annotations ?? {}), ...(trigger ? { [TRIGGER_TIME_ANNOTATION]: trigger } : {}) },
        ownerReferences,
      }),
    });
    written.set(key, mine);
    for (const s of changes.create) {
      const made = await client.create(ENDPOINTSLICES, namespace, s as SliceObject);
      mine.set(made.metadata.name!, made.metadata.resourceVersion!);
    }
    for (const s of changes.update) {
      const made = await client.update(ENDPOINTSLICES, namespace, s as SliceObject);
      mine.set(made.metadata.name!, made.metadata.resourceVersion!);
    }
    for (const s of changes.delete) {
      try {
        await client.delete(ENDPOINTSLICES, namespace, s.metadata!.name!);
      } catch (err) {
        if (!isApiError(err, "NotFound")) throw err;
      }
      mine.set(s.metadata!.name!, "");
    }
  }

  return {
    name: "endpointslice-controller",
    async run(signal, workers) {
      if (!(await ctx.informers.waitForCacheSync(signal))) return;
      await runController({ name: "endpointslice", queue, workers, signal, sync, ...runnerLogs(ctx) });
    },
  };
}

/** Whether the cache misses a slice this controller wrote, still holds one it deleted, or holds an older version. */
function cacheIsStale(existing: SliceObject[], written: Map<string, string>): boolean {
  const cached = new Map(existing.map((s) => [s.metadata.name!, s.metadata.resourceVersion ?? ""]));
  for (const [name, rv] of written) {
    const have = cached.get(name);
    if (rv === "") {
      if (have !== undefined) return true;
      written.delete(name);
    } else if (have === undefined || olderThan(have, rv)) return true;
  }
  return false;
}

function olderThan(a: string, b: string): boolean {
  return /^\d+$/.test(a) && /^\d+$/.test(b) ? BigInt(a) < BigInt(b) : false;
}
