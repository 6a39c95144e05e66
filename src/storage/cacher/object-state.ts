import { IndexedStore } from "../../util/indexed-store.js";
import type { CachedObject, EncodedObject } from "./types.js";

/**
 * A CachedObject whose JSON and its byte length are computed on first use
 * and kept until released (see releaseJson).
 */
class CachedEntry<T> implements CachedObject<T> {
  private text: string | undefined;
  private bytes = -1;

  constructor(
    readonly key: string,
    readonly object: T,
    readonly revision: number,
    /** The stored text and how to make the JSON from it (kept only until json() or release). */
    private stored?: string,
    private readonly fromStored?: (kv: { value: string; modRevision: number }) => string | undefined,
  ) {}

  json(): string {
    if (this.text === undefined) {
      const stored = this.stored;
      this.stored = undefined;
      this.text = (stored !== undefined ? this.fromStored?.({ value: stored, modRevision: this.revision }) : undefined) ?? JSON.stringify(this.object);
    }
    return this.text;
  }

  jsonByteLength(): number {
    if (this.bytes < 0) this.bytes = Buffer.byteLength(this.json());
    return this.bytes;
  }

  release(): void {
    this.text = undefined;
    this.stored = undefined;
  }
}

/** stored and fromStored: the stored text and how to make the object's JSON from it (see CacherOptions.wireJson). */
export function cachedObject<T>(key: string, object: T, revision: number, stored?: string, fromStored?: (kv: { value: string; modRevision: number }) => string | undefined): CachedObject<T> {
  return new CachedEntry(key, object, revision, fromStored ? stored : undefined, fromStored);
}

/**
 * Forgets an entry's JSON (json() encodes it again when asked). The cache
 * calls this when the entry's event leaves the event window: every watcher
 * that was sent the event has had its JSON, and keeping the text of every
 * current object beside its decoded form would double what the cache holds
 * for objects nobody lists. An entry encoded again for a list keeps its
 * JSON, as lists of a resource tend to repeat.
 */
export function releaseJson(o: EncodedObject): void {
  if (o instanceof CachedEntry) o.release();
}

/**
 * The current object of every key, indexed by each trigger function's value
 * (so a list by spec.nodeName reads one node's pods). Key order is computed
 * lazily and kept until a key is added or removed (modifications keep the
 * order).
 */
export class ObjectState<T> {
  private readonly items = new IndexedStore<CachedObject<T>>();
  private sortedKeys: string[] | undefined;

  constructor(triggers: Record<string, (obj: T) => string> = {}) {
    for (const [name, fn] of Object.entries(triggers)) this.items.addIndexer(name, (c) => [fn(c.object)]);
  }

  get(key: string): CachedObject<T> | undefined {
    return this.items.get(key);
  }

  set(obj: CachedObject<T>): void {
    if (this.items.set(obj.key, obj) === undefined) this.sortedKeys = undefined;
  }

  delete(key: string): void {
    if (this.items.delete(key) !== undefined) this.sortedKeys = undefined;
  }

  clear(): void {
    this.items.clear();
    this.sortedKeys = undefined;
  }

  /** Every object, in key order; with a trigger (one passed at construction), only those whose value under it is the one given. */
  list(trigger?: { name: string; value: string }): CachedObject<T>[] {
    if (trigger) return [...this.items.indexKeys(trigger.name, trigger.value)].sort().map((k) => this.items.get(k)!);
    this.sortedKeys ??= this.items.keys().sort();
    return this.sortedKeys.map((k) => this.items.get(k)!);
  }

  get size(): number {
    return this.items.size;
  }
}
