/**
 * The slice of the Reflect metadata API that @peculiar/x509's dependency
 * injection (tsyringe) checks for when it loads. Skiff uses no decorators;
 * the classes tsyringe registers there take no constructor arguments, so a
 * WeakMap-backed store is all that is ever consulted. Installed only when
 * no full implementation (the reflect-metadata package) is present.
 */
type MetadataTarget = object;
type Store = WeakMap<MetadataTarget, Map<string | symbol | undefined, Map<unknown, unknown>>>;

const store: Store = new WeakMap();

function table(target: MetadataTarget, property: string | symbol | undefined, create: boolean): Map<unknown, unknown> | undefined {
  let byProperty = store.get(target);
  if (!byProperty) {
    if (!create) return undefined;
    byProperty = new Map();
    store.set(target, byProperty);
  }
  let entries = byProperty.get(property);
  if (!entries && create) {
    entries = new Map();
    byProperty.set(property, entries);
  }
  return entries;
}

function getOwnMetadata(key: unknown, target: MetadataTarget, property?: string | symbol): unknown {
  return table(target, property, false)?.get(key);
}

function getMetadata(key: unknown, target: MetadataTarget, property?: string | symbol): unknown {
  // Walks the prototype chain, as the full API does.
  for (let t: MetadataTarget | null = target; t; t = Object.getPrototypeOf(t) as MetadataTarget | null) {
    const entries = table(t, property, false);
    if (entries?.has(key)) return entries.get(key);
  }
  return undefined;
}

function defineMetadata(key: unknown, value: unknown, target: MetadataTarget, property?: string | symbol): void {
  table(target, property, true)!.set(key, value);
}

const reflect = Reflect as unknown as Record<string, unknown>;
if (typeof reflect.getMetadata !== "function") {
  Object.assign(reflect, { getMetadata, getOwnMetadata, defineMetadata });
}

export {};
