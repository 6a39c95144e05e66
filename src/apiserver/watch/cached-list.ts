/**
 * LIST served from the watch cache, as upstream does for most lists: the
 * reflectors of every component relist through here, so a thousand kubelets
 * coming back at once read one node's pods each from an index instead of
 * scanning and decoding the whole store.
 *
 * Which lists the cache serves (upstream's rules, with its cache snapshots
 * for paging):
 * - resourceVersion="0": any recent state; limit is ignored, as upstream's
 *   cache ignores it;
 * - resourceVersion=N, not Exact, without limit: a state at least as new as N;
 * - resourceVersion unset: a consistent read, once the cache has caught up
 *   with the store's current revision; with limit, the first page of a
 *   snapshot of that state;
 * - a continue token whose revision the cache still holds a snapshot of.
 * Everything else (Exact, resourceVersion=N with limit, continue tokens
 * from older states) reads the store.
 */
import { badRequest, tooLargeResourceVersion } from "../../api/errors.js";
import type { KubeObject } from "../../api/types.js";
import { requestedRevision, type ListOutcome, type ListQuery } from "../registry/list.js";
import type { ResourceRegistry } from "../registry/registry.js";
import { isStorageError } from "../../storage/store.js";
import type { CachedObject, Cacher } from "../../storage/cacher/index.js";
import { decodeContinue, encodeContinue } from "../registry/continue-token.js";
import { cachedFields, type WatchService } from "./service.js";

/** How long a list waits for the cache to reach the revision it needs. */
const FRESHNESS_WAIT_MS = 3_000;

/** Whether the cache may answer this list at all. */
export function servedFromCache(q: ListQuery): boolean {
  if (q.resourceVersionMatch === "Exact") return false;
  if (q.continueToken || q.resourceVersion === "0") return true;
  return !pageLimit(q) || !q.resourceVersion;
}

function pageLimit(q: ListQuery): number {
  return q.limit && q.limit > 0 ? q.limit : 0;
}

/** The list from the cache; undefined when the cache cannot catch up in time (the caller reads the store). */
export async function listFromCache(watch: WatchService, reg: ResourceRegistry, q: ListQuery): Promise<ListOutcome | undefined> {
  const cacher = watch.cacherFor(reg);
  await cacher.ready;
  if (q.continueToken) return continueFromSnapshot(cacher, reg, q);
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
  if (pageLimit(q) && q.resourceVersion !== "0") {
    const snap = cacher.snapshot();
    const first = await page(reg, q, snap.items, snap.revision, undefined);
    if (first.continueToken) snap.keep();
    return first;
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

/** A later page of a paged list, from the snapshot its token's revision names; undefined when the cache no longer holds it. */
async function continueFromSnapshot(cacher: Cacher<KubeObject>, reg: ResourceRegistry, q: ListQuery): Promise<ListOutcome | undefined> {
  // Tokens the store would refuse are left to it, so the errors are its own.
  if (q.resourceVersion && q.resourceVersion !== "0") return undefined;
  let token;
  try {
    token = decodeContinue(q.continueToken!);
  } catch {
    return undefined;
  }
  const items = cacher.snapshotAt(token.revision);
  if (!items) return undefined;
  return page(reg, q, items, token.revision, reg.prefix + token.after);
}

/**
 * One page of a snapshot, as the store pages: up to limit matching objects
 * after the key `after`, a continue token naming the last key looked at
 * while any key under the prefix is left, and how many are left when
 * nothing is filtered.
 */
async function page(reg: ResourceRegistry, q: ListQuery, items: readonly CachedObject<KubeObject>[], revision: number, after: string | undefined): Promise<ListOutcome> {
  const prefix = reg.listPrefix(q.namespace);
  const limit = pageLimit(q);
  const filtering = !q.labels.empty || !q.fields.empty;
  const end = firstIndex(items, (key) => key >= prefix && !key.startsWith(prefix));
  const first = firstIndex(items, (key) => key >= prefix);
  let next = after === undefined ? first : Math.max(first, firstIndex(items, (key) => key > after));
  const picked: CachedObject<KubeObject>[] = [];
  while (next < end && picked.length < limit) {
    const c = items[next++]!;
    if (filtering && !(q.labels.matches(c.object.metadata.labels) && q.fields.matches(cachedFields(reg, c.object)))) continue;
    picked.push(c);
  }
  const objects = picked.map((c) => c.object);
  const out: ListOutcome = reg.def.conversion ? { items: await reg.fromStorage(objects), resourceVersion: String(revision) } : { items: objects, encoded: picked, resourceVersion: String(revision) };
  if (next < end) {
    out.continueToken = encodeContinue(revision, items[next - 1]!.key.slice(reg.prefix.length));
    if (!filtering) out.remainingItemCount = end - next;
  }
  return out;
}

/** The first index whose key satisfies past, for a predicate that is false and then true along the sorted keys. */
function firstIndex(items: readonly CachedObject<KubeObject>[], past: (key: string) => boolean): number {
  let lo = 0;
  let hi = items.length;
  while (lo < hi) {
    const mid = (lo + hi) >>> 1;
    if (past(items[mid]!.key)) hi = mid;
    else lo = mid + 1;
  }
  return lo;
}
