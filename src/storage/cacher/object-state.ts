import type { CachedObject } from "./types.js";

/** Builds a CachedObject whose json() is computed once, on first use. */
export function cachedObject<T>(key: string, object: T, revision: number): CachedObject<T> {
  let json: string | undefined;
  return Object.freeze({ key, object, revision, json: () => (json ??= JSON.stringify(object)) });
}

/**
 * The current object of every key. Key order is computed lazily and kept
 * until a key is added or removed (modifications keep the order).
 */
export class ObjectState<T> {
  private readonly items = new Map<string, CachedObject<T>>();
  private sortedKeys: string[] | undefined;

  get(key: string): CachedObject<T> | undefined {
    return this.items.get(key);
  }

  set(obj: CachedObject<T>): void {
    if (!this.items.has(obj.key)) this.sortedKeys = undefined;
    this.items.set(obj.key, obj);
  }

  delete(key: string): void {
    if (this.items.delete(key)) this.sortedKeys = undefined;
  }

  clear(): void {
    this.items.clear();
    this.sortedKeys = undefined;
  }

  /** Every object, in key order. */
  list(): CachedObject<T>[] {
    this.sortedKeys ??= [...this.items.keys()].sort();
    return this.sortedKeys.map((k) => this.items.get(k)!);
  }

  get size(): number {
    return this.items.size;
  }
}
