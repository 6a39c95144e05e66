/**
 * Rules the apps/v1 workloads share (pkg/apis/apps/validation): a required,
 * non-empty selector that matches the template's labels and a template that
 * is a valid pod that always restarts.
 */
import type { LabelSelector } from "kubernetes-types/meta/v1.js";
import type { PodTemplateSpec } from "../core/pod-types.js";
import { validatePodTemplateSpec } from "../core/pod-validation.js";
import { fieldErrors, type FieldError, type FieldPath } from "../validation/field.js";
import { isEmptySelector, isValidSelector, selectorMatches, validateLabelSelector } from "../validation/label-selector.js";
import { validateNonnegative } from "../validation/numbers.js";

export interface WorkloadRules {
  /** Lower-case kind in "empty selector is invalid for <kind>". */
  selectorNoun: string;
  /** Kind in "activeDeadlineSeconds in <Kind> is not Supported". */
  deadlineNoun: string;
  /** StatefulSets refuse a deadline as Forbidden; the others as Invalid. */
  deadlineForbidden?: boolean;
}

/** Selector and template of a Deployment, ReplicaSet, StatefulSet or DaemonSet spec at specPath. */
export function validateSelectorAndTemplate(
  spec: { selector?: LabelSelector; template?: PodTemplateSpec } | undefined,
  specPath: FieldPath,
  rules: WorkloadRules,
): FieldError[] {
  const errs: FieldError[] = [];
  const selector = spec?.selector;
  const selPath = specPath.child("selector");
  if (!selector) errs.push(fieldErrors.required(selPath));
  else {
    errs.push(...validateLabelSelector(selector, selPath));
    if (isEmptySelector(selector)) errs.push(fieldErrors.invalid(selPath, selector, `empty selector is invalid for ${rules.selectorNoun}`));
  }
  const tplPath = specPath.child("template");
  const template = spec?.template;
  if (!isValidSelector(selector)) {
    errs.push(fieldErrors.invalid(selPath, selector, "invalid label selector"));
    return errs;
  }
  if (!template) return [...errs, fieldErrors.required(tplPath)];
  if (selector && !isEmptySelector(selector) && !selectorMatches(selector, template.metadata?.labels)) {
    errs.push(fieldErrors.invalid(tplPath.child("metadata", "labels"), template.metadata?.labels ?? {}, "`selector` does not match template `labels`"));
  }
  errs.push(...validatePodTemplateSpec(template, tplPath));
  const restart = template.spec?.restartPolicy;
  if (restart !== "Always") errs.push(fieldErrors.notSupported(tplPath.child("spec", "restartPolicy"), restart ?? "", ["Always"]));
  const deadline = template.spec?.activeDeadlineSeconds;
  if (deadline !== undefined && deadline !== null) {
    const msg = `activeDeadlineSeconds in ${rules.deadlineNoun} is not Supported`;
    errs.push(rules.deadlineForbidden ? fieldErrors.forbidden(tplPath.child("spec", "activeDeadlineSeconds"), msg) : fieldErrors.invalid(tplPath.child("spec", "activeDeadlineSeconds"), deadline, msg));
  }
  return errs;
}

/** Status counters a workload's /status may report, none of them negative. */
export function validateStatusCounts(status: object | undefined, fields: readonly string[], statusPath: FieldPath): FieldError[] {
  const rec = (status ?? {}) as Record<string, unknown>;
  return fields.flatMap((f) => (typeof rec[f] === "number" ? validateNonnegative(rec[f] as number, statusPath.child(f)) : []));
}
