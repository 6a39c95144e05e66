/**
 * Simulated resource usage of a sim container, for metrics: a share of
 * its requests (or a small default) with deterministic jitter that changes
 * every 10 s, so the same container at the same time always reports the
 * same figures.
 */

const DEFAULT_CPU_MILLI = 10;
const DEFAULT_MEMORY_BYTES = 32 * 1024 * 1024;
const JITTER_PERIOD_MS = 10_000;

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

export function simulatedUsage(containerId: string, resources: { cpuMilli?: number; memoryBytes?: number } | undefined, now: number): { cpuNanoCores: number; memoryWorkingSetBytes: number } {
  const cpuMilli = resources?.cpuMilli || DEFAULT_CPU_MILLI;
  const memory = resources?.memoryBytes || DEFAULT_MEMORY_BYTES;
  // CPU wanders between 30% and 90% of the request; memory between 60% and 80%, as a warm process does.
  const cpu = cpuMilli * (0.3 + 0.6 * jitter(`${containerId}/cpu`, now));
  const mem = memory * (0.6 + 0.2 * jitter(`${containerId}/mem`, now));
  return { cpuNanoCores: Math.round(cpu * 1_000_000), memoryWorkingSetBytes: Math.round(mem) };
}
