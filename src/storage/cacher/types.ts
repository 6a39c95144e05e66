import type { Clock } from "../../util/clock.js";
import type { StorageError, Store } from "../store.js";

/** An object's JSON, serialised on first use and then reused by every list and watch that sends it. */
export interface EncodedObject {
  json(): string;
  /** The UTF-8 length of json(), so a list body is sized and filled without measuring it again. */
  jsonByteLength(): number;
}

/** One object as the cache holds it. Never mutated; shared by every reader. */
export interface CachedObject<T> extends EncodedObject {
  readonly key: string;
  /** Decoded once and deep-frozen. */
  readonly object: T;
  /** The object's modRevision (its resourceVersion). */
  readonly revision: number;
}

/**
 * One change, shared by every watcher: object is decoded once per event,
 * and encoded serialises it once for all of them.
 */
export interface CacheEvent<T> {
  readonly type: "ADDED" | "MODIFIED" | "DELETED";
  /** For DELETED, the last state, decoded with the deletion's revision. */
  readonly object: T;
  /** The cached state before this event, when there was one. */
  readonly prevObject?: T;
  readonly revision: number;
  readonly key: string;
  /** The object's JSON: for ADDED and MODIFIED the cached state's own, so a later list reuses it. */
  readonly encoded: EncodedObject;
}

/**
 * Receives a watcher's events in order. Returning a promise holds back the
 * next event until it settles (backpressure); events queue meanwhile.
 */
export type CacheSink<T> = (ev: CacheEvent<T>) => void | Promise<void>;

export interface CacheWatchOptions {
  /**
   * Deliver live events only when the object's (or its previous state's)
   * value under this trigger equals value, as upstream's indexed triggers:
   * a thousand per-node pod watches then cost one lookup per event, not a
   * thousand. The caller still filters; this only narrows who is asked.
   */
  trigger?: { name: string; value: string };
  /** Start with a synthetic ADDED for every current object (also implied by fromRevision 0). */
  initialEvents: boolean;
  /** Called in stream order after the last initial event, with the snapshot's revision (for the initial-events-end bookmark). */
  onInitialEventsEnd?(revision: number): void;
  /**
   * The watch ended abnormally: its consumer fell too far behind, the sink
   * threw, or the cache had to re-list. No events follow; the client should
   * watch again from its last revision.
   */
  onError?(err: StorageError): void;
}

export interface CacheWatch {
  /** Stops delivery. Idempotent. */
  close(): void;
  /**
   * Calls deliver, in stream order after every event already offered to
   * this watcher, with the revision the cache has reached now: what a
   * bookmark may claim without skipping anything still queued.
   */
  progress(deliver: (revision: number) => void): void;
}

export interface CacherOptions<T> {
  store: Store;
  /** Keys under this prefix are cached, e.g. "/registry/pods/". */
  prefix: string;
  /**
   * Turns a stored value into an object; modRevision is the revision to
   * stamp as its resourceVersion. previous is the cached state of the key
   * the value replaces, if any, so that decode may reuse its unchanged parts.
   */
  decode: (kv: { key: string; value: string; modRevision: number }, previous: T | undefined) => T;
  /**
   * The JSON of decode(kv) made from the stored text without encoding the
   * object again, when the value allows it (undefined: the object is
   * encoded). Used for events, whose JSON every plain watcher sends.
   */
  wireJson?: (kv: { value: string; modRevision: number }) => string | undefined;
  clock: Clock;
  /** How many recent events are kept for resuming watches. Default 1024. */
  capacity?: number;
  /** Undelivered live events after which a watcher is dropped. Default capacity. */
  maxBacklog?: number;
  /** Named index functions for watch triggers (e.g. "spec.nodeName" of pods). */
  triggers?: Record<string, (obj: T) => string>;
  /** How many list snapshots are kept for continue tokens. Default 16. */
  snapshots?: number;
  /** Wait before re-listing after the store watch fails. Default 1000 ms. */
  relistDelayMs?: number;
}

/**
 * A watch cache over one prefix: a current-state snapshot plus a window of
 * recent events, kept by one store watch and fanned out to many watchers.
 */
export interface Cacher<T> {
  /** Resolves after the initial list and the start of the store watch. */
  readonly ready: Promise<void>;
  /** The latest revision the cache has caught up with. */
  revision(): number;
  /** Whether the store can be asked to confirm progress (so waitForRevision need not wait for the next event). */
  canRequestProgress(): boolean;
  /** Resolves once revision() >= rev; fails with StorageError "TooLarge" after timeoutMs. */
  waitForRevision(rev: number, timeoutMs: number): Promise<void>;
  /**
   * The current objects in key order, with the revision they reflect; with
   * a trigger (one of the configured ones), only the objects whose value
   * under it is the one given, read from an index.
   */
  list(trigger?: { name: string; value: string }): { items: CachedObject<T>[]; revision: number };
  /**
   * The current objects in key order at revision(); keep() holds on to
   * them so that the later pages of a paged list read this same state
   * (snapshotAt), as upstream's cache snapshots serve continue tokens. The
   * last few kept are held.
   */
  snapshot(): { items: readonly CachedObject<T>[]; revision: number; keep(): void };
  /** The objects of the snapshot taken at exactly this revision, while it is kept. */
  snapshotAt(revision: number): readonly CachedObject<T>[] | undefined;
  /** The current object of a key. */
  get(key: string): CachedObject<T> | undefined;
  /**
   * Events after fromRevision (or initial events, see options). Throws
   * StorageError "Compacted" when fromRevision is older than the oldest
   * event kept (410 "too old resource version").
   */
  watch(fromRevision: number, opts: CacheWatchOptions, sink: CacheSink<T>): CacheWatch;
  close(): void;
}
