/**
 * The basic work queue (client-go's workqueue.Type). Invariants:
 * - `dirty` holds every key that needs processing; a key in `queue` is in `dirty`.
 * - `processing` holds keys handed out by get() and not yet done().
 * - A key is in `queue` only if it is dirty and not processing, so no two
 *   workers ever hold the same key; a key added while processing is queued
 *   again by done().
 * After shutDown(), add() is ignored and get() drains what is queued, then
 * resolves undefined.
 */
import type { QueueMetrics } from "./workqueue-metrics.js";

export class BasicQueue<K = string> {
  private readonly queue: K[] = [];
  private head = 0;
  private readonly dirty = new Set<K>();
  private readonly processing = new Set<K>();
  private readonly waiters: ((key: K | undefined) => void)[] = [];
  private shuttingDown = false;

  constructor(private readonly metrics?: QueueMetrics<K>) {}

  add(key: K): void {
    if (this.shuttingDown || this.dirty.has(key)) return;
    this.metrics?.added(key);
    this.dirty.add(key);
    if (this.processing.has(key)) return;
    this.push(key);
  }

  get(): Promise<K | undefined> {
    if (this.length() > 0) return Promise.resolve(this.take());
    if (this.shuttingDown) return Promise.resolve(undefined);
    return new Promise((resolve) => this.waiters.push(resolve));
  }

  done(key: K): void {
    this.metrics?.done(key);
    this.processing.delete(key);
    if (this.dirty.has(key)) this.push(key);
  }

  /** Keys waiting to be handed out (not counting those being processed). */
  len(): number {
    return this.length();
  }

  shutDown(): void {
    this.shuttingDown = true;
    // Waiters exist only when the queue is empty: they all get "no more work".
    for (const w of this.waiters.splice(0)) w(undefined);
  }

  isShuttingDown(): boolean {
    return this.shuttingDown;
  }

  private push(key: K): void {
    const w = this.waiters.shift();
    if (w) {
      w(this.handOut(key));
      return;
    }
    this.queue.push(key);
  }

  private take(): K {
    const key = this.queue[this.head++]!;
    // Compact now and then instead of shift()ing an array of thousands.
    if (this.head > 1024 && this.head * 2 > this.queue.length) {
      this.queue.splice(0, this.head);
      this.head = 0;
    }
    return this.handOut(key);
  }

  private handOut(key: K): K {
    this.metrics?.taken(key);
    this.dirty.delete(key);
    this.processing.add(key);
    return key;
  }

  private length(): number {
    return this.queue.length - this.head;
  }
}
