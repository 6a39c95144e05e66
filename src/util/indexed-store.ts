/**
 * A keyed cache with named indexes (client-go's ThreadSafeStore; JavaScript
 * is single-threaded, so every operation keeps the indexes consistent with
 * the items before it returns). Informers keep objects in it, the watch
 * cache its cached objects.
 *
 * Invariant: for every index name n and value v, indices[n][v] is exactly
 * the set of keys k whose item's n-function yields v.
 */

/** The values under which an item is indexed. */
export type IndexValues<T> = (item: T) => string[];

export class IndexedStore<T> {
  private readonly items = new Map<string, T>();
  private readonly indexers = new Map<string, IndexValues<T>>();
  private readonly indices = new Map<string, Map<string, Set<string>>>();

  /** Adds an index; existing items are indexed at once. Refuses a duplicate name. */
  addIndexer(name: string, fn: IndexValues<T>): void {
    if (this.indexers.has(name)) throw new Error(`indexer conflict: ${name}`);
    this.indexers.set(name, fn);
    const index = new Map<string, Set<string>>();
    this.indices.set(name, index);
    for (const [key, obj] of this.items) addToIndex(index, fn(obj), key);
  }

  /** Stores obj under key; returns the object it replaced. */
  set(key: string, obj: T): T | undefined {
    const old = this.items.get(key);
    this.items.set(key, obj);
    this.reindex(key, old, obj);
    return old;
  }

  /** Removes key; returns the object removed. */
  delete(key: string): T | undefined {
    const old = this.items.get(key);
    if (old === undefined) return undefined;
    this.items.delete(key);
    this.reindex(key, old, undefined);
    return old;
  }

  /** Removes every item; indexes stay defined. */
  clear(): void {
    this.items.clear();
    for (const index of this.indices.values()) index.clear();
  }

  get(key: string): T | undefined {
    return this.items.get(key);
  }

  has(key: string): boolean {
    return this.items.has(key);
  }

  keys(): string[] {
    return [...this.items.keys()];
  }

  list(): T[] {
    return [...this.items.values()];
  }

  get size(): number {
    return this.items.size;
  }

  /** Keys whose index value under name equals value. Throws for an unknown index. */
  indexKeys(name: string, value: string): ReadonlySet<string> {
    const index = this.indices.get(name);
    if (!index) throw new Error(`index with name ${name} does not exist`);
    return index.get(value) ?? EMPTY;
  }

  byIndex(name: string, value: string): T[] {
    const out: T[] = [];
    for (const k of this.indexKeys(name, value)) out.push(this.items.get(k)!);
    return out;
  }

  private reindex(key: string, old: T | undefined, obj: T | undefined): void {
    for (const [name, fn] of this.indexers) {
      const index = this.indices.get(name)!;
      const before = old ? fn(old) : [];
      const after = obj ? fn(obj) : [];
      // The common case: an update that leaves the index value alone.
      if (before.length === 1 && after.length === 1 && before[0] === after[0]) continue;
      removeFromIndex(index, before, key);
      addToIndex(index, after, key);
    }
  }
}

const EMPTY: ReadonlySet<string> = new Set();

function addToIndex(index: Map<string, Set<string>>, values: string[], key: string): void {
  for (const v of values) {
    let set = index.get(v);
    if (!set) index.set(v, (set = new Set()));
    set.add(key);
  }
}

function removeFromIndex(index: Map<string, Set<string>>, values: string[], key: string): void {
  for (const v of values) {
    const set = index.get(v);
    if (!set) continue;
    set.delete(key);
    if (set.size === 0) index.delete(v);
  }
}
