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
import { RecentWrites } from "./recent-writes.js";
import { SCHEMA, prepareStatements, type EventRow, type Row, type Statements } from "./statements.js";
import { WriteBatch, type PendingRow } from "./write-batch.js";

/** Upper bound for the empty prefix: above every key Skiff writes. */
const END_OF_KEYS = "\u{10FFFF}";
const COMPACTED = "compacted_revision";

export interface SqliteStoreOptions {
  /** Directory holding state.db; created when missing. */
  dataDir: string;
}

/** Rows per transaction at most: bounds how long one commit holds the event loop. */
const MAX_BATCH_ROWS = 1000;
/** Keys whose newest row is remembered, so updates of recently written objects skip the lookup. */
const RECENT_KEYS = 10_000;
/**
 * After a commit, acknowledged writers that write again at once (a loop of
 * deletes, a controller's next request through the loopback transport)
 * get this many microtask hops to queue their next write, which then
 * commits in this same turn instead of the next one; up to
 * FOLLOW_UP_ROUNDS such commits per turn before I/O gets its turn.
 */
const ACK_HOPS = 200;
/** Hops to keep waiting once one writer has written again, for the others close behind it. */
const MORE_HOPS = 8;
const FOLLOW_UP_ROUNDS = 16;

/**
 * The embedded store: one SQLite file owned by this process.
 *
 * Group commit: writes queued in the same turn of the event loop (the
 * concurrent requests it is serving) commit in one transaction, at
 * setImmediate or once MAX_BATCH_ROWS are queued; writes made right after
 * an acknowledgement commit in the same turn (see ACK_HOPS), so a writer
 * that writes one object after another does not wait a whole turn for
 * each. A write is acknowledged (its promise resolves, its event reaches
 * watchers) only after the transaction holding it committed; a failed
 * transaction fails every write in it and hands its revisions out again.
 * The compare-and-swap of a write is checked when it is queued, against
 * the committed state and the writes queued before it: a write to a key
 * with a queued write waits for that commit and checks again, and reads
 * never see a write that is not committed.
 *
 * Durability: WAL mode with synchronous=NORMAL. A commit appends its pages
 * to the WAL with write(2) before the call returns but does not fsync, so an
 * acknowledged write survives kill -9 of the process (the pages sit in the
 * OS page cache and reach the file anyway); a power loss or kernel crash
 * can lose the last commits, but never corrupts the database. Not FULL
 * (fsync per commit): better-sqlite3 runs on the event loop, and each
 * fsync (milliseconds) would stall every request, even with one per batch.
 *
 * This process is the only writer (exclusive locking), so a commit and the
 * publication of its events happen with nothing in between and watchers
 * see every revision in order.
 */
