/**
 * Job conditions and their upstream reasons and messages.
 */
import type { JobCondition } from "kubernetes-types/batch/v1.js";

export const REASON_BACKOFF_LIMIT = "BackoffLimitExceeded";
export const MSG_BACKOFF_LIMIT = "Job has reached the specified backoff limit";
export const REASON_DEADLINE = "DeadlineExceeded";
export const MSG_DEADLINE = "Job was active longer than specified deadline";
export const REASON_COMPLETIONS = "CompletionsReached";
export const MSG_COMPLETIONS = "Reached expected number of succeeded pods";
export const REASON_SUCCESS_POLICY = "SuccessPolicy";
export const REASON_POD_FAILURE_POLICY = "PodFailurePolicy";

export type JobConditionType = "Complete" | "Failed" | "SuccessCriteriaMet" | "FailureTarget" | "Suspended";

export function findCondition(conds: readonly JobCondition[] | undefined, type: JobConditionType): JobCondition | undefined {
  return conds?.find((c) => c.type === type);
}

export function isTrue(conds: readonly JobCondition[] | undefined, type: JobConditionType): boolean {
  return findCondition(conds, type)?.status === "True";
}

/** Whether the Job is finished: Complete or Failed is True. */
export function isFinished(conds: readonly JobCondition[] | undefined): boolean {
  return isTrue(conds, "Complete") || isTrue(conds, "Failed");
}

/**
 * Conditions with type set to status/reason/message. The transition time
 * moves only when status changes; an unchanged condition is kept as is.
 */
export function setCondition(conds: readonly JobCondition[] | undefined, type: JobConditionType, status: "True" | "False", reason: string, message: string, now: string): JobCondition[] {
  const list = [...(conds ?? [])];
  const i = list.findIndex((c) => c.type === type);
  const old = i >= 0 ? list[i] : undefined;
  if (old && old.status === status && old.reason === reason && old.message === message) return list;
  const next: JobCondition = {
    type,
    status,
    reason,
    message,
    lastProbeTime: now,
    lastTransitionTime: old && old.status === status ? old.lastTransitionTime : now,
  };
  if (i >= 0) list[i] = next;
  else list.push(next);
  return list;
}
