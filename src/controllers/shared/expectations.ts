/**
 * Controller expectations (upstream's UIDTrackingControllerExpectations):
 * a controller that has just asked for N creations or deleted a set of pods
 * waits until its informer has seen them before it counts again, so it
 * never acts twice on the same gap. Expectations older than five minutes
 * count as satisfied, so a lost watch event cannot wedge a controller.
 */
import type { Clock } from "../../util/clock.js";

/** Upstream's ExpectationsTimeout. */
export const EXPECTATIONS_TIMEOUT_MS = 5 * 60_000;

interface Expectation {
  add: number;
  /** UIDs whose deletion has been requested and not yet observed. */
  deleting: Set<string>;
  setAt: number;
}

export interface Expectations {
  /** Expects `count` creations for key (replacing what was expected). */
  expectCreations(key: string, count: number): void;
  /** Expects the deletion of these pod UIDs for key (replacing what was expected). */
  expectDeletions(key: string, uids: string[]): void;
  /** One creation has been seen by the informer, or will never happen (the create failed). */
  creationObserved(key: string): void;
  /** The deletion of uid has been seen, or will never happen. */
  deletionObserved(key: string, uid: string): void;
  /** True when nothing is in flight for key (or the expectation expired). */
  satisfied(key: string): boolean;
  /** Forgets key (its owner is gone). */
  delete(key: string): void;
}

export function createExpectations(clock: Clock, timeoutMs = EXPECTATIONS_TIMEOUT_MS): Expectations {
  const items = new Map<string, Expectation>();
  const entry = (key: string): Expectation | undefined => items.get(key);
  return {
    expectCreations(key, count) {
      items.set(key, { add: count, deleting: new Set(), setAt: clock.now() });
    },
    expectDeletions(key, uids) {
      items.set(key, { add: 0, deleting: new Set(uids), setAt: clock.now() });
    },
    creationObserved(key) {
      const e = entry(key);
      if (e && e.add > 0) e.add--;
    },
    deletionObserved(key, uid) {
      entry(key)?.deleting.delete(uid);
    },
    satisfied(key) {
      const e = entry(key);
      if (!e) return true;
      if (e.add <= 0 && e.deleting.size === 0) return true;
      return clock.now() - e.setAt > timeoutMs;
    },
    delete(key) {
      items.delete(key);
    },
  };
}
