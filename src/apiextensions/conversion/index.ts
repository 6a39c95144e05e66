/**
 * How the versions of a CRD are converted. Strategy None needs no
 * converter: objects keep every field and only apiVersion changes, which
 * the served version does inline as it reads and writes storage. Strategy
 * Webhook uses the webhook converter (ConversionReview v1) when this build
 * has one (src/apiextensions/webhook-conversion); without it, every
 * conversion fails with an InternalError naming the kind.
 */
import { internalError } from "../../api/errors.js";
import type { CustomResourceDefinition } from "../../api/apiextensions/index.js";
import type { Dialer } from "../../network/dialer.js";
import type { ServiceResolver } from "../../network/service-resolver.js";
import type { Clock } from "../../util/clock.js";
import type { CustomResourceConverter } from "./types.js";

export type { CustomResourceConverter } from "./types.js";

/** What a webhook converter needs to reach its Service or URL. */
export interface ConversionDeps {
  resolver: ServiceResolver;
  dialer: Dialer;
  clock: Clock;
}

export type ConverterFactory = (crd: CustomResourceDefinition) => CustomResourceConverter | undefined;

type WebhookModule = { createWebhookConverter(crd: CustomResourceDefinition, deps: ConversionDeps): CustomResourceConverter };

/** The module path is a variable so that builds without the webhook converter still compile. */
const WEBHOOK_MODULE = "../webhook-conversion/index.js";

/** The converter factory for CRDs: undefined for None, the webhook converter (or a failing one) for Webhook. */
export async function loadConverterFactory(deps: () => ConversionDeps): Promise<ConverterFactory> {
  let webhook: WebhookModule | undefined;
  try {
    webhook = (await import(WEBHOOK_MODULE)) as WebhookModule;
  } catch {
    webhook = undefined;
  }
  return (crd) => {
    if (crd.spec.conversion?.strategy !== "Webhook") return undefined;
    if (webhook) return webhook.createWebhookConverter(crd, deps());
    return unavailable(crd);
  };
}

function unavailable(crd: CustomResourceDefinition): CustomResourceConverter {
  return {
    async convert(objects, desiredAPIVersion) {
      const from = objects.find((o) => o.apiVersion !== desiredAPIVersion);
      if (!from) return objects;
      throw internalError(`conversion webhook for ${from.apiVersion}, Kind=${crd.spec.names.kind} failed: webhook conversion is not available in this server`);
    },
  };
}
