/**
 * Validation of a JobSpec, shared by Jobs and CronJob job templates
 * (upstream's validateJobSpec), and the template's restart policy.
 */
import type { JobSpec } from "kubernetes-types/batch/v1.js";
import { validatePodTemplateSpec } from "../core/pod-validation.js";
import { fieldErrors, type FieldError, type FieldPath } from "../validation/field.js";
import { validateNonnegative } from "../validation/numbers.js";

const COMPLETION_MODES = ["NonIndexed", "Indexed"];
const POD_REPLACEMENT_POLICIES = ["TerminatingOrFailed", "Failed"];
const MAX_PARALLELISM_INDEXED = 100000;

/** A JobSpec as Skiff serves it: 1.35 fields the type package lacks. */
export type JobSpecLike = JobSpec & { managedBy?: string; successPolicy?: unknown };

export function validateJobSpec(spec: JobSpecLike | undefined, p: FieldPath): FieldError[] {
  if (!spec) return [fieldErrors.required(p)];
  const errs: FieldError[] = [];
  for (const k of ["parallelism", "completions", "activeDeadlineSeconds", "backoffLimit", "ttlSecondsAfterFinished", "backoffLimitPerIndex", "maxFailedIndexes"] as const) {
    errs.push(...validateNonnegative(spec[k], p.child(k)));
  }
  const mode = spec.completionMode;
  if (mode !== undefined && mode !== null) {
    if (!COMPLETION_MODES.includes(mode)) errs.push(fieldErrors.notSupported(p.child("completionMode"), mode, COMPLETION_MODES));
    if (mode === "Indexed") {
      if (spec.completions === undefined || spec.completions === null) errs.push(fieldErrors.required(p.child("completions"), "when completion mode is Indexed"));
      if ((spec.parallelism ?? 0) > MAX_PARALLELISM_INDEXED) {
        errs.push(fieldErrors.invalid(p.child("parallelism"), spec.parallelism, `must be less than or equal to ${MAX_PARALLELISM_INDEXED} when completion mode is Indexed`));
      }
    }
  }
  if (spec.backoffLimitPerIndex != null && mode !== "Indexed") {
    errs.push(fieldErrors.forbidden(p.child("backoffLimitPerIndex"), "requires indexed completion mode"));
  }
  const prp = spec.podReplacementPolicy;
  if (prp !== undefined && prp !== null) {
    if (!POD_REPLACEMENT_POLICIES.includes(prp)) errs.push(fieldErrors.notSupported(p.child("podReplacementPolicy"), prp, POD_REPLACEMENT_POLICIES));
    else if (spec.podFailurePolicy && prp !== "Failed") {
      errs.push(fieldErrors.notSupported(p.child("podReplacementPolicy"), prp, ["Failed"]));
    }
  }
  const tp = p.child("template");
  errs.push(...validatePodTemplateSpec(spec.template, tp));
  const restart = spec.template?.spec?.restartPolicy;
  if (restart !== "OnFailure" && restart !== "Never") errs.push(fieldErrors.notSupported(tp.child("spec", "restartPolicy"), restart ?? "", ["OnFailure", "Never"]));
  return errs;
}
