/**
 * apiserver_storage_objects' source: the number of stored objects of each
 * resource, counted by the store under the resource's key prefix (a count,
 * not a LIST). Versions of one resource, and resources sharing storage,
 * are counted once.
 */
import type { StoredObjectCount } from "./apiserver.js";

export interface CountableResource {
  def: { group: string; plural: string; virtual?: unknown; computed?: unknown; sharedStorage?: { group: string; resource: string }; createAsSubresource?: unknown };
  /** The store key prefix of every object of the resource. */
  prefix: string;
}

export async function countStoredObjects(resources: Iterable<CountableResource>, store: { count(prefix: string): Promise<number> }): Promise<StoredObjectCount[]> {
  const byName = new Map<string, string>();
  for (const r of resources) {
    // Computed resources and creates of another's subresource store nothing; a resource stored as another's is counted under that one
    // (the versions of a custom resource share storage under their own name).
    const elsewhere = r.def.sharedStorage && (r.def.sharedStorage.group !== r.def.group || r.def.sharedStorage.resource !== r.def.plural);
    if (r.def.virtual || r.def.computed || elsewhere || r.def.createAsSubresource) continue;
    const name = r.def.group ? `${r.def.plural}.${r.def.group}` : r.def.plural;
    if (!byName.has(name)) byName.set(name, r.prefix);
  }
  const counted = new Map<string, Promise<number>>();
  const out: StoredObjectCount[] = [];
  for (const [resource, prefix] of byName) {
    let n = counted.get(prefix);
    if (!n) counted.set(prefix, (n = store.count(prefix)));
    out.push({ resource, count: await n });
  }
  return out;
}
