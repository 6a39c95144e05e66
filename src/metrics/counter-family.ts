/**
 * A counter whose hot path is a plain number increment: each label set
 * keeps its count in a holder the caller keeps, and the prom-client counter
 * reads the holders when scraped. For counters bumped per request or per
 * watch event, where hashing the labels on every increment would show.
 */
import { Counter, type Registry } from "prom-client";
import { sortedLabels } from "./registry.js";

export interface CountHolder {
  value: number;
}

export class CounterFamily<L extends string> {
  private readonly holders = new Map<string, { labels: Record<L, string>; holder: CountHolder }>();

  constructor(registry: Registry, name: string, helpText: string, labelNames: readonly L[]) {
    const holders = this.holders;
    new Counter<L>({
      name,
      help: helpText,
      labelNames,
      registers: [registry],
      collect() {
        this.reset();
        for (const { labels, holder } of holders.values()) this.inc(labels, holder.value);
      },
    });
  }

  /** The holder of one label set (the same one every time for the same key). */
  holder(labels: Record<L, string>, key = Object.values(labels).join("\u0000")): CountHolder {
    let entry = this.holders.get(key);
    if (!entry) this.holders.set(key, (entry = { labels: sortedLabels(labels), holder: { value: 0 } }));
    return entry.holder;
  }
}
