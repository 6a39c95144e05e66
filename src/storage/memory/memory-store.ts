import {
  DELETE,
  StorageError,
  type KeyValue,
  type ListOptions,
  type ListResult,
  type Store,
  type StoreEvent,
} from "../store.js";
import { lowerBound, scanStart } from "../shared/key-range.js";
import { LocalStore } from "../shared/local-store.js";

/** One write to a key. A tombstone keeps the last value so delete events can carry it. */
interface Version {
  modRevision: number;
  createRevision: number;
  value: string;
  deleted: boolean;
}

/**
 * An in-memory MVCC store: every key keeps its versions since the last
 * compaction, so reads at an older revision see that revision's state.
 *
 * Invariants: `keys` is sorted and holds exactly the keys of `versions`;
 * each version list is in revision order; `log` holds every event with
 * revision > `compacted`, in order.
 */
class MemoryStore extends LocalStore implements Store {
  private readonly versions = new Map<string, Version[]>();
  private keys: string[] = [];
  private log: StoreEvent[] = [];

  async get(key: string): Promise<KeyValue | undefined> {
    this.checkOpen();
    return this.read(key);
  }

  async list(prefix: string, opts: ListOptions = {}): Promise<ListResult> {
    this.checkOpen();
    const rev = this.readRevision(prefix, opts.revision);
    const limit = opts.limit && opts.limit > 0 ? opts.limit : Infinity;
    const start = scanStart(prefix, opts.startAfter);
    const items: KeyValue[] = [];
    let remaining = 0;
    for (let i = lowerBound(this.keys, start.key, !start.inclusive); i < this.keys.length; i++) {
      const key = this.keys[i]!;
      if (!key.startsWith(prefix)) break;
      const v = versionAt(this.versions.get(key)!, rev);
      if (!v || v.deleted) continue;
      if (items.length < limit) items.push(toKeyValue(key, v));
      else remaining++;
    }
    return { items, revision: rev, more: remaining > 0, remaining };
  }

  async count(prefix: string): Promise<number> {
    return (await this.list(prefix)).items.length;
  }

  async create(key: string, value: string): Promise<KeyValue> {
    this.checkOpen();
    if (this.read(key)) throw new StorageError("KeyExists", key);
    return this.commit(key, undefined, value)!;
  }




  async compact(revision: number): Promise<void> {
    this.checkOpen();
    const rev = Math.min(revision, this.rev);
    if (rev <= this.compacted) return;
    let removedKeys = false;
    for (const [key, list] of this.versions) {
      // Keep the version current at rev (unless it is a tombstone) and everything after.
      let i = list.length - 1;
      while (i >= 0 && list[i]!.modRevision > rev) i--;
      if (i < 0) continue;
      const cut = list[i]!.deleted ? i + 1 : i;
      if (cut === 0) continue;
      list.splice(0, cut);
      if (list.length === 0) {
        this.versions.delete(key);
        removedKeys = true;
      }
    }
    if (removedKeys) this.keys = this.keys.filter((k) => this.versions.has(k));
    this.log = this.log.slice(firstAfter(this.log, rev));
    this.compacted = rev;
  }



  async close(): Promise<void> {
    this.closed = true;
    this.hub.close();
  }

  /** CompareAndSwap: the live value. */
  read(key: string): KeyValue | undefined {
    const list = this.versions.get(key);
    const v = list?.[list.length - 1];
    return v && !v.deleted ? toKeyValue(key, v) : undefined;
  }

  /** CompareAndSwap: one atomic write, published to watchers before returning. */
  commit(key: string, current: KeyValue | undefined, next: string | typeof DELETE): KeyValue | undefined {
    if ((this.read(key)?.modRevision ?? 0) !== (current?.modRevision ?? 0)) return undefined;
    const rev = ++this.rev;
    let list = this.versions.get(key);
    if (!list) {
      list = [];
      this.versions.set(key, list);
      this.keys.splice(lowerBound(this.keys, key), 0, key);
    }
    let v: Version;
    let ev: StoreEvent;
    if (next === DELETE) {
      const cur = current!;
      v = { modRevision: rev, createRevision: cur.createRevision, value: cur.value, deleted: true };
      ev = { type: "delete", key, value: cur.value, prevValue: cur.value, modRevision: rev, createRevision: cur.createRevision, prevModRevision: cur.modRevision };
    } else {
      v = { modRevision: rev, createRevision: current?.createRevision ?? rev, value: next, deleted: false };
      ev = { type: "put", key, value: next, modRevision: rev, createRevision: v.createRevision };
      if (current) {
        ev.prevValue = current.value;
        ev.prevModRevision = current.modRevision;
      }
    }
    list.push(v);
    this.log.push(ev);
    this.hub.publish([ev]);
    return toKeyValue(key, v);
  }

  protected history(prefix: string, after: number, upTo: number): StoreEvent[] {
    const out: StoreEvent[] = [];
    for (let i = firstAfter(this.log, after); i < this.log.length; i++) {
      const ev = this.log[i]!;
      if (ev.modRevision > upTo) break;
      if (ev.key.startsWith(prefix)) out.push(ev);
    }
    return out;
  }


}

function toKeyValue(key: string, v: Version): KeyValue {
  return { key, value: v.value, createRevision: v.createRevision, modRevision: v.modRevision };
}

/** The newest version written at or before rev. */
function versionAt(list: readonly Version[], rev: number): Version | undefined {
  for (let i = list.length - 1; i >= 0; i--) if (list[i]!.modRevision <= rev) return list[i];
  return undefined;
}

/** Index of the first event with revision > rev. */
function firstAfter(log: readonly StoreEvent[], rev: number): number {
  let lo = 0;
  let hi = log.length;
  while (lo < hi) {
    const mid = (lo + hi) >>> 1;
    if (log[mid]!.modRevision <= rev) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}

/** A fresh, empty in-memory store (for tests and `startCluster`). */
export function createMemoryStore(): Store {
  return new MemoryStore();
}
