import { StorageError } from "../store.js";
import type { CacheEvent, CacheSink, CacheWatchOptions, CachedObject } from "./types.js";

type Item<T> =
  | { kind: "event"; ev: CacheEvent<T>; live: boolean }
  | { kind: "initial-end"; revision: number }
  | { kind: "progress"; revision: number; deliver(revision: number): void };

/**
 * One watcher's queue. Events are delivered asynchronously in order; a
 * sink that returns a promise holds the queue until it settles. Initial
 * events do not count against the backlog limit, live ones do: a consumer
 * that lets more than maxBacklog live events pile up is dropped, so one
 * slow client can neither stall the cache nor grow memory without bound.
 */
export class CacheWatcher<T> {
  private queue: (Item<T> | undefined)[] = [];
  private head = 0;
  private liveBacklog = 0;
  private draining = false;
  private closed = false;

  constructor(
    private readonly prefix: string,
    private readonly sink: CacheSink<T>,
    private readonly opts: CacheWatchOptions,
    private readonly maxBacklog: number,
    /** Live events at or below this revision are not for this watcher. */
    private readonly afterRevision: number,
    private readonly onClosed: (w: CacheWatcher<T>) => void,
  ) {}

  /** Synthetic ADDED events for a snapshot, then the initial-events-end marker. */
  enqueueInitial(objects: readonly CachedObject<T>[], revision: number): void {
    for (const o of objects) {
      this.queue.push({ kind: "event", live: false, ev: { type: "ADDED", object: o.object, revision: o.revision, key: o.key, encoded: o } });
    }
    this.queue.push({ kind: "initial-end", revision });
    this.schedule();
  }

  /** Buffered events replayed for a resume; they count as backlog like live ones. */
  enqueueReplay(events: readonly CacheEvent<T>[]): void {
    for (const ev of events) this.offer(ev);
  }

  /**
   * Queues a progress notice (a bookmark): deliver runs, in stream order,
   * once every event offered so far is delivered, with the revision the
   * cache had reached when it was queued.
   */
  enqueueProgress(revision: number, deliver: (revision: number) => void): void {
    if (this.closed) return;
    this.queue.push({ kind: "progress", revision, deliver });
    this.schedule();
  }

  offer(ev: CacheEvent<T>): void {
    if (this.closed || ev.revision <= this.afterRevision) return;
    this.queue.push({ kind: "event", ev, live: true });
    if (++this.liveBacklog > this.maxBacklog) {
      this.fail(new StorageError("Unavailable", this.prefix, `watch of ${this.prefix} dropped: its consumer fell more than ${this.maxBacklog} events behind`));
      return;
    }
    this.schedule();
  }

  /** Ends the watch; with err, tells the consumer why. Idempotent. */
  fail(err?: StorageError): void {
    if (this.closed) return;
    this.closed = true;
    this.queue = [];
    this.head = 0;
    this.onClosed(this);
    if (err) this.opts.onError?.(err);
  }

  get pending(): number {
    return this.queue.length - this.head;
  }

  private schedule(): void {
    if (this.draining) return;
    this.draining = true;
    queueMicrotask(() => void this.drain());
  }

  private async drain(): Promise<void> {
    try {
      while (!this.closed && this.head < this.queue.length) {
        const item = this.queue[this.head]!;
        this.queue[this.head++] = undefined;
        if (this.head >= 1024 && this.head * 2 >= this.queue.length) {
          this.queue = this.queue.slice(this.head);
          this.head = 0;
        }
        if (item.kind === "initial-end") {
          this.opts.onInitialEventsEnd?.(item.revision);
          continue;
        }
        if (item.kind === "progress") {
          item.deliver(item.revision);
          continue;
        }
        if (item.live) this.liveBacklog--;
        const r = this.sink(item.ev);
        if (r) await r;
      }
      // Drained: start afresh rather than keep a long array of spent slots (thousands of watchers each).
      if (this.head === this.queue.length) {
        this.queue = [];
        this.head = 0;
      }
    } catch (err) {
      const msg = err instanceof Error ? err.message : String(err);
      this.fail(new StorageError("Unavailable", this.prefix, `watch consumer failed: ${msg}`));
    } finally {
      this.draining = false;
    }
  }
}
