import { DELETE, StorageError, type KeyValue, type Preconditions } from "../store.js";

/**
 * The two primitives a backend provides so that guaranteedUpdate and
 * delete share one retry loop across backends.
 */
export interface CompareAndSwap {
  /** The key's live value, or undefined when absent. */
  read(key: string): Promise<KeyValue | undefined> | KeyValue | undefined;
  /**
   * Writes next (or deletes) iff the key's modRevision still equals
   * current?.modRevision (absent when current is undefined). Returns the
   * written KeyValue (for a delete: the last value with the deletion's
   * revision as modRevision), or undefined when the key changed meanwhile.
   */
  commit(key: string, current: KeyValue | undefined, next: string | typeof DELETE): Promise<KeyValue | undefined> | KeyValue | undefined;
}

export type TryUpdate = (current: KeyValue | undefined) => Promise<string | typeof DELETE> | string | typeof DELETE;

function checkPreconditions(key: string, current: KeyValue | undefined, pre: Preconditions | undefined): void {
  if (pre?.modRevision === undefined) return;
  const actual = current?.modRevision ?? 0;
  if (actual !== pre.modRevision) {
    throw new StorageError("Conflict", key, `Precondition failed: modRevision in precondition: ${pre.modRevision}, modRevision in object meta: ${actual}`);
  }
}

/**
 * Read-modify-write until the write lands on the value it was computed
 * from. An update that leaves the value unchanged writes nothing and
 * returns the current KeyValue, as upstream's GuaranteedUpdate does, so a
 * no-op update does not bump the resourceVersion.
 */
export async function guaranteedUpdate(
  cas: CompareAndSwap,
  key: string,
  tryUpdate: TryUpdate,
  opts: { preconditions?: Preconditions; allowCreate?: boolean } = {},
): Promise<{ kv: KeyValue; deleted: boolean }> {
  for (;;) {
    const current = await cas.read(key);
    if (!current && !opts.allowCreate) throw new StorageError("NotFound", key);
    checkPreconditions(key, current, opts.preconditions);
    const next = await tryUpdate(current);
    if (next === DELETE) {
      if (!current) throw new StorageError("NotFound", key);
    } else if (current && current.value === next) {
      return { kv: current, deleted: false };
    }
    const kv = await cas.commit(key, current, next);
    if (kv) return { kv, deleted: next === DELETE };
  }
}

/** Deletes key, retrying when it changes between read and write while the preconditions still hold. */
export async function deleteWithPreconditions(cas: CompareAndSwap, key: string, preconditions?: Preconditions): Promise<KeyValue> {
  for (;;) {
    const current = await cas.read(key);
    if (!current) throw new StorageError("NotFound", key);
    checkPreconditions(key, current, preconditions);
    const kv = await cas.commit(key, current, DELETE);
    if (kv) return kv;
  }
}

/** The error for a revision newer than the store has reached (upstream's "Too large resource version"). */
export function futureRevision(key: string, requested: number, current: number): StorageError {
  return new StorageError("TooLarge", key, `Too large resource version: ${requested}, current: ${current}`);
}

/** The error for a revision that compaction has removed. */
export function compactedError(key: string, requested: number, compacted: number): StorageError {
  return new StorageError("Compacted", key, `required revision ${requested} has been compacted (compacted revision ${compacted})`);
}
