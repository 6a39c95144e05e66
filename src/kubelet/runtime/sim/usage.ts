/**
 * Simulated resource usage of a sim container, for the summary API and
 * metrics:
 *
 * - `sim.skiff.dev/cpu-usage: "250m"` and `sim.skiff.dev/memory-usage:
 *   "64Mi"` (or `.<container>` for one container) set a container's usage
 *   exactly; the pod's annotations are read live, so `kubectl annotate
 *   --overwrite` changes what a running container uses.
 * - Without them, usage is a share of the container's requests (or a small
 *   default) with deterministic jitter that changes every 10 s, so the same
 *   container at the same time always reports the same figures.
 *
 * CPU is also kept as a cumulative counter (usageCoreNanoSeconds), which
 * metrics-server turns into a rate between two scrapes as upstream's does.
 */
import { tryParseQuantity } from "../../../api/validation/core-quantity.js";
import { simAnnotation } from "./annotations.js";

export const CPU_USAGE = "sim.skiff.dev/cpu-usage";
export const MEMORY_USAGE = "sim.skiff.dev/memory-usage";

const DEFAULT_CPU_MILLI = 10;
const DEFAULT_MEMORY_BYTES = 32 * 1024 * 1024;
const JITTER_PERIOD_MS = 10_000;
const PAGE_BYTES = 4096;

export interface UsageRates {
  cpuNanoCores: number;
  memoryWorkingSetBytes: number;
}

export interface ContainerUsageInput {
  id: string;
  name: string;
  resources?: { cpuMilli?: number; memoryBytes?: number };
  /** The pod's annotations as the kubelet last saw them. */
  annotations?: Record<string, string>;
}

/** FNV-1a, enough to spread container ids. */
function hash(text: string): number {
  let h = 0x811c9dc5;
  for (let i = 0; i < text.length; i++) {
    h ^= text.charCodeAt(i);
    h = Math.imul(h, 0x01000193);
  }
  return h >>> 0;
}

/** A fraction in [0, 1) fixed for (seed, time bucket). */
function jitter(seed: string, now: number): number {
  return hash(`${seed}/${Math.floor(now / JITTER_PERIOD_MS)}`) / 0x1_0000_0000;
}

/** A non-negative quantity annotation in its base unit (cores or bytes); undefined when absent or malformed. */
function annotatedQuantity(c: ContainerUsageInput, key: string, scale: number): number | undefined {
  const raw = simAnnotation(c.annotations, key, c.name);
  if (raw === undefined) return undefined;
  const q = tryParseQuantity(raw);
  if (!q || q.sign() < 0) return undefined;
  return Number(q.milliValue()) * scale;
}

/** What the container uses at `now`. */
export function simulatedUsage(c: ContainerUsageInput, now: number): UsageRates {
  const cpuMilli = c.resources?.cpuMilli || DEFAULT_CPU_MILLI;
  const memory = c.resources?.memoryBytes || DEFAULT_MEMORY_BYTES;
  // CPU wanders between 30% and 90% of the request; memory between 60% and 80%, as a warm process does.
  const cpu = annotatedQuantity(c, CPU_USAGE, 1_000_000) ?? Math.round(cpuMilli * (0.3 + 0.6 * jitter(`${c.id}/cpu`, now)) * 1_000_000);
  const mem = annotatedQuantity(c, MEMORY_USAGE, 1 / 1000) ?? Math.round(memory * (0.6 + 0.2 * jitter(`${c.id}/mem`, now)));
  // Memory comes in whole pages, as a cgroup's working set does.
  return { cpuNanoCores: Math.round(cpu), memoryWorkingSetBytes: Math.floor(mem / PAGE_BYTES) * PAGE_BYTES };
}

/**
 * A container's cumulative CPU time: the rate integrated piecewise (it is
 * constant within a jitter period and between annotation changes), so
 * settle() must run before the annotations change.
 */
export class CpuCounter {
  private at: number;
  private total = 0;

  constructor(startedAt: number) {
    this.at = startedAt;
  }

  /** Core-nanoseconds used up to `now` at the rates `rate` gives. */
  settle(now: number, rate: (t: number) => number): number {
    while (this.at < now) {
      const bucketEnd = (Math.floor(this.at / JITTER_PERIOD_MS) + 1) * JITTER_PERIOD_MS;
      const until = Math.min(now, bucketEnd);
      // nanocores × milliseconds / 1000 = core-nanoseconds
      this.total += (rate(this.at) * (until - this.at)) / 1000;
      this.at = until;
    }
    return Math.round(this.total);
  }
}
