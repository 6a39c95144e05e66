/**
 * Read-modify-write of an object's metadata list fields (ownerReferences,
 * finalizers) as a JSON merge patch guarded by resourceVersion, so it works
 * for every resource (custom ones have no strategic merge) and never
 * overwrites a concurrent change.
 */
import type { OwnerReference } from "kubernetes-types/meta/v1.js";
import { isApiError } from "../../api/errors.js";
import type { Client, GVR, KubeObject } from "../../client/types.js";

type MetadataEdit = (obj: KubeObject) => { ownerReferences?: OwnerReference[]; finalizers?: string[] } | undefined;

/** Applies edit to the live object with uid; a missing or replaced object is left alone. */
export async function editMetadata(client: Client, gvr: GVR, namespace: string | undefined, name: string, uid: string, edit: MetadataEdit): Promise<void> {
  for (let attempt = 0; ; attempt++) {
    let live: KubeObject;
    try {
      live = await client.get(gvr, namespace, name);
    } catch (err) {
      if (isApiError(err, "NotFound")) return;
      throw err;
    }
    if (live.metadata.uid !== uid) return;
    const change = edit(live);
    if (!change) return;
    const metadata: Record<string, unknown> = { resourceVersion: live.metadata.resourceVersion };
    for (const [k, v] of Object.entries(change)) metadata[k] = v && v.length ? v : null;
    try {
      await client.patch(gvr, namespace, name, "merge", { metadata });
      return;
    } catch (err) {
      if (isApiError(err, "NotFound")) return;
      if (!isApiError(err, "Conflict") || attempt >= 4) throw err;
    }
  }
}

export function removeOwnerReferences(client: Client, gvr: GVR, namespace: string | undefined, name: string, uid: string, ownerUids: Set<string>): Promise<void> {
  return editMetadata(client, gvr, namespace, name, uid, (live) => {
    const refs = live.metadata.ownerReferences ?? [];
    const kept = refs.filter((r) => !ownerUids.has(r.uid));
    return kept.length === refs.length ? undefined : { ownerReferences: kept };
  });
}

export function removeFinalizer(client: Client, gvr: GVR, namespace: string | undefined, name: string, uid: string, finalizer: string): Promise<void> {
  return editMetadata(client, gvr, namespace, name, uid, (live) => {
    const list = live.metadata.finalizers ?? [];
    return list.includes(finalizer) ? { finalizers: list.filter((f) => f !== finalizer) } : undefined;
  });
}
