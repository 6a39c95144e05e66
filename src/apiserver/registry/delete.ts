/**
 * Deletion as upstream's generic store: preconditions, graceful deletion,
 * finalizers and propagation policy (orphan / foreground / background).
 * An object that still has finalizers, or is deleted gracefully, only gets
 * a deletionTimestamp; the last finalizer's removal deletes it.
 */
import { conflict, notFound } from "../../api/errors.js";
import type { DeleteOptionsLike, KubeObject } from "../../api/types.js";
import { rfc3339 } from "../../api/printers.js";
import { isStorageError } from "../../storage/store.js";
import type { ResourceRegistry } from "./registry.js";
import type { WriteOptions } from "./types.js";
import { clone } from "./json.js";

export interface DeleteResult {
  object: KubeObject;
  /** True when the object is gone; false when it now waits (finalizers, grace period). */
  deleted: boolean;
}

const ORPHAN = "orphan";
const FOREGROUND = "foregroundDeletion";

/** The object changed between the read and the write: read it again. */
class ChangedMeanwhile extends Error {}

/** How often a delete re-reads an object that others keep changing before it answers Conflict. */
const MAX_DELETE_ATTEMPTS = 16;

/**
 * A write by someone else between this delete's read and its write is not
 * the caller's conflict: as upstream's store (GuaranteedUpdate, and a
 * conditional delete that re-checks its preconditions), the delete starts
 * again from the object as it now is.
 */
export async function deleteObject(reg: ResourceRegistry, namespace: string | undefined, name: string, options: DeleteOptionsLike & { orphanDependents?: boolean }, opts: WriteOptions): Promise<DeleteResult> {
  for (let attempt = 1; ; attempt++) {
    try {
      return await deleteOnce(reg, namespace, name, options, opts);
    } catch (err) {
      if (!(err instanceof ChangedMeanwhile)) throw err;
      if (attempt >= MAX_DELETE_ATTEMPTS) throw conflict(reg.gr, name);
    }
  }
}

