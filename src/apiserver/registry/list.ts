/**
 * LIST with label and field selectors, limit/continue paging at a fixed
 * revision, and resourceVersion/resourceVersionMatch semantics.
 */
import { badRequest, tooLargeResourceVersion, tooOldResourceVersion } from "../../api/errors.js";
import type { KubeObject } from "../../api/types.js";
import type { EncodedObject } from "../../storage/cacher/index.js";
import { isStorageError } from "../../storage/store.js";
import type { LabelSelector } from "../selection/labels.js";
import type { FieldSelector } from "../selection/fields.js";
import { continueExpired, decodeContinue, encodeContinue } from "./continue-token.js";
import type { ResourceRegistry } from "./registry.js";
import { objectFields } from "./selectable-fields.js";

export interface ListQuery {
  namespace?: string;
  labels: LabelSelector;
  fields: FieldSelector;
  limit?: number;
  continueToken?: string;
  resourceVersion?: string;
  resourceVersionMatch?: string;
}

export interface ListOutcome {
  items: KubeObject[];
  resourceVersion: string;
  continueToken?: string;
  remainingItemCount?: number;
  /** Each item's JSON, in items' order, when the items are the watch cache's own. */
  encoded?: readonly EncodedObject[];
}

/** A list's resourceVersion parameter as a revision; 400 when it is not one. */
export function requestedRevision(text: string): number {
  const rv = Number(text);
  if (!Number.isInteger(rv) || rv < 0) throw badRequest(`resourceVersion: Invalid value: "${text}": must be a valid resourceVersion`);
  return rv;
}

export async function listObjects(reg: ResourceRegistry, q: ListQuery): Promise<ListOutcome> {
  const store = reg.deps.store;
  const prefix = reg.listPrefix(q.namespace);
  let revision: number | undefined;
  let startAfter: string | undefined;
  if (q.continueToken) {
    if (q.resourceVersion && q.resourceVersion !== "0") throw badRequest("specifying resource version is not allowed when using continue");
    const tok = decodeContinue(q.continueToken);
    revision = tok.revision;
    startAfter = reg.prefix + tok.after;
  } else if (q.resourceVersion && q.resourceVersion !== "0") {
    const rv = requestedRevision(q.resourceVersion);
    const current = await store.currentRevision();
    if (q.resourceVersionMatch === "Exact") revision = rv;
    else if (rv > current) throw tooLargeResourceVersion(rv, current);
  } else if (q.resourceVersionMatch) {
    if (q.resourceVersionMatch !== "NotOlderThan" || !q.resourceVersion) throw badRequest(`resourceVersionMatch is forbidden unless resourceVersion is provided`);
  }
  const name = q.fields.exact("metadata.name");
  const filtering = !q.labels.empty || !q.fields.empty;
  const limit = q.limit && q.limit > 0 ? q.limit : 0;
  const items: KubeObject[] = [];
  let readAt = revision;
  let remaining: number | undefined;
  let lastKey: string | undefined;
  let more = false;
  try {
    // With a selector, keep paging through storage until `limit` matches are found.
    for (;;) {
      const page = await store.list(prefix, { limit: limit ? Math.max(limit - items.length, filtering ? 500 : 0) : 0, startAfter, revision: readAt });
      readAt = page.revision;
      let consumed = 0;
      for (const kv of page.items) {
        consumed++;
        lastKey = kv.key;
        if (name !== undefined && !kv.key.endsWith(`/${name}`)) continue;
        const obj = reg.decode(kv);
        if (filtering && !(q.labels.matches(obj.metadata.labels) && q.fields.matches(objectFields(reg.def, obj)))) continue;
        items.push(obj);
        if (limit && items.length >= limit) break;
      }
      const leftInPage = page.items.length - consumed;
      more = page.more || leftInPage > 0;
      if (!limit || items.length >= limit || !page.more) {
        if (more && !filtering) remaining = page.remaining + leftInPage;
        break;
      }
      startAfter = lastKey;
    }
  } catch (err) {
    if (isStorageError(err, "Compacted")) {
      if (q.continueToken) throw continueExpired();
      throw tooOldResourceVersion(revision ?? 0, await store.compactedRevision());
    }
    throw err;
  }
  const out: ListOutcome = { items: reg.def.conversion ? await reg.fromStorage(items) : items, resourceVersion: String(readAt ?? (await store.currentRevision())) };
  if (limit && more && lastKey !== undefined) {
    out.continueToken = encodeContinue(readAt!, lastKey.slice(reg.prefix.length));
    if (remaining !== undefined) out.remainingItemCount = remaining;
  }
  return out;
}
