import { StorageError, type StoreEvent, type Watch } from "../store.js";
import { CacheWatcher } from "./cache-watcher.js";
import { EventRing } from "./event-ring.js";
import { deepFreeze } from "../../util/deep-freeze.js";
import { ObjectState, cachedObject, releaseJson } from "./object-state.js";
import type { CacheEvent, CacheSink, CacheWatch, CacheWatchOptions, CachedObject, Cacher, CacherOptions } from "./types.js";

interface Waiter {
  revision: number;
  resolve(): void;
  reject(err: StorageError): void;
  cancel(): void;
}

/**
 * The watch cache: lists the prefix once, then follows one store watch,
 * keeping the current objects and the last `capacity` events. Each store
 * event is decoded once into a frozen object shared by the state and every
 * watcher. When the store watch fails (e.g. compaction outran it), every
 * watcher is ended with an error and the cache re-lists.
 */
class WatchCache<T> implements Cacher<T> {
  readonly ready: Promise<void>;
  private readonly state: ObjectState<T>;
  private readonly ring: EventRing<CacheEvent<T>>;
  private readonly watchers = new Set<CacheWatcher<T>>();
  /** Watchers without a trigger: offered every event. */
  private readonly untriggered = new Set<CacheWatcher<T>>();
  /** Trigger name -> value -> watchers: offered only the events whose object or previous state has that value. */
  private readonly triggered = new Map<string, Map<string, Set<CacheWatcher<T>>>>();
  private waiters: Waiter[] = [];
  /** States of this prefix at past revisions, kept for paged lists; exact as long as they are kept. */
  private readonly snapshots = new Map<number, readonly CachedObject<T>[]>();
  private rev = 0;
  private storeWatch: Watch | undefined;
  private closed = false;
  private readonly maxBacklog: number;

  constructor(private readonly opts: CacherOptions<T>) {
    const capacity = opts.capacity ?? 1024;
    this.state = new ObjectState<T>(opts.triggers);
    this.ring = new EventRing(capacity);
    this.maxBacklog = opts.maxBacklog ?? capacity;
    this.ready = this.syncUntilDone();
    // ready may never be awaited; its failure (close before ready) must not crash the process.
    this.ready.catch(() => {});
  }

  revision(): number {
    return this.rev;
  }

  canRequestProgress(): boolean {
    return this.storeWatch?.requestProgress !== undefined;
  }

  waitForRevision(revision: number, timeoutMs: number): Promise<void> {
    if (this.rev >= revision) return Promise.resolve();
    if (this.closed) return Promise.reject(this.closedError());
    return new Promise((resolve, reject) => {
      const timer = this.opts.clock.setTimeout(() => {
        this.waiters = this.waiters.filter((w) => w !== waiter);
        reject(new StorageError("TooLarge", this.opts.prefix, `Too large resource version: ${revision}, current: ${this.rev}`));
      }, timeoutMs);
      const waiter: Waiter = { revision, resolve, reject, cancel: () => timer.cancel() };
      this.waiters.push(waiter);
      // The store may be ahead with no event under this prefix; ask it to say so.
      this.storeWatch?.requestProgress?.();
    });
  }

  list(trigger?: { name: string; value: string }): { items: CachedObject<T>[]; revision: number } {
    return { items: this.state.list(trigger && this.opts.triggers?.[trigger.name] ? trigger : undefined), revision: this.rev };
  }

  snapshot(): { items: readonly CachedObject<T>[]; revision: number; keep(): void } {
    const revision = this.rev;
    const items = this.snapshots.get(revision) ?? this.state.list();
    const keep = () => {
      // Most recently kept last: the oldest goes first when the limit is reached.
      this.snapshots.delete(revision);
      this.snapshots.set(revision, items);
      if (this.snapshots.size > (this.opts.snapshots ?? 16)) this.snapshots.delete(this.snapshots.keys().next().value!);
    };
    return { items, revision, keep };
  }

  snapshotAt(revision: number): readonly CachedObject<T>[] | undefined {
    const items = this.snapshots.get(revision);
    if (items) {
      // In use: the last to go.
      this.snapshots.delete(revision);
      this.snapshots.set(revision, items);
    }
    return items;
  }

  get(key: string): CachedObject<T> | undefined {
    return this.state.get(key);
  }

