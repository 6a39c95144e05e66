/**
 * pods/eviction (upstream's pkg/registry/core/pod/storage/eviction.go): a
 * delete that respects PodDisruptionBudgets. A pod that is pending,
 * terminal or already deleting is deleted without looking at budgets; a
 * running one needs its budget to allow a disruption, which the eviction
 * takes (disruptionsAllowed decremented and the pod recorded in
 * disruptedPods, a conflict-checked status write) before deleting it.
 */
import type { PodObject } from "./pod-types.js";
import { ApiError, badRequest, conflict, forbidden, internalError, isApiError, timeoutError } from "../errors.js";
import { rfc3339 } from "../printers.js";
import { updateDisruptionAllowedCondition, type PDBObject } from "../policy/pdb-status.js";
import { isEmptySelector, selectorMatches } from "../validation/label-selector.js";
import type { DeleteOptionsLike, HookContext, SubresourceRegistry } from "../types.js";

export interface EvictionBody {
  metadata?: { name?: string };
  deleteOptions?: DeleteOptionsLike | null;
}

/** Past this many approved but unconfirmed evictions a budget refuses more (MaxDisruptedPodSize). */
export const MAX_DISRUPTED_POD_SIZE = 2000;
/** Conflicts retried before giving up (EvictionsRetry's steps). */
const RETRIES = 20;

const PDB_RESOURCE = { group: "policy", resource: "poddisruptionbudget" };
const VIOLATION = "Cannot evict pod as it would violate the pod's disruption budget.";

function tooManyRequests(retryAfterSeconds: number, cause: string): ApiError {
  return new ApiError(429, "TooManyRequests", VIOLATION, { causes: [{ reason: "DisruptionBudget", message: cause }], retryAfterSeconds: retryAfterSeconds || undefined });
}

/** The 429 for a budget the controller has not caught up with yet. */
function stillProcessing(pdbName: string): ApiError {
  return tooManyRequests(10, `The disruption budget ${pdbName} is still being processed by the server.`);
}

/** The eviction's deleteOptions with the request's dryRun (propagateDryRun). */
function deleteOptionsOf(body: EvictionBody, dryRun: boolean): DeleteOptionsLike {
  const opts: DeleteOptionsLike = { ...(body.deleteOptions ?? {}) };
  const requested = dryRun ? ["All"] : [];
  if (!opts.dryRun?.length) {
    if (requested.length) opts.dryRun = requested;
  } else if (requested.length && JSON.stringify(opts.dryRun) !== JSON.stringify(requested)) {
    throw internalError(new Error(`Non-matching dry-run options in request and content: [${requested.join(" ")}] and [${opts.dryRun.join(" ")}]`));
  }
  return opts;
}

const isDryRun = (opts: DeleteOptionsLike) => !!opts.dryRun?.length;
const resourceVersionUnset = (opts: DeleteOptionsLike) => !opts.preconditions?.resourceVersion;
const withResourceVersion = (opts: DeleteOptionsLike, rv: string | undefined): DeleteOptionsLike => (rv ? { ...opts, preconditions: { ...(opts.preconditions ?? {}), resourceVersion: rv } } : opts);

/** Terminal, pending or deleting pods disrupt nothing more by going (canIgnorePDB). */
function canIgnorePDB(pod: PodObject): boolean {
  const phase = pod.status?.phase;
  return phase === "Succeeded" || phase === "Failed" || phase === "Pending" || !!pod.metadata.deletionTimestamp;
}

function isPodReady(pod: PodObject): boolean {
  return pod.status?.conditions?.some((c) => c.type === "Ready" && c.status === "True") ?? false;
}

/** Budgets covering the pod; an empty or missing selector covers nothing here, as upstream. */
async function budgetsFor(pod: PodObject, ctx: HookContext): Promise<PDBObject[]> {
  const all = (await ctx.services.listObjects("policy", "poddisruptionbudgets", pod.metadata.namespace)) as PDBObject[];
  return all.filter((b) => b.spec?.selector && !isEmptySelector(b.spec.selector) && selectorMatches(b.spec.selector, pod.metadata.labels));
}

