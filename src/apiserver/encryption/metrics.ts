/**
 * apiserver_storage_transformation_operations_total, as upstream counts it:
 * one per encryption or decryption, by provider prefix (or "identity",
 * "unknown") and status ("OK", else upstream's "unknown-non-grpc" for a
 * failure outside KMS). Counts live in plain numbers; the registry reads
 * them when scraped.
 */
import { Counter, type Registry } from "prom-client";
import type { TransformationObserver } from "./transformer.js";

type Labels = { transformation_type: string; transformer_prefix: string; status: string };

export interface TransformationMetrics {
  observe: TransformationObserver;
  /** Serves the counter on a registry (the API server's /metrics). */
  register(registry: Registry): void;
}

export function createTransformationMetrics(): TransformationMetrics {
  const counts = new Map<string, { labels: Labels; value: number }>();
  return {
    observe(type, prefix, ok) {
      const status = ok ? "OK" : "unknown-non-grpc";
      const key = `${type}\u0000${prefix}\u0000${status}`;
      const entry = counts.get(key);
      if (entry) entry.value++;
      else counts.set(key, { labels: { status, transformation_type: type, transformer_prefix: prefix }, value: 1 });
    },
    register(registry) {
      new Counter<keyof Labels>({
        name: "apiserver_storage_transformation_operations_total",
        help: "[ALPHA] Total number of transformations. Successful transformation will have a status 'OK' and a varied status string when the transformation fails. This status and transformation_type fields may be used for alerting on encryption/decryption failure using transformation_type from_storage for decryption and to_storage for encryption",
        labelNames: ["status", "transformation_type", "transformer_prefix"],
        registers: [registry],
        collect() {
          this.reset();
          for (const { labels, value } of counts.values()) this.inc(labels, value);
        },
      });
    },
  };
}
