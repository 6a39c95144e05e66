/**
 * Runs syncs no more often than every minSyncPeriod (upstream's
 * BoundedFrequencyRunner with a burst of 1): requests while a sync waits or
 * runs coalesce into one more sync. Time comes from the injected Clock.
 */
import type { Clock, Timer } from "../util/clock.js";

export class SyncRunner {
  private timer: Timer | undefined;
  private running = false;
  private again = false;
  private last = -Infinity;
  private stopped = false;

  constructor(
    private readonly clock: Clock,
    private readonly minIntervalMs: number,
    private readonly fn: () => Promise<void>,
  ) {}

  /** Asks for a sync as soon as the bound allows. */
  run(): void {
    if (this.stopped) return;
    if (this.running) {
      this.again = true;
      return;
    }
    if (this.timer) return;
    const wait = Math.max(0, this.last + this.minIntervalMs - this.clock.now());
    this.timer = this.clock.setTimeout(() => void this.fire(), wait);
  }

  /** Asks for a sync after ms (a retry after a failure). */
  retryAfter(ms: number): void {
    if (this.stopped || this.timer) return;
    this.timer = this.clock.setTimeout(() => void this.fire(), ms);
  }

  stop(): void {
    this.stopped = true;
    this.timer?.cancel();
    this.timer = undefined;
  }

  private async fire(): Promise<void> {
    this.timer = undefined;
    this.running = true;
    this.last = this.clock.now();
    try {
      await this.fn();
    } finally {
      this.running = false;
      if (this.again) {
        this.again = false;
        this.run();
      }
    }
  }
}