/** Takes one disruption from the budget, or refuses (checkAndDecrement). */
async function checkAndDecrement(podName: string, pdb: PDBObject, dryRun: boolean, ctx: HookContext): Promise<void> {
  const status = pdb.status ?? { disruptionsAllowed: 0, currentHealthy: 0, desiredHealthy: 0, expectedPods: 0 };
  const name = pdb.metadata.name ?? "";
  if ((status.observedGeneration ?? 0) < (pdb.metadata.generation ?? 0)) throw stillProcessing(name);
  if (status.disruptionsAllowed < 0) throw forbidden(PDB_RESOURCE, name, "pdb disruptions allowed is negative");
  if (Object.keys(status.disruptedPods ?? {}).length > MAX_DISRUPTED_POD_SIZE) {
    throw forbidden(PDB_RESOURCE, name, "DisruptedPods map too big - too many evictions not confirmed by PDB controller");
  }
  if (status.disruptionsAllowed === 0) {
    throw tooManyRequests(0, `The disruption budget ${name} needs ${status.desiredHealthy} healthy pods and has ${status.currentHealthy} currently`);
  }
  const next: PDBObject = structuredClone(pdb);
  next.status = { ...status, disruptionsAllowed: status.disruptionsAllowed - 1 };
  if (next.status.disruptionsAllowed === 0) updateDisruptionAllowedCondition(next, ctx.now);
  if (dryRun) return;
  // Tells the controller the pod is going, so it stops counting it as healthy.
  next.status.disruptedPods = { ...(status.disruptedPods ?? {}), [podName]: rfc3339(ctx.now) };
  await ctx.services.updateStatus("policy", "poddisruptionbudgets", next);
}

/** Retries fn on conflicts, as retry.OnError with EvictionsRetry; undefined once they run out. */
async function retryOnConflict<T>(fn: () => Promise<T>, shouldRetry: (err: unknown) => boolean = (e) => isApiError(e, "Conflict")): Promise<{ value: T } | undefined> {
  for (let i = 0; ; i++) {
    try {
      return { value: await fn() };
    } catch (err) {
      if (!shouldRetry(err)) throw err;
      if (i + 1 >= RETRIES) return undefined;
    }
  }
}

/**
 * Marks the pod a DisruptionTarget (reason EvictionByEvictionAPI) and
 * deletes it; the condition write moves the resourceVersion, so a
 * resourceVersion precondition follows it.
 */
async function addConditionAndDelete(req: { namespace?: string; name: string; ctx: HookContext }, registry: SubresourceRegistry, opts: DeleteOptionsLike): Promise<void> {
  let options = opts;
  if (!isDryRun(opts)) {
    const updated = await registry.update(
      req.namespace,
      req.name,
      (obj) => {
        const pod = obj as PodObject;
        const pre = opts.preconditions;
        const why = (m: string) => conflict({ group: "", resource: "Pod" }, req.name, m);
        if (pre?.uid && pre.uid !== pod.metadata.uid) throw why(`Precondition failed: UID in precondition: ${pre.uid}, UID in object meta: ${pod.metadata.uid ?? ""}`);
        if (pre?.resourceVersion && pre.resourceVersion !== pod.metadata.resourceVersion) {
          throw why(`Precondition failed: ResourceVersion in precondition: ${pre.resourceVersion}, ResourceVersion in object meta: ${pod.metadata.resourceVersion ?? ""}`);
        }
        const status = (pod.status ??= {});
        const conditions = (status.conditions ??= []);
        const cond = { type: "DisruptionTarget", status: "True", reason: "EvictionByEvictionAPI", message: "Eviction API: evicting" };
        const i = conditions.findIndex((c) => c.type === cond.type);
        if (i < 0) conditions.push({ ...cond, lastTransitionTime: rfc3339(req.ctx.now) });
        else {
          const old = conditions[i];
          const changed = old.status !== cond.status;
          conditions[i] = { ...old, ...cond, lastTransitionTime: changed ? rfc3339(req.ctx.now) : old.lastTransitionTime };
        }
        return pod;
      },
      req.ctx,
    );
    if (!resourceVersionUnset(opts)) options = withResourceVersion(opts, updated.metadata.resourceVersion);
  }
  // A dry run asked for in the eviction's deleteOptions is one for the delete too.
  await registry.delete(req.namespace, req.name, options, isDryRun(options) ? { ...req.ctx, dryRun: true } : req.ctx);
}

