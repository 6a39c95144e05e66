/**
 * A Prometheus registry per component instance. Many clusters and many sim
 * kubelets share one process, so nothing here touches prom-client's global
 * registry: each component makes its own and serves it on its /metrics.
 *
 * HELP texts carry upstream's stability prefix ("[STABLE] ", "[ALPHA] ") as
 * component-base writes them, so a scrape reads like upstream's.
 */
import { Registry } from "prom-client";

export type StabilityLevel = "STABLE" | "BETA" | "ALPHA";

/** The text exposition format, version 0.0.4 (what upstream serves by default). */
export const EXPOSITION_CONTENT_TYPE = "text/plain; version=0.0.4; charset=utf-8";

export function createRegistry(): Registry {
  return new Registry();
}

/** A HELP text as component-base prints it. */
export function help(level: StabilityLevel, text: string): string {
  return `[${level}] ${text}`;
}

/** Prometheus' DefBuckets. */
export const DEFAULT_BUCKETS: readonly number[] = [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10];

/** Prometheus' ExponentialBuckets(start, factor, count). */
export function exponentialBuckets(start: number, factor: number, count: number): number[] {
  const out: number[] = [];
  for (let i = 0, v = start; i < count; i++, v *= factor) out.push(v);
  return out;
}

/** The registry in the exposition format. */
export async function exposition(registry: Registry): Promise<{ contentType: string; body: string }> {
  return { contentType: EXPOSITION_CONTENT_TYPE, body: await registry.metrics() };
}

/** The same labels with keys in sorted order: prom-client prints them in key order, Go's client sorted. */
export function sortedLabels<T extends Record<string, string>>(labels: T): T {
  const out: Record<string, string> = {};
  for (const k of Object.keys(labels).sort()) out[k] = labels[k];
  return out as T;
}
