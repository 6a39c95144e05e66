/**
 * What the two in-process backends (memory, SQLite) share: one revision
 * counter, the compacted revision, the open/closed state, watch fan-out
 * through a WatchHub fed by the backend's own history, and the
 * read-modify-write operations built on its CompareAndSwap.
 */
import { DELETE, StorageError, type KeyValue, type Preconditions, type StoreEvent, type Watch, type WatchHandlers } from "../store.js";
import { compactedError, deleteWithPreconditions, futureRevision, guaranteedUpdate, type CompareAndSwap, type TryUpdate } from "./guaranteed-update.js";
import { WatchHub } from "./watch-hub.js";

export abstract class LocalStore implements CompareAndSwap {
  /** Revision of the latest write. */
  protected rev = 0;
  /** Newest revision whose history is gone (0 if none). */
  protected compacted = 0;
  protected closed = false;
  protected readonly hub = new WatchHub({
    history: (prefix, after, upTo) => this.history(prefix, after, upTo),
    currentRevision: () => this.rev,
    compactedRevision: () => this.compacted,
  });

  /** Events under prefix with after < revision <= upTo, in order. */
  protected abstract history(prefix: string, after: number, upTo: number): StoreEvent[];
  abstract read(key: string): Promise<KeyValue | undefined> | KeyValue | undefined;
  abstract commit(key: string, current: KeyValue | undefined, next: string | typeof DELETE): Promise<KeyValue | undefined> | KeyValue | undefined;

  async guaranteedUpdate(key: string, tryUpdate: TryUpdate, opts?: { preconditions?: Preconditions; allowCreate?: boolean }): Promise<{ kv: KeyValue; deleted: boolean }> {
    this.checkOpen();
    return guaranteedUpdate(this, key, tryUpdate, opts);
  }

  async delete(key: string, preconditions?: Preconditions): Promise<KeyValue> {
    this.checkOpen();
    return deleteWithPreconditions(this, key, preconditions);
  }

  watch(prefix: string, fromRevision: number, handlers: WatchHandlers): Watch {
    this.checkOpen();
    return this.hub.watch(prefix, fromRevision, handlers);
  }

  async currentRevision(): Promise<number> {
    return this.rev;
  }

  async compactedRevision(): Promise<number> {
    return this.compacted;
  }

  /** The revision a read at `requested` sees; 0 or undefined means the latest. */
  protected readRevision(key: string, requested: number | undefined): number {
    if (!requested) return this.rev;
    if (requested < this.compacted) throw compactedError(key, requested, this.compacted);
    if (requested > this.rev) throw futureRevision(key, requested, this.rev);
    return requested;
  }

  protected checkOpen(): void {
    if (this.closed) throw new StorageError("Unavailable", "", "store is closed");
  }
}