async function deleteOnce(reg: ResourceRegistry, namespace: string | undefined, name: string, options: DeleteOptionsLike & { orphanDependents?: boolean }, opts: WriteOptions): Promise<DeleteResult> {
  const def = reg.def;
  const current = await reg.get(namespace, name);
  checkPreconditions(reg, current, options);
  const ctx = reg.hookContext(opts);
  await reg.deps.admission.validate({ operation: "DELETE", resource: reg.gr, kind: def.kind, namespace: current.metadata.namespace, name, oldObject: current, user: opts.user, dryRun: opts.dryRun, auditAnnotations: opts.auditAnnotations });

  const policy = options.propagationPolicy ?? (options.orphanDependents === true ? "Orphan" : options.orphanDependents === false ? "Background" : def.defaultPropagation ?? "Background");
  if (!["Orphan", "Background", "Foreground"].includes(policy)) {
    throw reg.invalid(name, [{ type: "FieldValueNotSupported", field: "propagationPolicy", value: policy, detail: 'supported values: "Foreground", "Background", "Orphan", "nil"' }]);
  }
  const grace = options.gracePeriodSeconds ?? def.defaultGracePeriodSeconds?.(current) ?? 0;
  if (grace < 0) throw reg.invalid(name, [{ type: "FieldValueInvalid", field: "gracePeriodSeconds", value: grace, detail: "must be greater than or equal to 0" }]);

  const next = clone(current);
  const finalizers = new Set(next.metadata.finalizers ?? []);
  if (policy === "Orphan") {
    finalizers.add(ORPHAN);
    finalizers.delete(FOREGROUND);
  } else if (policy === "Foreground") {
    finalizers.add(FOREGROUND);
    finalizers.delete(ORPHAN);
  } else {
    finalizers.delete(ORPHAN);
    finalizers.delete(FOREGROUND);
  }
  // Propagation finalizers matter only when there may be dependents to handle; upstream adds them regardless.
  const now = ctx.now;
  const graceful = grace > 0 && (def.gracefulDelete?.(current, grace) ?? false);
  const special = def.beforeDelete ? def.beforeDelete(withDeletionTimestamp(next, now, 0), ctx) : undefined;

  if (current.metadata.deletionTimestamp) {
    // Already being deleted: a shorter grace period, or grace 0 with no finalizers left
    // (kubectl delete --force, a kubelet done terminating), changes something; else nothing does.
    const pending = current.metadata.deletionGracePeriodSeconds ?? 0;
    const immediate = !graceful && finalizers.size === 0 && !special;
    const shorter = graceful && grace < pending;
    if (!immediate && !shorter && finalizers.size === (current.metadata.finalizers ?? []).length) return { object: current, deleted: false };
  }

  if (special || finalizers.size > 0 || graceful) {
    const updated = special ?? next;
    if (!special) {
      updated.metadata.finalizers = finalizers.size ? [...finalizers] : undefined;
      if (!updated.metadata.finalizers) delete updated.metadata.finalizers;
      if (!current.metadata.deletionTimestamp || graceful) {
        const at = graceful ? now + grace * 1000 : now;
        updated.metadata.deletionTimestamp = current.metadata.deletionTimestamp && !graceful ? current.metadata.deletionTimestamp : rfc3339(at);
        updated.metadata.deletionGracePeriodSeconds = graceful ? grace : 0;
      }
    }
    if (opts.dryRun) return { object: updated, deleted: false };
    const key = reg.key(current.metadata.namespace, name);
    try {
      const conv = reg.def.conversion;
      const stored = conv ? await conv.toStored(updated) : updated;
      const { kv } = await reg.deps.store.guaranteedUpdate(key, () => reg.encode(stored), { preconditions: { modRevision: Number(current.metadata.resourceVersion) } });
      const object = reg.decode(kv);
      return { object: conv ? (await reg.fromStorage([object]))[0]! : object, deleted: false };
    } catch (err) {
      if (isStorageError(err, "Conflict")) throw new ChangedMeanwhile();
      if (isStorageError(err, "NotFound")) throw notFound(reg.gr, name);
      throw err;
    }
  }

  if (opts.dryRun) return { object: current, deleted: true };
  try {
    const kv = await reg.deps.store.delete(reg.key(current.metadata.namespace, name), { modRevision: Number(current.metadata.resourceVersion) });
    await def.afterDelete?.(current, ctx);
    const decoded = reg.decode(kv);
    const gone = reg.def.conversion ? (await reg.fromStorage([decoded]))[0]! : decoded;
    return { object: gone, deleted: true };
  } catch (err) {
    if (isStorageError(err, "Conflict")) throw new ChangedMeanwhile();
    if (isStorageError(err, "NotFound")) throw notFound(reg.gr, name);
    throw err;
  }
}

function withDeletionTimestamp(obj: KubeObject, now: number, grace: number): KubeObject {
  const o = clone(obj);
  o.metadata.deletionTimestamp ??= rfc3339(now);
  o.metadata.deletionGracePeriodSeconds ??= grace;
  return o;
}

function checkPreconditions(reg: ResourceRegistry, obj: KubeObject, options: DeleteOptionsLike): void {
  const p = options.preconditions;
  if (!p) return;
  const name = obj.metadata.name!;
  // Worded as upstream's storage layer reports it (StorageError: invalid object).
  const storageError = (msg: string) => conflict(reg.gr, name, `StorageError: invalid object, Code: 4, Key: ${reg.key(obj.metadata.namespace, name)}, ResourceVersion: 0, AdditionalErrorMsg: ${msg}`);
  if (p.uid && p.uid !== obj.metadata.uid) {
    throw storageError(`Precondition failed: UID in precondition: ${p.uid}, UID in object meta: ${obj.metadata.uid}`);
  }
  if (p.resourceVersion && p.resourceVersion !== obj.metadata.resourceVersion) {
    throw storageError(`Precondition failed: ResourceVersion in precondition: ${p.resourceVersion}, ResourceVersion in object meta: ${obj.metadata.resourceVersion}`);
  }
}

