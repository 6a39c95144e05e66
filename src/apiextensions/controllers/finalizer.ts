/**
 * The finalizer controller (upstream's CRDFinalizer): a CRD being deleted
 * first loses every custom resource of it, then its clean-up finalizer,
 * with the Terminating condition telling where it stands.
 */
import { isApiError } from "../../api/errors.js";
import { CLEANUP_FINALIZER, crdCondition, isCRDConditionTrue, setCRDCondition, type CRDCondition, type CustomResourceDefinition } from "../../api/apiextensions/index.js";
import { CRDS, type CRDControllerContext } from "./context.js";
import type { ResourceRegistry } from "../../apiserver/registry/registry.js";
import { deleteObject } from "../../apiserver/registry/delete.js";

export const DELETION_IN_PROGRESS: CRDCondition = { type: "Terminating", status: "True", reason: "InstanceDeletionInProgress", message: "CustomResource deletion is in progress" };
export const DELETION_COMPLETED: CRDCondition = { type: "Terminating", status: "False", reason: "InstanceDeletionCompleted", message: "removed all instances" };
/** Instances still there a minute after their deletion (their own finalizers hold them). */
export const DELETION_CHECK: CRDCondition = { type: "Terminating", status: "True", reason: "InstanceDeletionCheck", message: "could not confirm zero CustomResources remaining: timed out waiting for the condition" };
export const deletionFailed = (err: Error): CRDCondition => ({ type: "Terminating", status: "True", reason: "InstanceDeletionFailed", message: `could not issue all deletes: ${err.message}` });
/** Upstream polls every 5 s for a minute before reporting InstanceDeletionCheck. */
export const RECHECK_MS = 5_000;
export const CHECK_TIMEOUT_MS = 60_000;
export const NEVER_ESTABLISHED: CRDCondition = { type: "Terminating", status: "False", reason: "NeverEstablished", message: "resource was never established" };

export function needsFinalizing(crd: CustomResourceDefinition): boolean {
  return !!crd.metadata.deletionTimestamp && !!crd.metadata.finalizers?.includes(CLEANUP_FINALIZER);
}

/**
 * Deletes every custom resource reg (any served version of the CRD: they
 * share storage) holds; returns how many are still there afterwards
 * (objects with finalizers of their own wait for them).
 */
export async function deleteInstances(reg: ResourceRegistry): Promise<number> {
  const { items } = await reg.deps.store.list(reg.listPrefix(undefined));
  for (const kv of items) {
    const obj = reg.decode(kv);
    try {
      await deleteObject(reg, obj.metadata.namespace, obj.metadata.name!, {}, { dryRun: false, fieldValidation: "Ignore" });
    } catch (err) {
      if (!isApiError(err, "NotFound")) throw err;
    }
  }
  const left = await reg.deps.store.list(reg.listPrefix(undefined));
  return left.items.length;
}

export function wasEstablished(crd: CustomResourceDefinition): boolean {
  return isCRDConditionTrue(crd, "Established");
}

export const OVERLAPPING_BUILT_IN: CRDCondition = { type: "Terminating", status: "False", reason: "OverlappingBuiltInResource", message: "instances overlap with built-in resources in storage" };

export interface FinalizerDeps {
  overlapsBuiltIn(crd: CustomResourceDefinition): boolean;
  /** A registry reaching the CRD's storage, for deleting its instances. */
  registryFor(crd: CustomResourceDefinition): ResourceRegistry | undefined;
  /** Looks at a CRD again later (instances still going). */
  recheck(name: string, afterMs: number): void;
}

export function finalizerSync(ctx: CRDControllerContext, deps: FinalizerDeps): (name: string) => Promise<void> {
  /** When each CRD's remaining instances were first seen still there. */
  const waitingSince = new Map<string, number>();
  return async (name) => {
    const crd = ctx.crds.get(undefined, name);
    if (!crd || !needsFinalizing(crd)) return;
    let next = structuredClone(crd) as CustomResourceDefinition;
    const reg = wasEstablished(crd) ? deps.registryFor(crd) : undefined;
    if (deps.overlapsBuiltIn(crd)) setCRDCondition(next, OVERLAPPING_BUILT_IN, ctx.now());
    else if (!wasEstablished(crd)) setCRDCondition(next, NEVER_ESTABLISHED, ctx.now());
    else if (reg) {
      if (crdCondition(crd, "Terminating")?.reason !== DELETION_IN_PROGRESS.reason) {
        setCRDCondition(next, DELETION_IN_PROGRESS, ctx.now());
        next = await ctx.client.update(CRDS, undefined, next, { subresource: "status" });
      }
      let left: number;
      try {
        left = await deleteInstances(reg);
      } catch (err) {
        setCRDCondition(next, deletionFailed(err as Error), ctx.now());
        await ctx.writeStatus(next);
        throw err;
      }
      if (left > 0) {
        const since = waitingSince.get(name) ?? ctx.clock.now();
        waitingSince.set(name, since);
        if (ctx.clock.now() - since >= CHECK_TIMEOUT_MS) {
          waitingSince.delete(name);
          setCRDCondition(next, DELETION_CHECK, ctx.now());
          await ctx.writeStatus(next);
        }
        deps.recheck(name, RECHECK_MS);
        return;
      }
      waitingSince.delete(name);
      setCRDCondition(next, DELETION_COMPLETED, ctx.now());
    } else setCRDCondition(next, DELETION_COMPLETED, ctx.now());
    next = await ctx.client.update(CRDS, undefined, next, { subresource: "status" });
    next.metadata.finalizers = (next.metadata.finalizers ?? []).filter((f) => f !== CLEANUP_FINALIZER);
    try {
      await ctx.client.update(CRDS, undefined, next);
    } catch (err) {
      if (!isApiError(err, "NotFound")) throw err;
    }
  };
}
