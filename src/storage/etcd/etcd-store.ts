import { Etcd3, type IKeyValue, type IEvent, type IWatchResponse, type Watcher } from "etcd3";
import {
  DELETE,
  StorageError,
  type KeyValue,
  type ListOptions,
  type ListResult,
  type Preconditions,
  type Store,
  type StoreEvent,
  type Watch,
  type WatchHandlers,
} from "../store.js";
import { deleteWithPreconditions, guaranteedUpdate, type CompareAndSwap, type TryUpdate } from "../shared/guaranteed-update.js";
import { etcdError, isCompactedError, prefixEndBytes } from "./etcd-errors.js";

export interface EtcdStoreOptions {
  /** Client URLs, e.g. ["http://127.0.0.1:2379"]. */
  endpoints: string[];
}

const num = (s: string | number | undefined): number => Number(s ?? 0);
const buf = (s: string): Buffer => Buffer.from(s, "utf8");

function toKeyValue(kv: IKeyValue): KeyValue {
  return { key: kv.key.toString("utf8"), value: kv.value.toString("utf8"), createRevision: num(kv.create_revision), modRevision: num(kv.mod_revision) };
}

function toEvent(ev: IEvent): StoreEvent {
  const kv = ev.kv;
  const prev = ev.prev_kv;
  const key = kv.key.toString("utf8");
  if (ev.type === "Delete") {
    const last = prev ? prev.value.toString("utf8") : "";
    const out: StoreEvent = { type: "delete", key, value: last, modRevision: num(kv.mod_revision), createRevision: prev ? num(prev.create_revision) : 0 };
    if (prev) {
      out.prevValue = last;
      out.prevModRevision = num(prev.mod_revision);
    }
    return out;
  }
  const out: StoreEvent = { type: "put", key, value: kv.value.toString("utf8"), modRevision: num(kv.mod_revision), createRevision: num(kv.create_revision) };
  // A put that starts a new life has no previous value, even if etcd kept one from before a delete.
  if (prev && num(prev.create_revision) === out.createRevision) {
    out.prevValue = prev.value.toString("utf8");
    out.prevModRevision = num(prev.mod_revision);
  }
  return out;
}

/**
 * The store over etcd v3: revisions are etcd's revisions, so several Skiff
 * servers can share one etcd cluster.
 */
/** Keys per etcd range request when reading many. */
const LIST_PAGE = 1000;

class EtcdStore implements Store, CompareAndSwap {
  /** Lower bound for compactedRevision's search: compaction only moves forward. */
  private knownCompacted = 0;

  constructor(private readonly client: Etcd3) {}

  async get(key: string): Promise<KeyValue | undefined> {
    const res = await this.call(key, () => this.client.kv.range({ key: buf(key) }));
    const kv = res.kvs[0];
    return kv ? toKeyValue(kv) : undefined;
  }

  async list(prefix: string, opts: ListOptions = {}): Promise<ListResult> {
    const after = opts.startAfter !== undefined && opts.startAfter >= prefix ? opts.startAfter : undefined;
    const limit = opts.limit && opts.limit > 0 ? opts.limit : 0;
    // etcd answers at most a few MiB per range (its gRPC message limit), so a large
    // read is taken in pages at one revision and joined.
    const items: KeyValue[] = [];
    let revision = opts.revision || 0;
    let cursor = after;
    for (;;) {
      // Keys strictly after the cursor start at cursor + "\0".
      const start = cursor !== undefined ? Buffer.concat([buf(cursor), Buffer.from([0])]) : buf(prefix);
      const want = limit ? Math.min(limit - items.length, LIST_PAGE) : LIST_PAGE;
      const res = await this.call(prefix, () => this.client.kv.range({ key: start, range_end: prefixEndBytes(prefix), limit: want, revision }));
      revision ||= num(res.header.revision);
      for (const kv of res.kvs) items.push(toKeyValue(kv));
      const done = !res.more || (limit > 0 && items.length >= limit);
      if (done) {
        const remaining = res.more ? num(res.count) - res.kvs.length : 0;
        return { items, revision, more: res.more, remaining };
      }
      cursor = items[items.length - 1].key;
    }
  }

  async count(prefix: string): Promise<number> {
    const res = await this.call(prefix, () => this.client.kv.range({ key: buf(prefix), range_end: prefixEndBytes(prefix), count_only: true }));
    return num(res.count);
  }

  async create(key: string, value: string): Promise<KeyValue> {
    const kv = await this.commit(key, undefined, value);
    if (!kv) throw new StorageError("KeyExists", key);
    return kv;
  }

  guaranteedUpdate(key: string, tryUpdate: TryUpdate, opts?: { preconditions?: Preconditions; allowCreate?: boolean }): Promise<{ kv: KeyValue; deleted: boolean }> {
    return guaranteedUpdate(this, key, tryUpdate, opts);
  }

  delete(key: string, preconditions?: Preconditions): Promise<KeyValue> {
    return deleteWithPreconditions(this, key, preconditions);
  }

  /** CompareAndSwap: the live value. */
  read(key: string): Promise<KeyValue | undefined> {
    return this.get(key);
  }

