/**
 * Admission webhooks (admissionregistration.k8s.io/v1): the
 * MutatingAdmissionWebhook and ValidatingAdmissionWebhook plugins over
 * the configurations in the API server's watch cache.
 */
import type { Registry } from "prom-client";
import type { TransportDeps } from "../../../apiextensions/webhook-conversion/transport.js";
import type { Clock } from "../../../util/clock.js";
import type { AdmissionPlugin } from "../types.js";
import type { DispatchDeps } from "./dispatch.js";
import { createWebhookMetrics, type WebhookMetrics } from "./metrics.js";
import { createMutatingWebhookAdmission } from "./mutating.js";
import type { ServerCaches } from "./server-caches.js";
import { cachedHooks } from "./source.js";
import { createValidatingWebhookAdmission } from "./validating.js";

export { serverCaches, type ServerCaches } from "./server-caches.js";
export { createMutatingWebhookAdmission } from "./mutating.js";
export { createValidatingWebhookAdmission } from "./validating.js";

export interface WebhookAdmissionOptions {
  clock: Clock;
  caches: ServerCaches;
  /** How webhooks are reached: the aggregator's service resolver and dialer. */
  transport: () => TransportDeps;
  /** Where the webhook metrics are registered (the API server's /metrics). */
  metrics?: () => Registry;
  log?: (msg: string) => void;
}

const GROUP = "admissionregistration.k8s.io";

export function createWebhookAdmission(o: WebhookAdmissionOptions): { mutating: AdmissionPlugin; validating: AdmissionPlugin } {
  let metrics: WebhookMetrics | undefined;
  const deps: DispatchDeps = {
    clock: o.clock,
    transport: o.transport,
    namespaceLabels: (name) => o.caches.namespaceLabels(name),
    equivalents: o.caches.equivalents,
    get metrics() {
      return o.metrics ? (metrics ??= createWebhookMetrics(o.metrics())) : undefined;
    },
    log: o.log,
  };
  const hooksOf = (resource: string) => {
    const hooks = cachedHooks(() => o.caches.snapshot(GROUP, "v1", resource));
    return async () => {
      const list = await hooks();
      if (list.length) await o.caches.namespacesReady();
      return list;
    };
  };
  return {
    mutating: createMutatingWebhookAdmission(hooksOf("mutatingwebhookconfigurations"), deps),
    validating: createValidatingWebhookAdmission(hooksOf("validatingwebhookconfigurations"), deps),
  };
}
