/**
 * One sequential worker per pod (upstream's podWorkers): updates for a pod
 * never run concurrently; an update arriving while the pod syncs makes it
 * sync once more afterwards (updates coalesce). A worker exists only while
 * it has work, so idle pods cost nothing.
 */

export class PodWorkers {
  private readonly busy = new Map<string, { again: boolean }>();

  constructor(
    private readonly sync: (uid: string) => Promise<void>,
    private readonly onError: (uid: string, err: unknown) => void,
  ) {}

  update(uid: string): void {
    const w = this.busy.get(uid);
    if (w) {
      w.again = true;
      return;
    }
    void this.run(uid);
  }

  isBusy(uid: string): boolean {
    return this.busy.has(uid);
  }

  /** Resolves when no worker is running (for shutdown and tests). */
  async idle(): Promise<void> {
    while (this.busy.size) await new Promise<void>((r) => setImmediate(r));
  }

  private async run(uid: string): Promise<void> {
    const w = { again: true };
    this.busy.set(uid, w);
    try {
      while (w.again) {
        w.again = false;
        try {
          await this.sync(uid);
        } catch (err) {
          this.onError(uid, err);
        }
      }
    } finally {
      this.busy.delete(uid);
    }
  }
}