  /** CompareAndSwap: a transaction guarded by the key's modRevision (0 when absent). */
  async commit(key: string, current: KeyValue | undefined, next: string | typeof DELETE): Promise<KeyValue | undefined> {
    const k = buf(key);
    const op = next === DELETE ? { request_delete_range: { key: k } } : { request_put: { key: k, value: buf(next) } };
    const res = await this.call(key, () =>
      this.client.kv.txn({ compare: [{ key: k, target: "Mod", result: "Equal", mod_revision: current?.modRevision ?? 0 }], success: [op] }),
    );
    if (!res.succeeded) return undefined;
    const rev = num(res.header.revision);
    if (next === DELETE) return { key, value: current!.value, createRevision: current!.createRevision, modRevision: rev };
    return { key, value: next, createRevision: current?.createRevision ?? rev, modRevision: rev };
  }

  watch(prefix: string, fromRevision: number, handlers: WatchHandlers): Watch {
    let closed = false;
    let watcher: Watcher | undefined;
    let lastDelivered = fromRevision;
    const fail = (err: StorageError) => {
      if (closed) return;
      closed = true;
      void watcher?.cancel().catch(() => {});
      handlers.onError(err);
    };
    const start = async () => {
      // etcd replays from a start revision equal to the compacted one, but that revision's
      // deletions are gone; a range read at fromRevision applies the contract's bound exactly.
      if (fromRevision > 0) {
        try {
          await this.client.kv.range({ key: buf(prefix), range_end: prefixEndBytes(prefix), revision: fromRevision, count_only: true });
        } catch (err) {
          // A future fromRevision is fine for a watch: it simply waits.
          if (etcdError(prefix, err).code !== "TooLarge") throw err;
        }
      }
      if (closed) return;
      const builder = this.client.watch().withPreviousKV().startRevision(String(fromRevision + 1));
      watcher = (prefix === "" ? builder.inRange({ start: Buffer.from([0]), end: Buffer.from([0]) }) : builder.prefix(prefix)).watcher();
      watcher.on("data", (res: IWatchResponse) => {
        if (closed) return;
        if (res.events.length) {
          const events = res.events.map(toEvent);
          lastDelivered = events[events.length - 1]!.modRevision;
          handlers.onEvents(events);
        } else if (!res.created && handlers.onProgress) {
          handlers.onProgress(num(res.header.revision));
        }
      });
      watcher.on("error", (err: Error) => {
        // A cancelled watch: find out whether compaction passed it.
        this.client.kv
          .range({ key: buf(prefix), range_end: prefixEndBytes(prefix), revision: lastDelivered || 1, count_only: true })
          .then(() => fail(new StorageError("Unavailable", prefix, `watch ended: ${err.message}`)))
          .catch((probe: unknown) => fail(isCompactedError(probe) ? etcdError(prefix, probe) : new StorageError("Unavailable", prefix, `watch ended: ${err.message}`)));
      });
    };
    start().catch((err: unknown) => fail(etcdError(prefix, err)));
    return {
      close: () => {
        if (closed) return;
        closed = true;
        void watcher?.cancel().catch(() => {});
      },
    };
  }

  async compact(revision: number): Promise<void> {
    const rev = Math.min(revision, await this.currentRevision());
    if (rev <= 0) return;
    try {
      await this.client.kv.compact({ revision: rev, physical: true });
    } catch (err) {
      if (!isCompactedError(err)) throw etcdError("", err);
    }
    this.knownCompacted = Math.max(this.knownCompacted, rev);
  }

  async currentRevision(): Promise<number> {
    const res = await this.call("", () => this.client.kv.range({ key: Buffer.from([0]), count_only: true }));
    return num(res.header.revision);
  }

  /**
   * etcd does not report its compacted revision, but it refuses reads below
   * it: the lowest revision that still reads is the compacted one.
   */
  async compactedRevision(): Promise<number> {
    const readable = async (rev: number) => {
      try {
        await this.client.kv.range({ key: Buffer.from([0]), revision: rev, count_only: true });
        return true;
      } catch (err) {
        if (isCompactedError(err)) return false;
        throw etcdError("", err);
      }
    };
    let lo = Math.max(1, this.knownCompacted);
    let hi = await this.currentRevision();
    if (await readable(lo)) return lo === 1 ? 0 : lo;
    while (lo + 1 < hi) {
      const mid = Math.floor((lo + hi) / 2);
      if (await readable(mid)) hi = mid;
      else lo = mid;
    }
    this.knownCompacted = hi;
    return hi;
  }

  async close(): Promise<void> {
    this.client.close();
  }

  private async call<T>(key: string, fn: () => Promise<T>): Promise<T> {
    try {
      return await fn();
    } catch (err) {
      throw etcdError(key, err);
    }
  }
}

/** Connects to etcd; fails with StorageError "Unavailable" when no endpoint answers. */
export async function openEtcdStore(opts: EtcdStoreOptions): Promise<Store> {
  const client = new Etcd3({ hosts: opts.endpoints, dialTimeout: 5000 });
  const store = new EtcdStore(client);
  try {
    await store.currentRevision();
  } catch (err) {
    client.close();
    throw err;
  }
  return store;
}
