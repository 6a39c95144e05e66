/**
 * LIST served from the watch cache, as upstream does for most lists: the
 * reflectors of every component relist through here, so a thousand kubelets
 * coming back at once read one node's pods each from an index instead of
 * scanning and decoding the whole store.
 *
 * Which lists the cache serves (upstream's rules, without cache snapshots
 * for paging):
 * - resourceVersion="0": any recent state; limit is ignored, as upstream's
 *   cache ignores it;
 * - resourceVersion=N, not Exact, without limit: a state at least as new as N;
 * - resourceVersion unset, without limit: a consistent read, once the cache
 *   has caught up with the store's current revision.
 * Everything else (continue tokens, Exact, paging from the newest state)
 * reads the store.
 */
import { badRequest, tooLargeResourceVersion } from "../../api/errors.js";
import type { KubeObject } from "../../api/types.js";
import { requestedRevision, type ListOutcome, type ListQuery } from "../registry/list.js";
import type { ResourceRegistry } from "../registry/registry.js";
import { isStorageError } from "../../storage/store.js";
import type { CachedObject } from "../../storage/cacher/index.js";
import { cachedFields, type WatchService } from "./service.js";

/** How long a list waits for the cache to reach the revision it needs. */
const FRESHNESS_WAIT_MS = 3_000;

/** Whether the cache may answer this list at all. */
export function servedFromCache(q: ListQuery): boolean {
  if (q.continueToken || q.resourceVersionMatch === "Exact") return false;
  if (q.resourceVersion === "0") return true;
  return !q.limit;
}

/** The list from the cache; undefined when the cache cannot catch up in time (the caller reads the store). */
export async function listFromCache(watch: WatchService, reg: ResourceRegistry, q: ListQuery): Promise<ListOutcome | undefined> {
  const cacher = watch.cacherFor(reg);
  await cacher.ready;
  const store = reg.deps.store;
  if (q.resourceVersion !== "0") {
    let needed: number;
    if (q.resourceVersion) {
      needed = requestedRevision(q.resourceVersion);
      const current = await store.currentRevision();
      if (needed > current) throw tooLargeResourceVersion(needed, current);
    } else {
      if (q.resourceVersionMatch) throw badRequest(`resourceVersionMatch is forbidden unless resourceVersion is provided`);
      needed = await store.currentRevision();
      // A store that cannot confirm progress might leave a quiet prefix's cache waiting: read the store instead.
      if (cacher.revision() < needed && !cacher.canRequestProgress()) return undefined;
    }
    try {
      await cacher.waitForRevision(needed, FRESHNESS_WAIT_MS);
    } catch (err) {
      if (isStorageError(err, "TooLarge")) return undefined;
      throw err;
    }
  }
  const prefix = reg.listPrefix(q.namespace);
  const name = q.fields.exact("metadata.name");
  const triggerField = reg.def.watchTriggerField;
  const triggerValue = triggerField ? q.fields.exact(triggerField) : undefined;
  const filtering = !q.labels.empty || !q.fields.empty;
  let candidates;
  let revision: number;
  if (name !== undefined && (q.namespace || !reg.def.namespaced)) {
    const one = cacher.get(prefix + name);
    candidates = one ? [one] : [];
    revision = cacher.revision();
  } else {
    const listed = cacher.list(triggerField && triggerValue !== undefined ? { name: triggerField, value: triggerValue } : undefined);
    candidates = listed.items;
    revision = listed.revision;
  }
  const items: KubeObject[] = [];
  const encoded: CachedObject<KubeObject>[] = [];
  for (const c of candidates) {
    if (!c.key.startsWith(prefix)) continue;
    const obj = c.object;
    if (filtering && !(q.labels.matches(obj.metadata.labels) && q.fields.matches(cachedFields(reg, obj)))) continue;
    items.push(obj);
    encoded.push(c);
  }
  // Converted objects differ from the cached ones: their JSON is not the cache's.
  if (reg.def.conversion) return { items: await reg.fromStorage(items), resourceVersion: String(revision) };
  return { items, encoded, resourceVersion: String(revision) };
}
