import { StorageError, type StoreEvent, type Watch, type WatchHandlers } from "../store.js";
import { compactedError } from "./guaranteed-update.js";

/** What an in-process backend tells its hub about history. */
export interface HistorySource {
  /** Events for keys under prefix with after < modRevision <= upTo, in revision order. */
  history(prefix: string, after: number, upTo: number): StoreEvent[];
  currentRevision(): number;
  compactedRevision(): number;
}

interface HubWatcher {
  prefix: string;
  handlers: WatchHandlers;
  pending: StoreEvent[];
  progressWanted: boolean;
  scheduled: boolean;
  closed: boolean;
}

/**
 * Watch fan-out for backends that live in this process (memory, SQLite).
 *
 * Invariant: a watcher registered at revision R first receives history in
 * (fromRevision, R], read synchronously at registration, then every event
 * published after it. Backends publish synchronously right after commit,
 * so there is no gap and no duplicate. Delivery is asynchronous (one
 * microtask per burst) so a handler never runs inside a write.
 */
export class WatchHub {
  private readonly watchers = new Set<HubWatcher>();

  constructor(private readonly source: HistorySource) {}

  watch(prefix: string, fromRevision: number, handlers: WatchHandlers): Watch {
    const w: HubWatcher = { prefix, handlers, pending: [], progressWanted: false, scheduled: false, closed: false };
    const compacted = this.source.compactedRevision();
    if (fromRevision < compacted) {
      queueMicrotask(() => {
        if (!w.closed) handlers.onError(compactedError(prefix, fromRevision, compacted));
        w.closed = true;
      });
    } else {
      const current = this.source.currentRevision();
      if (fromRevision < current) w.pending = this.source.history(prefix, fromRevision, current);
      this.watchers.add(w);
      if (w.pending.length) this.schedule(w);
    }
    return {
      close: () => {
        w.closed = true;
        this.watchers.delete(w);
      },
      requestProgress: () => {
        if (w.closed) return;
        w.progressWanted = true;
        this.schedule(w);
      },
    };
  }

  /** Hands committed events (whole revisions, in order) to every matching watcher. */
  publish(events: readonly StoreEvent[]): void {
    for (const w of this.watchers) {
      let added = false;
      for (const ev of events) {
        if (ev.key.startsWith(w.prefix)) {
          w.pending.push(ev);
          added = true;
        }
      }
      if (added) this.schedule(w);
    }
  }

  /** Stops every watcher without an error (the store is closing). */
  close(): void {
    for (const w of this.watchers) w.closed = true;
    this.watchers.clear();
  }

  private schedule(w: HubWatcher): void {
    if (w.scheduled) return;
    w.scheduled = true;
    queueMicrotask(() => this.flush(w));
  }

  private flush(w: HubWatcher): void {
    w.scheduled = false;
    if (w.closed) return;
    const batch = w.pending;
    w.pending = [];
    // Read before delivering: a handler may write, and that write's event is not in this batch.
    const progress = this.source.currentRevision();
    try {
      if (batch.length) w.handlers.onEvents(batch);
      if (!w.closed && w.handlers.onProgress && (batch.length || w.progressWanted)) {
        w.progressWanted = false;
        w.handlers.onProgress(progress);
      }
    } catch (err) {
      // A throwing handler must not break the store; end its watch instead.
      this.watchers.delete(w);
      w.closed = true;
      const msg = err instanceof Error ? err.message : String(err);
      w.handlers.onError(new StorageError("Unavailable", w.prefix, `watch handler failed: ${msg}`));
    }
  }
}
