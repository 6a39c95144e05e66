/**
 * Keeps every APIService's Available condition true to the facts (upstream's
 * AvailableConditionControllers, local and remote, in one loop): on any
 * change to an APIService, to the Service it names or to that Service's
 * EndpointSlices, and every 30 s (a resync, so an unreachable backend is
 * noticed even when nothing changes); failures retry with per-item
 * back-off from 5 ms to 30 s. The status is written only when it changes.
 */
import { createWorkQueue, ItemExponentialFailureRateLimiter, runController } from "../../client/index.js";
import type { Client, Informer, KubeObject } from "../../client/types.js";
import type { Clock } from "../../util/clock.js";
import { LABEL_SERVICE_NAME } from "../../api/discovery/endpointslices.js";
import { withCondition, type APIService } from "./apiservice-helpers.js";
import { computeAvailability, type AvailabilityInputs } from "./availability.js";
import { APISERVICES } from "./resources.js";

export const APISERVICE_RESYNC_MS = 30_000;

export interface AvailabilityControllerDeps {
  client: Client;
  clock: Clock;
  apiServices: Informer<APIService>;
  services: Informer<KubeObject>;
  endpointSlices: Informer<KubeObject>;
  inputs: AvailabilityInputs;
}

export function createAvailabilityController(d: AvailabilityControllerDeps): { run(signal: AbortSignal): Promise<void> } {
  const queue = createWorkQueue<string>({ clock: d.clock, name: "AvailabilityController", rateLimiter: new ItemExponentialFailureRateLimiter<string>(5, 30_000) });
  const byService = (namespace: string | undefined, name: string | undefined) => {
    for (const svc of d.apiServices.lister.list()) {
      const ref = svc.spec?.service;
      if (ref && ref.namespace === namespace && ref.name === name) queue.add(svc.metadata.name!);
    }
  };
  const enqueue = (svc: APIService) => queue.add(svc.metadata.name!);
  d.apiServices.addEventHandler({ onAdd: enqueue, onUpdate: (_o, n) => enqueue(n), onDelete: enqueue }, APISERVICE_RESYNC_MS);
  const onService = (s: KubeObject) => byService(s.metadata.namespace, s.metadata.name);
  d.services.addEventHandler({ onAdd: onService, onUpdate: (_o, n) => onService(n), onDelete: onService });
  const onSlice = (s: KubeObject) => {
    const name = s.metadata.labels?.[LABEL_SERVICE_NAME];
    if (name) byService(s.metadata.namespace, name);
  };
  d.endpointSlices.addEventHandler({ onAdd: onSlice, onUpdate: (_o, n) => onSlice(n), onDelete: onSlice });

  async function sync(name: string): Promise<void> {
    const original = d.apiServices.lister.get(undefined, name);
    if (!original) return;
    const verdict = await computeAvailability(original, d.inputs);
    const now = new Date(d.clock.now()).toISOString().replace(/\.\d{3}Z$/, "Z");
    const previous = original.status?.conditions ?? [];
    const conditions = withCondition(previous, { type: "Available", status: verdict.status, lastTransitionTime: now, reason: verdict.reason, message: verdict.message });
    if (JSON.stringify(conditions) !== JSON.stringify(previous)) {
      await d.client.update<APIService>(APISERVICES, undefined, { ...original, status: { ...(original.status ?? {}), conditions } }, { subresource: "status" });
    }
    // A failed probe is retried with back-off besides the resync, as upstream.
    if (verdict.reason === "FailedDiscoveryCheck") throw new Error(verdict.message);
  }

  return {
    run: (signal) => runController({ name: "AvailableCondition", queue, workers: 2, signal, sync, log: () => undefined, error: () => undefined }),
  };
}
