/**
 * The PodDisruptionBudget status rules shared by the disruption controller
 * and the eviction subresource (upstream's component-helpers
 * poddisruptionbudget): the DisruptionAllowed condition follows
 * status.disruptionsAllowed.
 */
import type { PodDisruptionBudget } from "kubernetes-types/policy/v1.js";
import type { Condition } from "kubernetes-types/meta/v1.js";
import type { KubeObject } from "../types.js";
import { rfc3339 } from "../printers.js";

export type PDBObject = PodDisruptionBudget & KubeObject;

export const DISRUPTION_ALLOWED = "DisruptionAllowed";
export const SUFFICIENT_PODS = "SufficientPods";
export const INSUFFICIENT_PODS = "InsufficientPods";
export const SYNC_FAILED = "SyncFailed";

/** How long an approved eviction may take before the controller forgets it (upstream's DeletionTimeout). */
export const DELETION_TIMEOUT_MS = 2 * 60_000;

/**
 * Sets a condition as apimeta.SetStatusCondition: the transition time moves
 * only when the status changes. Returns a new list.
 */
export function setStatusCondition(conds: readonly Condition[] | undefined, cond: Omit<Condition, "lastTransitionTime">, now: number): Condition[] {
  const list = [...(conds ?? [])];
  const i = list.findIndex((c) => c.type === cond.type);
  if (i < 0) return [...list, { ...cond, lastTransitionTime: rfc3339(now) }];
  const old = list[i];
  list[i] = { ...cond, lastTransitionTime: old.status === cond.status && old.lastTransitionTime ? old.lastTransitionTime : rfc3339(now) };
  return list;
}

/** The DisruptionAllowed condition disruptionsAllowed implies (UpdateDisruptionAllowedCondition). Mutates pdb.status. */
export function updateDisruptionAllowedCondition(pdb: PDBObject, now: number): void {
  const status = (pdb.status ??= { currentHealthy: 0, desiredHealthy: 0, disruptionsAllowed: 0, expectedPods: 0 });
  const allowed = status.disruptionsAllowed > 0;
  status.conditions = setStatusCondition(
    status.conditions,
    {
      type: DISRUPTION_ALLOWED,
      status: allowed ? "True" : "False",
      reason: allowed ? SUFFICIENT_PODS : INSUFFICIENT_PODS,
      message: "",
      observedGeneration: status.observedGeneration,
    },
    now,
  );
}

/** Whether the DisruptionAllowed condition already says what the status implies (ConditionsAreUpToDate). */
export function conditionsAreUpToDate(pdb: PDBObject): boolean {
  const status = pdb.status;
  const cond = status?.conditions?.find((c) => c.type === DISRUPTION_ALLOWED);
  if (!status || !cond) return false;
  if ((status.observedGeneration ?? 0) !== (pdb.metadata.generation ?? 0)) return false;
  const allowed = status.disruptionsAllowed > 0;
  return allowed ? cond.status === "True" && cond.reason === SUFFICIENT_PODS : cond.status === "False" && cond.reason === INSUFFICIENT_PODS;
}
