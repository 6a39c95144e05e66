/**
 * The delay before a Job replaces failed pods: 10s doubling with each
 * failure since the last success, capped at 6 minutes (the Job back-off
 * policy documented upstream).
 */
export const JOB_BACKOFF_BASE_MS = 10_000;
export const JOB_BACKOFF_MAX_MS = 6 * 60_000;

/** What a Job's back-off depends on; kept per Job by the controller. */
export interface BackoffRecord {
  failuresAfterLastSuccess: number;
  lastFailureTime?: number;
}

/** Milliseconds left before new pods may be created; 0 when none. */
export function remainingBackoff(rec: BackoffRecord | undefined, now: number): number {
  if (!rec || rec.failuresAfterLastSuccess === 0 || rec.lastFailureTime === undefined) return 0;
  const delay = Math.min(JOB_BACKOFF_BASE_MS * 2 ** (rec.failuresAfterLastSuccess - 1), JOB_BACKOFF_MAX_MS);
  return Math.max(0, rec.lastFailureTime + delay - now);
}

/** The record after newly counted successes and failures: a success resets the streak. */
export function nextBackoff(rec: BackoffRecord | undefined, newSucceeded: number, newFailed: number, now: number): BackoffRecord {
  let r: BackoffRecord = rec ?? { failuresAfterLastSuccess: 0 };
  if (newSucceeded > 0) r = { failuresAfterLastSuccess: 0 };
  if (newFailed > 0) r = { failuresAfterLastSuccess: r.failuresAfterLastSuccess + newFailed, lastFailureTime: now };
  return r;
}
