/**
 * addAfter on top of the basic queue (client-go's DelayingInterface). Each
 * waiting key has one Clock timer; asking again for an earlier time moves
 * it earlier, asking for a later time keeps the earlier one.
 */
import type { Clock, Timer } from "../util/clock.js";
import type { BasicQueue } from "./workqueue.js";
import type { QueueMetrics } from "./workqueue-metrics.js";

export class DelayingQueue<K = string> {
  private readonly waiting = new Map<K, { at: number; timer: Timer }>();

  constructor(
    private readonly base: BasicQueue<K>,
    private readonly clock: Clock,
    private readonly metrics?: QueueMetrics<K>,
  ) {}

  addAfter(key: K, ms: number): void {
    if (this.base.isShuttingDown()) return;
    // As client-go, every delayed add counts as a retry.
    this.metrics?.retried();
    if (ms <= 0) return this.base.add(key);
    const at = this.clock.now() + ms;
    const existing = this.waiting.get(key);
    if (existing && existing.at <= at) return;
    existing?.timer.cancel();
    const timer = this.clock.setTimeout(() => {
      this.waiting.delete(key);
      this.base.add(key);
    }, ms);
    this.waiting.set(key, { at, timer });
  }

  /** Keys waiting for their time. */
  waitingCount(): number {
    return this.waiting.size;
  }

  shutDown(): void {
    for (const w of this.waiting.values()) w.timer.cancel();
    this.waiting.clear();
  }
}
