/**
 * Counters and gauges whose hot path is a plain number update: each label
 * set keeps its value in a holder the caller keeps, and the prom-client
 * metric reads the holders when scraped. For values changed per request,
 * per watch event or per queue operation, where hashing the labels on
 * every update would show.
 */
import { Counter, Gauge, type Registry } from "prom-client";
import { sortedLabels } from "./registry.js";

export interface ValueHolder {
  value: number;
}
/** A counter's holder: only ever incremented. */
export type CountHolder = ValueHolder;

class HolderSet<L extends string> {
  readonly entries = new Map<string, { labels: Record<L, string>; holder: ValueHolder }>();

  /** The holder of one label set (the same one every time for the same key). */
  holder(labels: Record<L, string>, key = Object.values(labels).join("\u0000")): ValueHolder {
    let entry = this.entries.get(key);
    if (!entry) this.entries.set(key, (entry = { labels: sortedLabels(labels), holder: { value: 0 } }));
    return entry.holder;
  }
}

export class CounterFamily<L extends string> extends HolderSet<L> {
  constructor(registry: Registry, name: string, helpText: string, labelNames: readonly L[]) {
    super();
    const entries = this.entries;
    new Counter<L>({
      name,
      help: helpText,
      labelNames,
      registers: [registry],
      collect() {
        this.reset();
        for (const { labels, holder } of entries.values()) this.inc(labels, holder.value);
      },
    });
  }
}

export class GaugeFamily<L extends string> extends HolderSet<L> {
  constructor(registry: Registry, name: string, helpText: string, labelNames: readonly L[]) {
    super();
    const entries = this.entries;
    new Gauge<L>({
      name,
      help: helpText,
      labelNames,
      registers: [registry],
      collect() {
        this.reset();
        for (const { labels, holder } of entries.values()) this.set(labels, holder.value);
      },
    });
  }
}
