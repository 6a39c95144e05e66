/**
 * The newest row of the most recently written keys, so that a write can
 * check its compare-and-swap without reading the table: this process is
 * the only writer, so what it committed last for a key is the key's state.
 *
 * A row is kept as its id, negated for a tombstone. Keys drop out oldest
 * write first once `capacity` is reached; a key that is not here is
 * looked up in the table.
 */
export class RecentWrites {
  // Map iteration order is insertion order; re-inserting on every write keeps the oldest write first.
  private readonly rows = new Map<string, number>();

  constructor(private readonly capacity: number) {}

  /** The key's newest row id (negative for a tombstone), or undefined when not known here. */
  get(key: string): number | undefined {
    return this.rows.get(key);
  }

  record(key: string, id: number, deleted: boolean): void {
    this.rows.delete(key);
    this.rows.set(key, deleted ? -id : id);
    if (this.rows.size > this.capacity) this.rows.delete(this.rows.keys().next().value!);
  }

  /** Compaction removes tombstone rows, so what was recorded may no longer be in the table. */
  clear(): void {
    this.rows.clear();
  }
}
