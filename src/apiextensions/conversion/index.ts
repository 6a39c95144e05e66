/**
 * How the versions of a CRD are converted. Strategy None needs no
 * converter: objects keep every field and only apiVersion changes, which
 * the served version does inline as it reads and writes storage. Strategy
 * Webhook converts through the CRD's conversion webhook
 * (src/apiextensions/webhook-conversion, ConversionReview).
 */
import type { CustomResourceDefinition as TypedCRD } from "kubernetes-types/apiextensions/v1.js";
import type { CustomResourceDefinition } from "../../api/apiextensions/index.js";
import { createWebhookConverter, type WebhookConversionDeps } from "../webhook-conversion/index.js";
import type { CustomResourceConverter } from "./types.js";

export type { CustomResourceConverter } from "./types.js";

/** What a webhook converter needs to reach its Service or URL. */
export type ConversionDeps = WebhookConversionDeps;

/** The converter a CRD's versions need: none for strategy None. */
export type ConverterFactory = (crd: CustomResourceDefinition) => CustomResourceConverter | undefined;

export function converterFactory(deps: () => ConversionDeps): ConverterFactory {
  return (crd) => (crd.spec.conversion?.strategy === "Webhook" ? createWebhookConverter(crd as unknown as TypedCRD, deps()) : undefined);
}