export async function evict(req: { namespace?: string; name: string; body?: unknown; ctx: HookContext }, registry: SubresourceRegistry): Promise<void> {
  const body = (req.body ?? {}) as EvictionBody;
  if (body.metadata?.name && body.metadata.name !== req.name) throw badRequest("name in URL does not match name in Eviction object");
  const original = deleteOptionsOf(body, req.ctx.dryRun);

  // Pods whose going disrupts nothing are deleted straight away.
  let pod!: PodObject;
  let deleted = false;
  const direct = await retryOnConflict(
    async () => {
      pod = (await registry.get(req.namespace, req.name)) as PodObject;
      if (!canIgnorePDB(pod)) return;
      // A pod already on its way out is not deleted twice (upstream answers success).
      if (pod.metadata.deletionTimestamp) {
        deleted = true;
        return;
      }
      const terminal = pod.status?.phase === "Succeeded" || pod.status?.phase === "Failed";
      // A pending pod must not have turned ready since we looked.
      const opts = !terminal && resourceVersionUnset(original) ? withResourceVersion(original, pod.metadata.resourceVersion) : original;
      await addConditionAndDelete(req, registry, opts);
      deleted = true;
    },
    (err) => resourceVersionUnset(original) && isApiError(err, "Conflict"),
  );
  if (!direct) throw timeoutError(`Timeout: couldn't delete pod ${JSON.stringify(req.name)} due to conflicts`, 10);
  if (deleted) return;

  const pdbs = await budgetsFor(pod, req.ctx);
  if (pdbs.length > 1) throw new ApiError(500, "", "This pod has more than one PodDisruptionBudget, which the eviction subresource does not support.");
  let enforceVersion = false;
  const pdbName = pdbs[0]?.metadata.name ?? "";
  if (pdbs.length === 1) {
    let pdb = pdbs[0];
    if (!isPodReady(pod) && (pdb.spec?.unhealthyPodEvictionPolicy === "AlwaysAllow" || (pdb.status && pdb.status.currentHealthy >= pdb.status.desiredHealthy && pdb.status.desiredHealthy > 0))) {
      // An unhealthy pod counts for nothing: it goes without taking a disruption, if it is still unhealthy.
      enforceVersion = true;
    } else {
      let refresh = false;
      const done = await retryOnConflict(async () => {
        if (refresh) {
          const fresh = await req.ctx.services.getObject("policy", "poddisruptionbudgets", pod.metadata.namespace, pdbName);
          if (!fresh) throw new ApiError(404, "NotFound", `poddisruptionbudgets.policy "${pdbName}" not found`, { name: pdbName, group: "policy", kind: "poddisruptionbudgets" });
          pdb = fresh as PDBObject;
        }
        refresh = true;
        await checkAndDecrement(pod.metadata.name!, pdb, isDryRun(original), req.ctx);
      });
      if (!done) throw timeoutError(`Timeout: couldn't update PodDisruptionBudget ${JSON.stringify(pdbName)} due to conflicts`, 10);
    }
  }
  const opts = enforceVersion ? withResourceVersion(original, pod.metadata.resourceVersion) : original;
  try {
    await addConditionAndDelete(req, registry, opts);
  } catch (err) {
    // The unhealthy pod changed meanwhile (it may be ready now): the client should retry.
    if (isApiError(err, "Conflict") && enforceVersion && resourceVersionUnset(original)) throw stillProcessing(pdbName);
    throw err;
  }
}
