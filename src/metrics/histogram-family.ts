/**
 * Histograms whose hot path is a plain number update, as counter-family.ts
 * does for counters: each label set keeps its bucket counts, sum and count
 * in a holder the caller keeps, and the registry reads the holders when
 * scraped. The exposition is prom-client's own (bucket lines with le first,
 * then +Inf, _sum and _count, series in order of first observation), for
 * histograms observed several times per request, where hashing the labels
 * on every observation would show.
 */
import type { Metric, Registry } from "prom-client";

export interface HistogramHolder {
  observe(value: number): void;
}

class Series implements HistogramHolder {
  /** Observations per bucket, not cumulative. */
  private readonly perBucket: number[];
  sum = 0;
  count = 0;
  /** Whether anything was observed (a series is exported from its first observation, as prom-client's). */
  seen = false;

  constructor(
    readonly labels: Record<string, string>,
    private readonly bounds: readonly number[],
  ) {
    this.perBucket = bounds.map(() => 0);
  }

  observe(value: number): void {
    if (!Number.isFinite(value)) throw new TypeError(`Value is not a valid number: ${value}`);
    const b = this.bounds;
    for (let i = 0; i < b.length; i++) {
      if (value <= b[i]!) {
        this.perBucket[i]!++;
        break;
      }
    }
    this.sum += value;
    this.count++;
    this.seen = true;
  }

  reset(): void {
    this.perBucket.fill(0);
    this.sum = 0;
    this.count = 0;
    this.seen = false;
  }

  cumulative(): number[] {
    let acc = 0;
    return this.perBucket.map((n) => (acc += n));
  }
}

interface ExportedValue {
  labels: Record<string, string | number>;
  sharedLabels: Record<string, string>;
  value: number;
  metricName: string;
  exemplar: null | undefined;
}

export class HistogramFamily<L extends string> {
  private readonly series = new Map<string, Series>();
  private readonly bounds: readonly number[];

  constructor(
    registry: Registry,
    readonly name: string,
    readonly help: string,
    private readonly labelNames: readonly L[],
    buckets: readonly number[],
  ) {
    this.bounds = [...buckets].sort((a, b) => a - b);
    registry.registerMetric(this.asMetric());
  }

  /** The holder of one label set (the same one every time for the same key); labels print in the order given. */
  holder(labels: Record<L, string>, key = this.labelNames.map((n) => labels[n]).join("\u0000")): HistogramHolder {
    let s = this.series.get(key);
    if (!s) this.series.set(key, (s = new Series(labels, this.bounds)));
    return s;
  }

  /** What the registry reads: prom-client's value pairs (sharedLabels the series', labels the line's own). */
  private values(): ExportedValue[] {
    const out: ExportedValue[] = [];
    const bucket = `${this.name}_bucket`;
    for (const s of this.series.values()) {
      if (!s.seen) continue;
      const cumulative = s.cumulative();
      this.bounds.forEach((le, i) => out.push({ labels: { le }, value: cumulative[i]!, metricName: bucket, exemplar: null, sharedLabels: s.labels }));
      out.push({ labels: { le: "+Inf" }, value: s.count, metricName: bucket, exemplar: null, sharedLabels: s.labels });
      out.push({ labels: {}, value: s.sum, metricName: `${this.name}_sum`, exemplar: undefined, sharedLabels: s.labels });
      out.push({ labels: {}, value: s.count, metricName: `${this.name}_count`, exemplar: undefined, sharedLabels: s.labels });
    }
    return out;
  }

  private asMetric(): Metric {
    const family = this;
    const base = { name: this.name, help: this.help, type: "histogram", aggregator: "sum" };
    return {
      ...base,
      getForPromString: async () => ({ ...base, values: family.values() }),
      // The JSON form has each line's labels merged with its series', as prom-client's get().
      get: async () => ({ ...base, values: family.values().map(({ sharedLabels, labels, ...rest }) => ({ ...rest, labels: { ...labels, ...sharedLabels } })) }),
      // Holders stay with their callers: they start afresh, unexported until observed again.
      reset: () => family.series.forEach((s) => s.reset()),
    } as unknown as Metric;
  }
}
