import type { CachedObject } from "./types.js";

/** Builds a CachedObject whose json() is computed once, on first use. */
export function cachedObject<T>(key: string, object: T, revision: number): CachedObject<T> {
  let json: string | undefined;
  return Object.freeze({ key, object, revision, json: () => (json ??= JSON.stringify(object)) });
}

/**
 * The current object of every key, and for each trigger function the keys
 * by their value (so a list by spec.nodeName reads one node's pods). Key
 * order is computed lazily and kept until a key is added or removed
 * (modifications keep the order).
 */
export class ObjectState<T> {
  private readonly items = new Map<string, CachedObject<T>>();
  private sortedKeys: string[] | undefined;
  private readonly triggers: [string, (obj: T) => string][];
  /** Trigger name -> value -> keys. */
  private readonly byTrigger = new Map<string, Map<string, Set<string>>>();

  constructor(triggers: Record<string, (obj: T) => string> = {}) {
    this.triggers = Object.entries(triggers);
    for (const [name] of this.triggers) this.byTrigger.set(name, new Map());
  }

  get(key: string): CachedObject<T> | undefined {
    return this.items.get(key);
  }

  set(obj: CachedObject<T>): void {
    const old = this.items.get(obj.key);
    if (!old) this.sortedKeys = undefined;
    this.items.set(obj.key, obj);
    for (const [name, fn] of this.triggers) {
      const before = old ? fn(old.object) : undefined;
      const now = fn(obj.object);
      if (before === now) continue;
      const index = this.byTrigger.get(name)!;
      if (before !== undefined) removeKey(index, before, obj.key);
      let keys = index.get(now);
      if (!keys) index.set(now, (keys = new Set()));
      keys.add(obj.key);
    }
  }

  delete(key: string): void {
    const old = this.items.get(key);
    if (!old) return;
    this.items.delete(key);
    this.sortedKeys = undefined;
    for (const [name, fn] of this.triggers) removeKey(this.byTrigger.get(name)!, fn(old.object), key);
  }

  clear(): void {
    this.items.clear();
    this.sortedKeys = undefined;
    for (const index of this.byTrigger.values()) index.clear();
  }

  /** Every object, in key order; with a trigger, only those whose value under it is the one given. */
  list(trigger?: { name: string; value: string }): CachedObject<T>[] {
    const index = trigger && this.byTrigger.get(trigger.name);
    if (index) return [...(index.get(trigger.value) ?? [])].sort().map((k) => this.items.get(k)!);
    this.sortedKeys ??= [...this.items.keys()].sort();
    return this.sortedKeys.map((k) => this.items.get(k)!);
  }

  get size(): number {
    return this.items.size;
  }
}

function removeKey(index: Map<string, Set<string>>, value: string, key: string): void {
  const keys = index.get(value);
  if (!keys) return;
  keys.delete(key);
  if (keys.size === 0) index.delete(value);
}
