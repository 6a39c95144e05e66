/**
 * Decides what to write for a new event, as client-go's EventCorrelator:
 * 1. aggregation: more than 10 events differing only in message within 10
 *    minutes become one "(combined from similar events): <message>" event;
 * 2. de-duplication: an event identical to one already seen (same source,
 *    object, type, reason, message) is a patch of count and lastTimestamp
 *    on the existing Event instead of a new one;
 * 3. spam filter: a token bucket per source and involved object (burst 25,
 *    one more every 5 minutes); events beyond it are dropped, though still
 *    counted by 2.
 */
import type { Clock } from "../util/clock.js";
import type { CoreEvent } from "./event-types.js";
import { hash53 } from "../util/hash53.js";

export const COMBINED_PREFIX = "(combined from similar events): ";

export interface CorrelatorOptions {
  clock: Clock;
  spamBurst?: number;
  spamRefillMs?: number;
  aggregateMaxEvents?: number;
  aggregateIntervalMs?: number;
  /** Entries kept per cache (LRU), as upstream's 4096. */
  cacheSize?: number;
}

export type Correlation =
  | { action: "drop" }
  | { action: "create"; event: CoreEvent; key: string }
  | { action: "patch"; event: CoreEvent; key: string; patch: { count: number; lastTimestamp: string; message: string } };

interface Observation {
  name: string;
  count: number;
  firstTimestamp: string;
}

export class EventCorrelator {
  private readonly spam: Lru<{ tokens: number; at: number }>;
  /** Distinct messages by hash; only their count up to the aggregation threshold matters. */
  private readonly similar: Lru<{ messages: number[]; last: number }>;
  private readonly seen: Lru<Observation>;

  constructor(private readonly opts: CorrelatorOptions) {
    const size = opts.cacheSize ?? 4096;
    this.spam = new Lru(size);
    this.similar = new Lru(size);
    this.seen = new Lru(size);
  }

  /**
   * In upstream's order: aggregate, count the occurrence, then ask the spam
   * filter. A dropped repeat still counts, so the next one written carries
   * the number of times the event really happened.
   */
  correlate(event: CoreEvent): Correlation {
    const { event: ev, key } = this.aggregate(event);
    const last = this.seen.get(key);
    const observed: CoreEvent = last ? { ...ev, metadata: { ...ev.metadata, name: last.name }, count: last.count + 1, firstTimestamp: last.firstTimestamp } : ev;
    this.observe(key, observed);
    if (!this.allow(observed)) return { action: "drop" };
    if (!last) return { action: "create", event: observed, key };
    return { action: "patch", event: observed, key, patch: { count: observed.count!, lastTimestamp: observed.lastTimestamp!, message: observed.message ?? "" } };
  }

  /** Records an occurrence, and again what the server wrote, so the next repeat patches it. */
  observe(key: string, written: CoreEvent): void {
    this.seen.set(key, { name: written.metadata.name!, count: written.count ?? 1, firstTimestamp: written.firstTimestamp ?? "" });
  }

  /** Forgets a key whose Event disappeared (expired), so the next repeat creates a new one. */
  forget(key: string): void {
    this.seen.delete(key);
  }

  private allow(ev: CoreEvent): boolean {
    const now = this.opts.clock.now();
    const burst = this.opts.spamBurst ?? 25;
    const refill = this.opts.spamRefillMs ?? 300_000;
    const o = ev.involvedObject;
    const key = [ev.source?.component, ev.source?.host, o.kind, o.namespace, o.name, o.uid, o.apiVersion].join("\u0000");
    const b = this.spam.get(key) ?? { tokens: burst, at: now };
    b.tokens = Math.min(burst, b.tokens + (now - b.at) / refill);
    b.at = now;
    this.spam.set(key, b);
    if (b.tokens < 1) return false;
    b.tokens -= 1;
    return true;
  }

  /** The event to write and its de-duplication key: a combined event is keyed without its message, so later ones patch it. */
  private aggregate(ev: CoreEvent): { event: CoreEvent; key: string } {
    const now = this.opts.clock.now();
    const o = ev.involvedObject;
    const key = [ev.source?.component, ev.source?.host, o.kind, o.namespace, o.name, o.uid, o.apiVersion, ev.type, ev.reason, ev.reportingComponent, ev.reportingInstance].join("\u0000");
    let rec = this.similar.get(key);
    const max = this.opts.aggregateMaxEvents ?? 10;
    const message = hash53(ev.message ?? "");
    // Most keys only ever see one message: a one-element array, grown only when needed.
    if (!rec || now - rec.last > (this.opts.aggregateIntervalMs ?? 600_000)) rec = { messages: [message], last: now };
    else if (rec.messages.length < max && !rec.messages.includes(message)) rec.messages = [...rec.messages, message];
    rec.last = now;
    this.similar.set(key, rec);
    if (rec.messages.length < max) return { event: ev, key: eventKey(ev) };
    return { event: { ...ev, message: COMBINED_PREFIX + (ev.message ?? "") }, key };
  }
}

/** The identity of an event for de-duplication: everything but the times and count. */
export function eventKey(ev: CoreEvent): string {
  const o = ev.involvedObject;
  return [ev.source?.component, ev.source?.host, o.kind, o.namespace, o.name, o.fieldPath, o.uid, o.apiVersion, ev.type, ev.reason, ev.reportingComponent, ev.reportingInstance, ev.message].join("\u0000");
}

/**
 * A size-bounded map dropping the least recently used entry. Keys are kept
 * as 53-bit hashes: every sim kubelet of a process has its own correlator,
 * and the composite key strings would otherwise be most of their memory.
 */
class Lru<V> {
  private readonly map = new Map<number, V>();
  constructor(private readonly size: number) {}
  get(key: string): V | undefined {
    const k = hash53(key);
    const v = this.map.get(k);
    if (v !== undefined) {
      this.map.delete(k);
      this.map.set(k, v);
    }
    return v;
  }
  set(key: string, v: V): void {
    const k = hash53(key);
    this.map.delete(k);
    this.map.set(k, v);
    if (this.map.size > this.size) this.map.delete(this.map.keys().next().value!);
  }
  delete(key: string): void {
    this.map.delete(hash53(key));
  }
}
