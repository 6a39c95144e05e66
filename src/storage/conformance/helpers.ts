import assert from "node:assert/strict";
import type { StorageError, Store, StoreEvent, StorageErrorCode } from "../store.js";
import { isStorageError } from "../store.js";

/** What each conformance case gets: a fresh store and a key prefix no other case uses. */
export interface CaseContext {
  store: Store;
  /** Ends with "/"; every key a case writes starts with it. */
  prefix: string;
}

export interface ConformanceCase {
  name: string;
  run(ctx: CaseContext): Promise<void>;
}

/** A watch that records what it receives. */
export interface RecordedWatch {
  events: StoreEvent[];
  /** Resolves once at least n events have arrived; rejects after timeoutMs. */
  waitFor(n: number, timeoutMs?: number): Promise<StoreEvent[]>;
  /** Resolves with the watch's error; rejects after timeoutMs. */
  error(timeoutMs?: number): Promise<StorageError>;
  close(): void;
}

export function recordWatch(store: Store, prefix: string, fromRevision: number): RecordedWatch {
  const events: StoreEvent[] = [];
  let failure: StorageError | undefined;
  let wake = () => {};
  const changed = () => wake();
  const w = store.watch(prefix, fromRevision, {
    onEvents(batch) {
      events.push(...batch);
      changed();
    },
    onError(err) {
      failure = err;
      changed();
    },
  });
  const until = <T>(check: () => T | undefined, timeoutMs: number, what: string): Promise<T> =>
    new Promise((resolve, reject) => {
      const timer = setTimeout(() => reject(new Error(`timed out after ${timeoutMs}ms waiting for ${what}; have ${events.length} events${failure ? `, error ${failure.message}` : ""}`)), timeoutMs);
      const poll = () => {
        const v = check();
        if (v !== undefined) {
          clearTimeout(timer);
          wake = () => {};
          resolve(v);
        }
      };
      wake = poll;
      poll();
    });
  return {
    events,
    waitFor: (n, timeoutMs = 5000) => until(() => (events.length >= n ? events.slice() : undefined), timeoutMs, `${n} events`),
    error: (timeoutMs = 5000) => until(() => failure, timeoutMs, "a watch error"),
    close: () => w.close(),
  };
}

/** Asserts that fn rejects with a StorageError of this code. */
export async function rejectsWith(fn: () => Promise<unknown>, code: StorageErrorCode): Promise<void> {
  await assert.rejects(fn, (err: unknown) => {
    assert.ok(isStorageError(err, code), `expected StorageError ${code}, got ${String(err)}`);
    return true;
  });
}

/** Lets in-flight deliveries arrive, so a test can check that nothing more does. */
export function settle(ms = 200): Promise<void> {
  return new Promise((r) => setTimeout(r, ms));
}

/** The fields of an event a test compares (drops backend-specific extras). */
export function summary(ev: StoreEvent): string {
  return `${ev.type} ${ev.key}=${ev.value}${ev.prevValue !== undefined ? ` (was ${ev.prevValue})` : ""}`;
}
