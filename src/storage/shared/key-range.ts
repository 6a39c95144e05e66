/**
 * Key ranges for prefix scans. Keys compare as strings; Skiff keys are
 * ASCII paths, where string order and byte order (SQLite, etcd) agree.
 */

/** The first string greater than every string starting with prefix; undefined when there is none (empty prefix). */
export function prefixEnd(prefix: string): string | undefined {
  for (let i = prefix.length - 1; i >= 0; i--) {
    const c = prefix.charCodeAt(i);
    if (c < 0xffff) return prefix.slice(0, i) + String.fromCharCode(c + 1);
  }
  return undefined;
}

/** Where a prefix scan starts: at the prefix, or just after startAfter when that lies further on. */
export function scanStart(prefix: string, startAfter: string | undefined): { key: string; inclusive: boolean } {
  if (startAfter !== undefined && startAfter >= prefix) return { key: startAfter, inclusive: false };
  return { key: prefix, inclusive: true };
}

/** Index of the first element of sorted keys that is >= key (or > key when exclusive). */
export function lowerBound(keys: readonly string[], key: string, exclusive = false): number {
  let lo = 0;
  let hi = keys.length;
  while (lo < hi) {
    const mid = (lo + hi) >>> 1;
    const k = keys[mid]!;
    if (k < key || (exclusive && k === key)) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}
