/**
 * What admission plugins read, served as upstream's plugins read it: from
 * the watch caches (upstream's informers and listers), with upstream's
 * live lookups where the cache may simply not have caught up yet.
 *
 * - get: the cached object; a miss is looked up in storage (ServiceAccount,
 *   NamespaceLifecycle and PodSecurity do so upstream), so an object created
 *   a moment ago is never refused for the cache's lag.
 * - list: the cached objects of the namespace; when the cache has none, a
 *   storage list, kept for LIVE_TTL_MS (LimitRanger's and ResourceQuota's
 *   live-lookup cache upstream). A kept list is used only while the cache is
 *   older than it: once the cache reaches the list's revision, the cache
 *   is the newer answer (an object deleted since is not resurrected).
 * - getLive/listLive: storage itself, for a caller that must not act on a
 *   stale answer (a retry after a conflict, a namespace just deleted).
 *
 * Freshness: memory and SQLite deliver a commit to the caches before the
 * writer's caller resumes, so the caches are as new as any earlier request;
 * etcd's lag is the informers' lag upstream.
 */
import type { KubeObject } from "../../api/types.js";
import type { Cacher } from "../../storage/cacher/index.js";
import type { Clock } from "../../util/clock.js";
import type { ResourceRegistry } from "../registry/registry.js";
import type { AdmissionLookup } from "./types.js";

/** How long a live list stands in for an empty cache (upstream's liveTTL). */
export const LIVE_TTL_MS = 30_000;
/** Live lists kept at most (upstream's LRU holds 10000 namespaces). */
const MAX_LIVE_ENTRIES = 10_000;

export interface CachedLookupSources {
  /** The registry of a built-in resource, or undefined when this server does not serve it. */
  registry(group: string, resource: string): ResourceRegistry | undefined;
  /** The resource's watch cache. */
  cacher(reg: ResourceRegistry): Cacher<KubeObject>;
  clock: Clock;
}

export interface CachedAdmissionLookup extends AdmissionLookup {
  getLive(group: string, resource: string, namespace: string | undefined, name: string): Promise<KubeObject | undefined>;
  /** The stored objects with the revision they were read at. */
  listLive(group: string, resource: string, namespace: string | undefined): Promise<{ items: KubeObject[]; revision: number }>;
}

interface LiveEntry {
  items: KubeObject[];
  revision: number;
  expires: number;
}

export function createCachedLookup(src: CachedLookupSources): CachedAdmissionLookup {
  // Built-in registries never change: each is found once.
  const found = new Map<string, ResourceRegistry | undefined>();
  const reg = (group: string, resource: string) => {
    const key = `${group}/${resource}`;
    if (!found.has(key)) found.set(key, src.registry(group, resource));
    return found.get(key);
  };
  /** The registry's cache once it has listed; undefined when reads must go to storage. */
  const readyCache = async (r: ResourceRegistry) => {
    if (r.def.conversion) return undefined;
    const c = src.cacher(r);
    await c.ready;
    return c;
  };
  const live = new Map<string, LiveEntry>();

  const listLive = async (group: string, resource: string, namespace: string | undefined) => {
    const r = reg(group, resource);
    if (!r) return { items: [], revision: 0 };
    const listed = await r.deps.store.list(r.listPrefix(namespace));
    const items = listed.items.map((kv) => r.decode(kv));
    return { items: r.def.conversion ? await r.fromStorage(items) : items, revision: listed.revision };
  };
  const getLive = async (group: string, resource: string, namespace: string | undefined, name: string) => reg(group, resource)?.tryGet(namespace, name);

  return {
    getLive,
    listLive,
    async get(group, resource, namespace, name) {
      const r = reg(group, resource);
      if (!r) return undefined;
      const c = await readyCache(r);
      return c?.get(r.key(namespace, name))?.object ?? (await getLive(group, resource, namespace, name));
    },
    async list(group, resource, namespace) {
      const r = reg(group, resource);
      if (!r) return [];
      const c = await readyCache(r);
      if (!c) return (await listLive(group, resource, namespace)).items;
      const prefix = r.listPrefix(namespace);
      const cached = objectsUnder(c, prefix);
      if (cached.length) return cached;
      const key = `${group}/${resource}/${prefix}`;
      let entry = live.get(key);
      if (!entry || entry.expires <= src.clock.now()) {
        const listed = await listLive(group, resource, namespace);
        entry = { ...listed, expires: src.clock.now() + LIVE_TTL_MS };
        live.delete(key);
        live.set(key, entry);
        if (live.size > MAX_LIVE_ENTRIES) live.delete(live.keys().next().value!);
      }
      return c.revision() < entry.revision ? entry.items : objectsUnder(c, prefix);
    },
  };
}

/** The cached objects whose keys start with prefix. */
function objectsUnder(c: Cacher<KubeObject>, prefix: string): KubeObject[] {
  const out: KubeObject[] = [];
  for (const item of c.list().items) if (item.key.startsWith(prefix)) out.push(item.object);
  return out;
}
