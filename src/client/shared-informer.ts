/**
 * A shared informer: one Reflector feeding one Indexer, fanning each change
 * out to every registered handler in registration order (client-go's
 * sharedIndexInformer with its processor).
 *
 * - Cached objects are deep-frozen: handlers and listers share them.
 * - A handler added after the first list gets a synthetic onAdd for every
 *   cached object before any later event.
 * - A handler with a resync period gets onUpdate(obj, obj) for every cached
 *   object each period, so level-driven controllers revisit their keys.
 * - A relist reports only differences: adds, updates (resourceVersion
 *   changed) and deletes (with the last known state) for objects missed.
 * - A throwing handler is logged; it never stops the others.
 */
import type { Clock, Timer } from "../util/clock.js";
import { deepFreeze } from "../util/deep-freeze.js";
import { Indexer } from "./indexer.js";
import { createLister } from "./lister.js";
import { Reflector, type DeltaType, type ReflectorSink } from "./reflector.js";
import { keyOf, type Client, type EventHandler, type GVR, type IndexFunc, type Informer, type InformerOptions, type KubeObject, type Lister } from "./types.js";

export interface SharedInformerOptions extends InformerOptions {
  client: Client;
  clock: Clock;
  gvr: GVR;
  /** Resync period for handlers that name none; 0 (default) means never. */
  defaultResyncMs?: number;
  log?: (msg: string) => void;
}

interface Registration<T extends KubeObject> {
  handler: EventHandler<T>;
  resyncMs: number;
  timer?: Timer;
}

export class SharedInformer<T extends KubeObject = KubeObject> implements Informer<T>, ReflectorSink<T> {
  readonly gvr: GVR;
  readonly lister: Lister<T>;
  private readonly indexer = new Indexer<T>();
  private readonly registrations: Registration<T>[] = [];
  private readonly reflector: Reflector<T>;
  private synced = false;
  private started = false;
  private markSynced!: () => void;
  /** Resolves after the first list has been delivered. */
  readonly whenSynced = new Promise<void>((r) => (this.markSynced = r));

  constructor(private readonly opts: SharedInformerOptions) {
    this.gvr = opts.gvr;
    this.lister = createLister(this.indexer);
    this.reflector = new Reflector<T>(
      { client: opts.client, clock: opts.clock, gvr: opts.gvr, namespace: opts.namespace, labelSelector: opts.labelSelector, fieldSelector: opts.fieldSelector, log: opts.log },
      this,
    );
  }

  addEventHandler(handler: EventHandler<T>, resyncPeriodMs?: number): () => void {
    const reg: Registration<T> = { handler, resyncMs: resyncPeriodMs ?? this.opts.defaultResyncMs ?? 0 };
    this.registrations.push(reg);
    if (this.synced) for (const obj of this.indexer.list()) this.call(reg, "onAdd", obj);
    if (this.started) this.startResync(reg);
    return () => {
      const i = this.registrations.indexOf(reg);
      if (i >= 0) this.registrations.splice(i, 1);
      reg.timer?.cancel();
    };
  }

  addIndexer(name: string, fn: IndexFunc<T>): void {
    this.indexer.addIndexer(name, fn);
  }

  hasSynced(): boolean {
    return this.synced;
  }

  lastSyncResourceVersion(): string {
    return this.reflector.lastSyncResourceVersion();
  }

  /** Lists, watches and dispatches until signal aborts. */
  async run(signal: AbortSignal): Promise<void> {
    if (this.started) throw new Error(`informer for ${this.gvr.resource} already started`);
    this.started = true;
    for (const reg of this.registrations) this.startResync(reg);
    try {
      await this.reflector.run(signal);
    } finally {
      for (const reg of this.registrations) reg.timer?.cancel();
    }
  }

  replace(items: T[], _resourceVersion: string): void {
    const seen = new Set<string>();
    for (const raw of items) {
      const obj = deepFreeze(raw);
      const key = keyOf(obj);
      seen.add(key);
      const old = this.indexer.set(key, obj);
      if (!old) this.dispatch("onAdd", obj);
      else if (old.metadata.resourceVersion !== obj.metadata.resourceVersion) this.dispatch("onUpdate", obj, old);
    }
    for (const key of this.indexer.keys()) {
      if (seen.has(key)) continue;
      const gone = this.indexer.delete(key)!;
      this.dispatch("onDelete", gone);
    }
    if (!this.synced) {
      this.synced = true;
      this.markSynced();
    }
  }

  apply(type: DeltaType, raw: T): void {
    const obj = deepFreeze(raw);
    const key = keyOf(obj);
    if (type === "DELETED") {
      this.indexer.delete(key);
      this.dispatch("onDelete", obj);
      return;
    }
    const old = this.indexer.set(key, obj);
    if (old) this.dispatch("onUpdate", obj, old);
    else this.dispatch("onAdd", obj);
  }

  private dispatch(kind: "onAdd" | "onUpdate" | "onDelete", obj: T, old?: T): void {
    // A copy: a handler may remove itself (or add another) while we iterate.
    for (const reg of [...this.registrations]) this.call(reg, kind, obj, old);
  }

  private call(reg: Registration<T>, kind: "onAdd" | "onUpdate" | "onDelete", obj: T, old?: T): void {
    try {
      if (kind === "onUpdate") reg.handler.onUpdate?.(old!, obj);
      else reg.handler[kind]?.(obj);
    } catch (err) {
      this.opts.log?.(`event handler for ${this.gvr.resource} failed: ${(err as Error).message}`);
    }
  }

  private startResync(reg: Registration<T>): void {
    if (reg.resyncMs <= 0 || reg.timer) return;
    reg.timer = this.opts.clock.setInterval(() => {
      if (!this.synced || !this.registrations.includes(reg)) return;
      for (const obj of this.indexer.list()) this.call(reg, "onUpdate", obj, obj);
    }, reg.resyncMs);
  }
}