class SqliteStore extends LocalStore implements Store {
  private readonly db: Database.Database;
  private readonly st: Statements;
  private readonly insertRows: (rows: PendingRow[]) => void;
  private readonly recent = new RecentWrites(RECENT_KEYS);
  /** The writes waiting for the next commit. */
  private batch: WriteBatch | undefined;
  /** Revision of the newest queued write (rev when nothing is queued). */
  private assigned = 0;
  /** A flush is scheduled or under way: new batches join it. */
  private flushing = false;

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
    this.insertRows = this.db.transaction((rows: PendingRow[]) => {
      for (const row of rows) this.insertRow(row);
    });
    this.rev = this.st.sequence.get()?.seq ?? 0;
    this.assigned = this.rev;
    this.compacted = this.st.getMeta.get(COMPACTED)?.value ?? 0;
  }

  async get(key: string): Promise<KeyValue | undefined> {
    this.checkOpen();
    return this.readCommitted(key);
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
    const kv = await this.commit(key, undefined, value);
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
    this.recent.clear();
  }

  async close(): Promise<void> {
    if (this.closed) return;
    // Writes already queued were promised a commit.
    this.flush();
    this.closed = true;
    this.hub.close();
    this.db.close();
  }

  /**
   * CompareAndSwap: the live value, as committed. When the key has a
   * queued write, waits for its commit first, so that a read-modify-write
   * never starts from (or answers with) a value that may not be stored.
   */
  read(key: string): Promise<KeyValue | undefined> | KeyValue | undefined {
    const batch = this.batch;
    if (batch?.has(key)) {
      const again = () => this.read(key);
      return batch.settled.then(again, again);
    }
    return this.readCommitted(key);
  }

  /**
   * CompareAndSwap: queues the write when the key's newest committed row
   * is still `current` (after the commit of a write already queued for the
   * key, if any), and resolves once it has committed; resolves undefined
   * when the key changed meanwhile.
   */
  async commit(key: string, current: KeyValue | undefined, next: string | typeof DELETE): Promise<KeyValue | undefined> {
    for (;;) {
      this.checkOpen();
      const batch = this.batch;
      if (batch?.has(key)) {
        await batch.settled.catch(() => {});
        continue;
      }
      const newest = this.newestRow(key);
      if (Math.max(newest, 0) !== (current?.modRevision ?? 0)) return undefined;
      return this.enqueue(key, current, next, Math.abs(newest));
    }
  }

  private readCommitted(key: string): KeyValue | undefined {
    const row = this.st.latest.get(key);
    return row && !row.deleted ? toKeyValue(row) : undefined;
  }

  /** The id of the key's newest committed row, negated for a tombstone; 0 when it has none. */
  private newestRow(key: string): number {
    const known = this.recent.get(key);
    if (known !== undefined) return known;
    const row = this.st.newest.get(key);
    return !row ? 0 : row.deleted ? -row.id : row.id;
  }

  /**
   * Adds the write to the open batch. The compare-and-swap held, so
   * `current` is the key's newest row and carries what the row and event
   * need from it.
   */
  private enqueue(key: string, current: KeyValue | undefined, next: string | typeof DELETE, prevRevision: number): Promise<KeyValue> {
    const batch = this.batch ?? this.openBatch();
    const id = ++this.assigned;
    let row: PendingRow;
    let ev: StoreEvent;
    if (next === DELETE) {
      const cur = current!;
      row = { id, key, created: 0, deleted: 1, createRevision: cur.createRevision, prevRevision, value: cur.value };
      ev = { type: "delete", key, value: cur.value, prevValue: cur.value, modRevision: id, createRevision: cur.createRevision, prevModRevision: cur.modRevision };
    } else if (current) {
      row = { id, key, created: 0, deleted: 0, createRevision: current.createRevision, prevRevision, value: next };
      ev = { type: "put", key, value: next, prevValue: current.value, modRevision: id, createRevision: current.createRevision, prevModRevision: current.modRevision };
    } else {
      row = { id, key, created: 1, deleted: 0, createRevision: id, prevRevision, value: next };
      ev = { type: "put", key, value: next, modRevision: id, createRevision: id };
    }
    batch.add(row, ev);
    const kv: KeyValue = { key, value: ev.value, createRevision: ev.createRevision, modRevision: id };
    if (batch.size >= MAX_BATCH_ROWS) this.flush();
    return batch.settled.then(() => kv);
  }

  private openBatch(): WriteBatch {
    const batch = new WriteBatch();
    this.batch = batch;
    if (!this.flushing) this.scheduleFlush();
    return batch;
  }

  private scheduleFlush(): void {
    this.flushing = true;
    // After this turn's I/O callbacks: every request that arrived together has queued its write.
    setImmediate(() => void this.flushRounds());
  }

  /** Commits the open batch, then the writes its acknowledgements lead to, for a few rounds. */
  private async flushRounds(): Promise<void> {
    for (let round = 0; round < FOLLOW_UP_ROUNDS && this.batch; round++) {
      this.flush();
      let hops = ACK_HOPS;
      for (let hop = 0; hop < hops; hop++) {
        await undefined;
        if (this.batch && hops === ACK_HOPS) hops = Math.min(ACK_HOPS, hop + MORE_HOPS);
      }
    }
    this.flushing = false;
    if (this.batch) this.scheduleFlush();
  }

  /** Commits the open batch, then publishes its events and acknowledges its writes. */
  private flush(): void {
    const batch = this.batch;
    if (!batch) return;
    this.batch = undefined;
    try {
      this.insertRows(batch.rows);
    } catch (err) {
      // Rolled back, AUTOINCREMENT included: the next write gets the first of these revisions again.
      this.assigned = this.rev;
      const msg = err instanceof Error ? err.message : String(err);
      batch.failed(new StorageError("Unavailable", batch.rows[0]!.key, `commit of ${batch.size} writes failed: ${msg}`));
      return;
    }
    this.rev = batch.lastRevision;
    for (const row of batch.rows) this.recent.record(row.key, row.id, row.deleted === 1);
    this.hub.publish(batch.events);
    batch.committed();
  }

  private insertRow(row: PendingRow): void {
    const { lastInsertRowid } = this.st.insert.run(row.key, row.created, row.deleted, row.createRevision, row.prevRevision, row.value);
    // AUTOINCREMENT hands out max-ever + 1, and this process is the only writer.
    if (Number(lastInsertRowid) !== row.id) throw new StorageError("Unavailable", row.key, `revision ${lastInsertRowid} is not the expected ${row.id}: another writer?`);
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
