/**
 * The Store contract: a key-value store with one global, monotonically
 * increasing revision, in the shape of etcd's v3 API. Every object's
 * resourceVersion is the revision of its last write.
 *
 * Keys look like `/registry/<resource>/<namespace>/<name>`. Values are
 * opaque strings (JSON encoded objects); the store never parses them.
 *
 * Example:
 *   const kv = await store.create("/registry/configmaps/default/a", "{...}");
 *   await store.guaranteedUpdate(kv.key, (cur) => JSON.stringify({...}));
 *   const w = store.watch("/registry/configmaps/", kv.modRevision, (evs) => ...);
 *   w.close();
 */
export interface KeyValue {
  key: string;
  value: string;
  /** Revision of the write that created this key (in its current life). */
  createRevision: number;
  /** Revision of the last write to this key; the object's resourceVersion. */
  modRevision: number;
  /**
   * Set by encryption at rest when the value was read with an old key or
   * provider: an update must write it again even if nothing changed.
   */
  stale?: boolean;
}

export interface ListOptions {
  /** At most this many items; 0 or undefined means all. */
  limit?: number;
  /** Start strictly after this key (decoded from a continue token by the caller). */
  startAfter?: string;
  /**
   * Read the state as of this revision. undefined or 0 means the latest.
   * A revision older than the compacted one fails with StorageError "Compacted".
   */
  revision?: number;
}

export interface ListResult {
  items: KeyValue[];
  /** The revision the list was read at. */
  revision: number;
  /** True when limit cut the list short. */
  more: boolean;
  /** How many matching keys follow the last returned one (when more is true). */
  remaining: number;
}

export type WatchEventType = "put" | "delete";

export interface StoreEvent {
  type: WatchEventType;
  key: string;
  /** The new value for put; for delete, the value just before deletion. */
  value: string;
  /** The value before this event, when there was one. */
  prevValue?: string;
  /** Revision of this event. For delete, the revision of the deletion. */
  modRevision: number;
  createRevision: number;
  /** The revision the previous value was written at, when there was one. */
  prevModRevision?: number;
}

export interface Watch {
  /** Stops delivery. Idempotent. */
  close(): void;
  /**
   * Asks for an onProgress call once every event up to the store's current
   * revision has been delivered. Optional: a backend without it reports
   * progress only when it chooses to (etcd's periodic progress notifications).
   */
  requestProgress?(): void;
}

export interface WatchHandlers {
  /** Events in revision order; a batch never splits one revision. */
  onEvents(events: StoreEvent[]): void;
  /** The watch ended abnormally (compaction, backend lost). No more events follow. */
  onError(err: StorageError): void;
  /**
   * Optional: every event for this watch with revision <= revision has been
   * delivered, even if none matched the prefix (a bookmark). Lets a watch
   * cache know it is fresh without a write under its own prefix.
   */
  onProgress?(revision: number): void;
}

/** Returned by a tryUpdate function to delete instead of writing. */
export const DELETE = Symbol("delete");

export interface Preconditions {
  /** The key's current modRevision must equal this. */
  modRevision?: number;
}

export interface Store {
  get(key: string): Promise<KeyValue | undefined>;
  /** Keys with this prefix, in key order. */
  list(prefix: string, opts?: ListOptions): Promise<ListResult>;
  /** Number of keys with this prefix at the latest revision. */
  count(prefix: string): Promise<number>;
  /** Fails with StorageError "KeyExists" when the key exists. */
  create(key: string, value: string): Promise<KeyValue>;
  /**
   * Read-modify-write with retry on concurrent change: tryUpdate gets the
   * current value (undefined when absent) and returns the new value, DELETE,
   * or throws to abort. Preconditions are checked against each attempt's
   * current value ("Conflict"). Fails "NotFound" when the key is absent and
   * tryUpdate does not create it (returning a value for an absent key
   * creates it only when allowCreate is set).
   */
  guaranteedUpdate(
    key: string,
    tryUpdate: (current: KeyValue | undefined) => Promise<string | typeof DELETE> | string | typeof DELETE,
    opts?: { preconditions?: Preconditions; allowCreate?: boolean },
  ): Promise<{ kv: KeyValue; deleted: boolean }>;
  /** Deletes the key; returns its last value with the deletion's revision as modRevision. */
  delete(key: string, preconditions?: Preconditions): Promise<KeyValue>;
  /**
   * Events for keys under prefix with revision > fromRevision. fromRevision
   * older than the compacted revision fails at once with "Compacted".
   */
  watch(prefix: string, fromRevision: number, handlers: WatchHandlers): Watch;
  /** Forgets history at or before revision (latest values are kept). */
  compact(revision: number): Promise<void>;
  /** The latest revision. */
  currentRevision(): Promise<number>;
  /** The newest revision that has been compacted away (0 if none). */
  compactedRevision(): Promise<number>;
  close(): Promise<void>;
}

export type StorageErrorCode = "KeyExists" | "NotFound" | "Conflict" | "Compacted" | "Unavailable" | "TooLarge";

export class StorageError extends Error {
  constructor(
    readonly code: StorageErrorCode,
    readonly key: string,
    message?: string,
  ) {
    super(message ?? `${code}: ${key}`);
    this.name = "StorageError";
  }
}

export function isStorageError(err: unknown, code?: StorageErrorCode): err is StorageError {
  return err instanceof StorageError && (code === undefined || err.code === code);
}
