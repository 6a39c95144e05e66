import Database from "better-sqlite3";
import { mkdirSync } from "node:fs";
import { join } from "node:path";
import {
  DELETE,
  StorageError,
  type KeyValue,
  type ListOptions,
  type ListResult,
  type Store,
  type StoreEvent,
} from "../store.js";
import { prefixEnd, scanStart } from "../shared/key-range.js";
import { LocalStore } from "../shared/local-store.js";
import { SCHEMA, prepareStatements, type EventRow, type Row, type Statements } from "./statements.js";

/** Upper bound for the empty prefix: above every key Skiff writes. */
const END_OF_KEYS = "\u{10FFFF}";
const COMPACTED = "compacted_revision";

export interface SqliteStoreOptions {
  /** Directory holding state.db; created when missing. */
  dataDir: string;
}

/**
 * The embedded store: one SQLite file owned by this process.
 *
 * Durability: WAL mode with synchronous=NORMAL. A commit appends its pages
 * to the WAL with write(2) before the call returns but does not fsync, so an
 * acknowledged write survives kill -9 of the process (the pages sit in the
 * OS page cache and reach the file anyway); only a power loss or kernel
 * crash can lose the last commits, and never corrupts the database.
 *
 * Writes are synchronous (better-sqlite3) and this process is the only
 * writer (exclusive locking), so a write and the publication of its event
 * happen with nothing in between and watchers see every revision in order.
 */
class SqliteStore extends LocalStore implements Store {
  private readonly db: Database.Database;
  private readonly st: Statements;

  constructor(file: string) {
    super();
    // Fail fast when another process holds the file rather than waiting on its lock.
    this.db = new Database(file, { timeout: 250 });
    this.db.pragma("journal_mode = WAL");
    this.db.pragma("synchronous = NORMAL");
    // One process owns the store: its in-memory revision and watch fan-out depend on it.
    this.db.pragma("locking_mode = EXCLUSIVE");
    this.db.exec(SCHEMA);
    this.st = prepareStatements(this.db);
    this.rev = this.st.sequence.get()?.seq ?? 0;
    this.compacted = this.st.getMeta.get(COMPACTED)?.value ?? 0;
  }

  async get(key: string): Promise<KeyValue | undefined> {
    this.checkOpen();
    return this.read(key);
  }

  async list(prefix: string, opts: ListOptions = {}): Promise<ListResult> {
    this.checkOpen();
    const rev = this.readRevision(prefix, opts.revision);
    const start = scanStart(prefix, opts.startAfter);
    const params = { start: prefix, end: prefixEnd(prefix) ?? END_OF_KEYS, after: start.inclusive ? "" : start.key, rev };
    const limit = opts.limit && opts.limit > 0 ? opts.limit : -1;
    const rows = this.st.page.all({ ...params, limit });
    let remaining = 0;
    if (limit > 0 && rows.length === limit) {
      remaining = this.st.count.get({ ...params, after: rows[rows.length - 1]!.name })!.n;
    }
    return { items: rows.map(toKeyValue), revision: rev, more: remaining > 0, remaining };
  }

  async count(prefix: string): Promise<number> {
    this.checkOpen();
    return this.st.count.get({ start: prefix, end: prefixEnd(prefix) ?? END_OF_KEYS, after: "", rev: this.rev })!.n;
  }

  async create(key: string, value: string): Promise<KeyValue> {
    this.checkOpen();
    const kv = this.commit(key, undefined, value);
    if (!kv) throw new StorageError("KeyExists", key);
    return kv;
  }




  async compact(revision: number): Promise<void> {
    this.checkOpen();
    const rev = Math.min(revision, this.rev);
    if (rev <= this.compacted) return;
    this.db.transaction(() => {
      this.st.compact.run({ rev });
      this.st.setMeta.run(COMPACTED, rev);
    })();
    this.compacted = rev;
  }



  async close(): Promise<void> {
    if (this.closed) return;
    this.closed = true;
    this.hub.close();
    this.db.close();
  }

  /** CompareAndSwap: the live value. */
  read(key: string): KeyValue | undefined {
    const row = this.st.latest.get(key);
    return row && !row.deleted ? toKeyValue(row) : undefined;
  }

  /**
   * CompareAndSwap: check and insert run back to back on the only
   * connection with no await between them, so nothing can interleave; the
   * insert is the one (autocommit) transaction. The event is published
   * once it has committed.
   */
  commit(key: string, current: KeyValue | undefined, next: string | typeof DELETE): KeyValue | undefined {
    const ev = this.write(key, current, next);
    if (!ev) return undefined;
    this.rev = ev.modRevision;
    this.hub.publish([ev]);
    return { key, value: ev.value, createRevision: ev.createRevision, modRevision: ev.modRevision };
  }

  private write(key: string, current: KeyValue | undefined, next: string | typeof DELETE): StoreEvent | undefined {
    const last = this.st.latest.get(key);
    const liveRev = last && !last.deleted ? last.id : 0;
    if (liveRev !== (current?.modRevision ?? 0)) return undefined;
    const id = this.rev + 1;
    const prevRevision = last?.id ?? 0;
    let ev: StoreEvent;
    if (next === DELETE) {
      const cur = last!;
      ev = { type: "delete", key, value: cur.value, prevValue: cur.value, modRevision: id, createRevision: cur.create_revision, prevModRevision: cur.id };
      this.insertRow(id, key, 0, 1, cur.create_revision, prevRevision, cur.value);
    } else if (current) {
      ev = { type: "put", key, value: next, prevValue: last!.value, modRevision: id, createRevision: last!.create_revision, prevModRevision: last!.id };
      this.insertRow(id, key, 0, 0, last!.create_revision, prevRevision, next);
    } else {
      ev = { type: "put", key, value: next, modRevision: id, createRevision: id };
      this.insertRow(id, key, 1, 0, id, prevRevision, next);
    }
    return ev;
  }

  private insertRow(id: number, key: string, created: number, deleted: number, createRevision: number, prevRevision: number, value: string): void {
    const { lastInsertRowid } = this.st.insert.run(key, created, deleted, createRevision, prevRevision, value);
    // AUTOINCREMENT hands out max-ever + 1, and this process is the only writer.
    if (Number(lastInsertRowid) !== id) throw new StorageError("Unavailable", key, `revision ${lastInsertRowid} does not follow ${this.rev}: another writer?`);
  }

  protected history(prefix: string, after: number, upTo: number): StoreEvent[] {
    const rows = this.st.history.all({ start: prefix, end: prefixEnd(prefix) ?? END_OF_KEYS, after, upTo });
    return rows.map(toEvent);
  }


}

function toKeyValue(row: Row): KeyValue {
  return { key: row.name, value: row.value, createRevision: row.create_revision, modRevision: row.id };
}

function toEvent(row: EventRow): StoreEvent {
  const ev: StoreEvent = {
    type: row.deleted ? "delete" : "put",
    key: row.name,
    value: row.value,
    modRevision: row.id,
    createRevision: row.create_revision,
  };
  if (row.deleted) {
    ev.prevValue = row.value;
    ev.prevModRevision = row.prev_revision;
  } else if (!row.created && row.prev_value !== null) {
    ev.prevValue = row.prev_value;
    ev.prevModRevision = row.prev_revision;
  }
  return ev;
}

/** Opens (creating when needed) the store in dataDir/state.db. */
export function openSqliteStore(opts: SqliteStoreOptions): Store {
  mkdirSync(opts.dataDir, { recursive: true });
  return new SqliteStore(join(opts.dataDir, "state.db"));
}
