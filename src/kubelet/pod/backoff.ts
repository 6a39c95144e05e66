/**
 * CrashLoopBackOff: client-go's flowcontrol.Backoff as the kubelet uses it
 * for container restarts (10 s doubling to 5 m; an entry not touched for
 * twice the maximum, 10 m, starts over). Keys are "<pod uid>/<container>".
 * No jitter, so that restart times are predictable on a virtual clock.
 */

export const INITIAL_BACKOFF_MS = 10_000;
export const MAX_BACKOFF_MS = 300_000;

interface Entry {
  backoffMs: number;
  lastUpdate: number;
}

export class RestartBackoff {
  private readonly entries = new Map<string, Entry>();

  constructor(
    private readonly initialMs = INITIAL_BACKOFF_MS,
    private readonly maxMs = MAX_BACKOFF_MS,
  ) {}

  private expired(eventTime: number, e: Entry): boolean {
    return eventTime - e.lastUpdate > 2 * this.maxMs;
  }

  /** The current back-off of key (0 when none). */
  get(key: string): number {
    return this.entries.get(key)?.backoffMs ?? 0;
  }

  /** True while a restart of a container that exited at eventTime must wait; now is the clock's time. */
  inBackOffSince(key: string, eventTime: number, now: number): boolean {
    const e = this.entries.get(key);
    if (!e || this.expired(eventTime, e)) return false;
    return now - eventTime < e.backoffMs;
  }

  /** When the back-off that started at eventTime ends (undefined when none applies). */
  readyAt(key: string, eventTime: number): number | undefined {
    const e = this.entries.get(key);
    if (!e || this.expired(eventTime, e)) return undefined;
    return eventTime + e.backoffMs;
  }

  /** Records a restart of a container that exited at eventTime: the next back-off doubles. */
  next(key: string, eventTime: number, now: number): void {
    const e = this.entries.get(key);
    if (!e || this.expired(eventTime, e)) this.entries.set(key, { backoffMs: this.initialMs, lastUpdate: now });
    else this.entries.set(key, { backoffMs: Math.min(2 * e.backoffMs, this.maxMs), lastUpdate: now });
  }

  /** Forgets every key with the prefix (a pod's uid) once the pod is gone. */
  forgetPrefix(prefix: string): void {
    for (const k of this.entries.keys()) if (k.startsWith(prefix)) this.entries.delete(k);
  }
}
