/**
 * A fixed-size window of the most recent events, oldest first.
 *
 * Invariant: every event with revision > complete() is held, so a watch
 * resuming from any revision >= complete() can be replayed exactly.
 */
export class EventRing<E extends { revision: number }> {
  private readonly slots: (E | undefined)[];
  private head = 0;
  private size = 0;
  private completeAfter: number;

  constructor(
    private readonly capacity: number,
    startRevision = 0,
  ) {
    if (capacity < 1) throw new Error("event ring capacity must be at least 1");
    this.slots = new Array<E | undefined>(capacity);
    this.completeAfter = startRevision;
  }

  /** Forgets every event; the window now starts after revision. */
  reset(revision: number): void {
    this.slots.fill(undefined);
    this.head = 0;
    this.size = 0;
    this.completeAfter = revision;
  }

  /** Appends an event, evicting the oldest when full; returns the evicted one. Events arrive in revision order. */
  push(ev: E): E | undefined {
    if (this.size === this.capacity) {
      const evicted = this.slots[this.head]!;
      this.completeAfter = evicted.revision;
      this.slots[this.head] = ev;
      this.head = (this.head + 1) % this.capacity;
      return evicted;
    }
    this.slots[(this.head + this.size) % this.capacity] = ev;
    this.size++;
    return undefined;
  }

  /** The oldest revision a watch can resume from. */
  complete(): number {
    return this.completeAfter;
  }

  /** Events with revision > revision, oldest first; undefined when some have been evicted. */
  since(revision: number): E[] | undefined {
    if (revision < this.completeAfter) return undefined;
    const out: E[] = [];
    for (let i = 0; i < this.size; i++) {
      const ev = this.slots[(this.head + i) % this.capacity]!;
      if (ev.revision > revision) out.push(ev);
    }
    return out;
  }

  get length(): number {
    return this.size;
  }
}
