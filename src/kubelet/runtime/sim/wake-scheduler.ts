/**
 * One timer per runtime for every sim process: a process that sleeps, or a
 * container that logs every few seconds, parks here until the clock
 * reaches its time, instead of holding a timer of its own.
 */
import type { Clock, Timer } from "../../../util/clock.js";

interface Waiter {
  at: number;
  resolve: () => void;
}

export interface WakeScheduler {
  /** Resolves once the clock reads at least `at`; rejects with the signal's reason when it aborts first. */
  waitUntil(at: number, signal?: AbortSignal): Promise<void>;
  /** Waiters not yet woken. */
  pending(): number;
}

export function createWakeScheduler(clock: Clock): WakeScheduler {
  // Invariant: sorted by at; the timer is armed for waiters[0] when there is one.
  const waiters: Waiter[] = [];
  let timer: Timer | undefined;
  let armedAt = Infinity;

  const arm = () => {
    const next = waiters[0]?.at ?? Infinity;
    if (next === armedAt) return;
    timer?.cancel();
    timer = undefined;
    armedAt = next;
    if (next !== Infinity) timer = clock.setTimeout(fire, Math.max(0, next - clock.now()));
  };
  const fire = () => {
    armedAt = Infinity;
    timer = undefined;
    const now = clock.now();
    const due: Waiter[] = [];
    while (waiters.length && waiters[0].at <= now) due.push(waiters.shift()!);
    arm();
    for (const w of due) w.resolve();
  };
  const insert = (w: Waiter) => {
    let lo = 0;
    let hi = waiters.length;
    while (lo < hi) {
      const mid = (lo + hi) >> 1;
      if (waiters[mid].at <= w.at) lo = mid + 1;
      else hi = mid;
    }
    waiters.splice(lo, 0, w);
  };

  return {
    waitUntil(at, signal) {
      if (signal?.aborted) return Promise.reject(signal.reason);
      if (at <= clock.now()) return Promise.resolve();
      return new Promise<void>((resolve, reject) => {
        const w: Waiter = {
          at,
          resolve: () => {
            signal?.removeEventListener("abort", onAbort);
            resolve();
          },
        };
        const onAbort = () => {
          const i = waiters.indexOf(w);
          if (i >= 0) waiters.splice(i, 1);
          arm();
          reject(signal!.reason);
        };
        signal?.addEventListener("abort", onAbort, { once: true });
        insert(w);
        arm();
      });
    },
    pending: () => waiters.length,
  };
}
