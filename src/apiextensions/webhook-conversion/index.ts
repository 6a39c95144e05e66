export { createWebhookConverter, conversionFailure, type WebhookConversionDeps } from "./converter.js";
export { WEBHOOK_TIMEOUT_MS } from "./transport.js";
export type { CustomResourceConverter } from "../conversion/types.js";
