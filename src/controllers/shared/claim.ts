/**
 * Adoption and release (upstream's ControllerRefManager): a controller
 * claims the objects its selector matches that nobody controls, and lets go
 * of the ones it controls that no longer match. Writes are strategic-merge
 * patches of ownerReferences carrying the object's uid, so a recreated
 * object with the same name is never touched by mistake.
 */
import type { GVR, Client, KubeObject } from "../../client/types.js";
import { isApiError } from "../../api/errors.js";
import { getControllerOf, type OwnerReference } from "./controller-ref.js";

export interface ClaimOptions<T extends KubeObject> {
  client: Client;
  /** The controller doing the claiming, as its informer last saw it. */
  owner: KubeObject;
  /** The reference to stamp on adopted objects (controller=true, blockOwnerDeletion=true). */
  ownerRef: OwnerReference;
  /** Where the claimed objects live. */
  gvr: GVR;
  /** Whether an object belongs to the owner by its selector. */
  matches(obj: T): boolean;
  /**
   * Re-reads the owner from the API server before the first adoption, so a
   * controller that was just deleted never adopts (RecheckDeletionTimestamp).
   */
  recheckOwner(): Promise<KubeObject | undefined>;
}

/**
 * Returns the objects the owner controls after adopting orphans that match
 * and releasing owned objects that no longer match. Objects are never
 * mutated; adopted ones come back as the server returned them.
 */
export async function claimObjects<T extends KubeObject>(candidates: T[], opts: ClaimOptions<T>): Promise<T[]> {
  const { owner } = opts;
  const claimed: T[] = [];
  let adoptable: Promise<void> | undefined;
  const errors: unknown[] = [];
  for (const obj of candidates) {
    const ref = getControllerOf(obj);
    if (ref) {
      if (ref.uid !== owner.metadata.uid) continue;
      if (opts.matches(obj)) {
        claimed.push(obj);
        continue;
      }
      if (owner.metadata.deletionTimestamp) continue;
      await release(obj, opts).catch((err) => errors.push(err));
      continue;
    }
    if (owner.metadata.deletionTimestamp || !opts.matches(obj) || obj.metadata.deletionTimestamp) continue;
    if (owner.metadata.namespace && owner.metadata.namespace !== obj.metadata.namespace) continue;
    adoptable ??= canAdopt(opts);
    try {
      await adoptable;
      claimed.push(await adopt(obj, opts));
    } catch (err) {
      if (!isApiError(err, "NotFound")) errors.push(err);
    }
  }
  if (errors.length) throw errors[0];
  return claimed;
}

async function canAdopt<T extends KubeObject>(opts: ClaimOptions<T>): Promise<void> {
  const fresh = await opts.recheckOwner();
  const { namespace, name, uid } = opts.owner.metadata;
  const id = `${namespace ?? ""}/${name}`;
  if (!fresh || fresh.metadata.uid !== uid) throw new Error(`original ${id} is gone: got uid ${fresh?.metadata.uid ?? ""}, wanted ${uid}`);
  if (fresh.metadata.deletionTimestamp) throw new Error(`${id} has just been deleted at ${fresh.metadata.deletionTimestamp}`);
}

async function adopt<T extends KubeObject>(obj: T, opts: ClaimOptions<T>): Promise<T> {
  const patch = { metadata: { ownerReferences: [opts.ownerRef], uid: obj.metadata.uid } };
  return opts.client.patch<T>(opts.gvr, obj.metadata.namespace, obj.metadata.name!, "strategic", patch);
}

async function release<T extends KubeObject>(obj: T, opts: ClaimOptions<T>): Promise<void> {
  const patch = { metadata: { ownerReferences: [{ $patch: "delete", uid: opts.owner.metadata.uid }], uid: obj.metadata.uid } };
  try {
    await opts.client.patch(opts.gvr, obj.metadata.namespace, obj.metadata.name!, "strategic", patch);
  } catch (err) {
    // Gone, or no longer ours: nothing to release (upstream ignores NotFound and Invalid here).
    if (isApiError(err, "NotFound") || isApiError(err, "Invalid")) return;
    throw err;
  }
}