  watch(fromRevision: number, opts: CacheWatchOptions, sink: CacheSink<T>): CacheWatch {
    if (this.closed) throw this.closedError();
    const initial = opts.initialEvents || fromRevision === 0;
    let replay: CacheEvent<T>[] | undefined;
    if (!initial) {
      replay = this.ring.since(fromRevision);
      if (!replay) throw new StorageError("Compacted", this.opts.prefix, `too old resource version: ${fromRevision} (${this.ring.complete()})`);
    }
    const after = initial ? this.rev : fromRevision;
    const trigger = opts.trigger && this.opts.triggers?.[opts.trigger.name] ? opts.trigger : undefined;
    const w = new CacheWatcher<T>(this.opts.prefix, sink, opts, this.maxBacklog, after, (closed) => {
      this.watchers.delete(closed);
      if (!trigger) return void this.untriggered.delete(closed);
      const byValue = this.triggered.get(trigger.name);
      const set = byValue?.get(trigger.value);
      set?.delete(closed);
      if (set && set.size === 0) byValue!.delete(trigger.value);
    });
    if (initial) w.enqueueInitial(this.state.list(), this.rev);
    else w.enqueueReplay(replay!);
    this.watchers.add(w);
    if (!trigger) this.untriggered.add(w);
    else {
      let byValue = this.triggered.get(trigger.name);
      if (!byValue) this.triggered.set(trigger.name, (byValue = new Map()));
      let set = byValue.get(trigger.value);
      if (!set) byValue.set(trigger.value, (set = new Set()));
      set.add(w);
    }
    return { close: () => w.fail(), progress: (deliver) => w.enqueueProgress(this.rev, deliver) };
  }

  close(): void {
    if (this.closed) return;
    this.closed = true;
    this.storeWatch?.close();
    for (const w of [...this.watchers]) w.fail();
    for (const waiter of this.waiters.splice(0)) {
      waiter.cancel();
      waiter.reject(this.closedError());
    }
  }

  private async syncUntilDone(): Promise<void> {
    for (;;) {
      if (this.closed) throw this.closedError();
      try {
        await this.sync();
        return;
      } catch {
        await this.opts.clock.sleep(this.opts.relistDelayMs ?? 1000);
      }
    }
  }

  /** List, then watch from the list's revision: no event is missed or seen twice. */
  private async sync(): Promise<void> {
    const { store, prefix } = this.opts;
    const listed = await store.list(prefix);
    if (this.closed) return;
    this.state.clear();
    for (const kv of listed.items) this.state.set(cachedObject(kv.key, this.decode(kv.key, kv.value, kv.modRevision), kv.modRevision));
    this.ring.reset(listed.revision);
    this.rev = Math.max(this.rev, listed.revision);
    this.storeWatch = store.watch(prefix, listed.revision, {
      onEvents: (events) => this.apply(events),
      onError: (err) => this.relist(err),
      onProgress: (revision) => this.advance(revision),
    });
    this.advance(listed.revision);
  }

  private apply(events: readonly StoreEvent[]): void {
    for (const ev of events) {
      const prev = this.state.get(ev.key);
      const object = this.decode(ev.key, ev.value, ev.modRevision, prev?.object);
      // The stored text is kept for the event's JSON only while the event is in the window (released on eviction).
      const entry = cachedObject(ev.key, object, ev.modRevision, ev.value, this.opts.wireJson);
      let type: CacheEvent<T>["type"];
      if (ev.type === "delete") {
        type = "DELETED";
        this.state.delete(ev.key);
      } else {
        type = prev ? "MODIFIED" : "ADDED";
        this.state.set(entry);
      }
      const ce: CacheEvent<T> = Object.freeze({ type, object, prevObject: prev?.object, revision: ev.modRevision, key: ev.key, encoded: entry });
      const evicted = this.ring.push(ce);
      if (evicted) releaseJson(evicted.encoded);
      this.offer(ce);
    }
    if (events.length) this.advance(events[events.length - 1]!.modRevision);
  }

  private offer(ce: CacheEvent<T>): void {
    for (const w of this.untriggered) w.offer(ce);
    for (const [name, byValue] of this.triggered) {
      const fn = this.opts.triggers![name]!;
      const now = fn(ce.object);
      byValue.get(now)?.forEach((w) => w.offer(ce));
      if (ce.prevObject === undefined) continue;
      const before = fn(ce.prevObject);
      if (before !== now) byValue.get(before)?.forEach((w) => w.offer(ce));
    }
  }

  private advance(revision: number): void {
    if (revision > this.rev) this.rev = revision;
    if (!this.waiters.length) return;
    const due = this.waiters.filter((w) => w.revision <= this.rev);
    if (!due.length) return;
    this.waiters = this.waiters.filter((w) => w.revision > this.rev);
    for (const w of due) {
      w.cancel();
      w.resolve();
    }
  }

  private relist(err: StorageError): void {
    if (this.closed) return;
    this.storeWatch?.close();
    this.storeWatch = undefined;
    const reason = new StorageError(err.code, this.opts.prefix, `watch cache for ${this.opts.prefix} is re-listing: ${err.message}`);
    for (const w of [...this.watchers]) w.fail(reason);
    void this.opts.clock.sleep(this.opts.relistDelayMs ?? 1000).then(() => this.syncUntilDone()).catch(() => {});
  }

  private decode(key: string, value: string, modRevision: number, previous?: T): T {
    return deepFreeze(this.opts.decode({ key, value, modRevision }, previous));
  }

  private closedError(): StorageError {
    return new StorageError("Unavailable", this.opts.prefix, "watch cache is closed");
  }
}

/** Starts a watch cache over opts.prefix; await `ready` before serving from it. */
export function createCacher<T>(opts: CacherOptions<T>): Cacher<T> {
  return new WatchCache(opts);
}
