/** Percentiles and the RESULT line format of Skiff's benchmarks. */
export function percentile(sorted: number[], p: number): number {
  if (!sorted.length) return NaN;
  const i = Math.min(sorted.length - 1, Math.max(0, Math.ceil((p / 100) * sorted.length) - 1));
  return sorted[i];
}

export function median(xs: number[]): number {
  return percentile([...xs].sort((a, b) => a - b), 50);
}

export function result(name: string, value: number, unit: string, baseline?: { value: number; label: string; higherIsBetter: boolean }): void {
  const v = Number.isInteger(value) ? String(value) : value.toFixed(value < 10 ? 2 : 1);
  let line = `RESULT ${name}=${v} ${unit}`;
  if (baseline) {
    const ratio = baseline.higherIsBetter ? value / baseline.value : baseline.value / value;
    line += `  (${ratio.toFixed(2)}x ${baseline.label})`;
  }
  console.log(line);
}

/** Runs fn for each item with at most `concurrency` in flight; returns per-call latencies in ms. */
export async function pool<T>(items: T[], concurrency: number, fn: (item: T) => Promise<void>): Promise<number[]> {
  const lat: number[] = [];
  let next = 0;
  await Promise.all(
    Array.from({ length: concurrency }, async () => {
      while (next < items.length) {
        const item = items[next++];
        const t = performance.now();
        await fn(item);
        lat.push(performance.now() - t);
      }
    }),
  );
  return lat.sort((a, b) => a - b);
}
