/**
 * Upstream's webhook admission metrics: how long each call took, and the
 * rejections by webhook, error type and code.
 */
import { Counter, Histogram, type Registry } from "prom-client";

export type WebhookType = "admit" | "validating";
export type RejectionErrorType = "calling_webhook_error" | "apiserver_internal_error" | "no_error";

export interface WebhookMetrics {
  observeCall(name: string, type: WebhookType, operation: string, rejected: boolean, seconds: number): void;
  observeRejection(name: string, type: WebhookType, operation: string, errorType: RejectionErrorType, code: number): void;
}

export function createWebhookMetrics(registry: Registry): WebhookMetrics {
  const duration = new Histogram({
    name: "apiserver_admission_webhook_admission_duration_seconds",
    help: "[STABLE] Admission webhook latency histogram in seconds, identified by name and broken out for each operation and API resource and type (validate or admit).",
    labelNames: ["name", "type", "operation", "rejected"],
    buckets: [0.005, 0.025, 0.1, 0.5, 1, 2.5, 10, 25],
    registers: [registry],
  });
  const rejections = new Counter({
    name: "apiserver_admission_webhook_rejection_count",
    help: "[ALPHA] Admission webhook rejection count, identified by name and broken out for each admission type (validating or admit) and operation. Additional labels specify an error type (calling_webhook_error or apiserver_internal_error if an error occurred; no_error otherwise) and optionally a non-zero rejection code if the webhook rejects the request with an HTTP status code (honored by the apiserver when the code is greater or equal to 400). Codes greater than 600 are truncated to 600, to keep the metrics cardinality bounded.",
    labelNames: ["name", "type", "operation", "error_type", "rejection_code"],
    registers: [registry],
  });
  return {
    observeCall: (name, type, operation, rejected, seconds) => duration.observe({ name, type, operation, rejected: String(rejected) }, seconds),
    observeRejection: (name, type, operation, errorType, code) => rejections.inc({ name, type, operation, error_type: errorType, rejection_code: String(Math.min(code, 600)) }),
  };
}
