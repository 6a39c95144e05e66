import type { StoreEvent } from "../store.js";

/** One row of the kv table waiting for its batch's commit (see statements.ts for the columns). */
export interface PendingRow {
  id: number;
  key: string;
  created: number;
  deleted: number;
  createRevision: number;
  prevRevision: number;
  value: string;
}

/**
 * The writes that will commit together in one SQLite transaction (group
 * commit). Revisions inside a batch are consecutive and in the order the
 * writes were queued; `settled` resolves once the transaction committed
 * and rejects when it failed, so every write of the batch shares one fate.
 */
export class WriteBatch {
  readonly rows: PendingRow[] = [];
  readonly events: StoreEvent[] = [];
  /** Keys with a write in this batch: a later write to one of them waits for the commit. */
  private readonly keys = new Set<string>();
  readonly settled: Promise<void>;
  private resolve!: () => void;
  private reject!: (err: Error) => void;

  constructor() {
    this.settled = new Promise<void>((resolve, reject) => {
      this.resolve = resolve;
      this.reject = reject;
    });
    // A failure reaches every write through its own promise; this one must not count as unhandled.
    this.settled.catch(() => {});
  }

  add(row: PendingRow, ev: StoreEvent): void {
    this.rows.push(row);
    this.events.push(ev);
    this.keys.add(row.key);
  }

  has(key: string): boolean {
    return this.keys.has(key);
  }

  get size(): number {
    return this.rows.length;
  }

  /** Revision of the batch's last write. */
  get lastRevision(): number {
    return this.rows[this.rows.length - 1]!.id;
  }

  committed(): void {
    this.resolve();
  }

  failed(err: Error): void {
    this.reject(err);
  }
}
