/**
 * Pod spec immutability, as upstream's ValidatePodUpdate: only container
 * images, a tightened activeDeadlineSeconds, added tolerations (and their
 * tolerationSeconds), removed scheduling gates and a negative grace period
 * turned into 1 may change. Anything else is refused with upstream's message.
 */
import type { Container, Toleration } from "kubernetes-types/core/v1.js";
import type { Pod, PodSpec } from "./pod-types.js";
import { fieldErrors, path, type FieldError, type FieldPath } from "../validation/field.js";
import { validateTolerations } from "./pod-validation.js";
import { inclusiveRangeError } from "../validation/numbers.js";
import { jsonEqual } from "../validation/immutable.js";

const MAX_INT32 = 2147483647;

export const UPDATABLE_POD_SPEC_FIELDS =
  "`spec.containers[*].image`,`spec.initContainers[*].image`,`spec.activeDeadlineSeconds`,`spec.tolerations` (only additions to existing tolerations),`spec.terminationGracePeriodSeconds` (allow it to be set to 1 if it was previously negative)";

function validateContainerUpdates(next: Container[] | undefined, old: Container[] | undefined, p: FieldPath): { errs: FieldError[]; stop: boolean } {
  const n = next ?? [];
  if (n.length !== (old ?? []).length) return { errs: [fieldErrors.forbidden(p, "pod updates may not add or remove containers")], stop: true };
  const errs: FieldError[] = [];
  n.forEach((c, i) => {
    if (!c.image) errs.push(fieldErrors.required(p.index(i).child("image")));
    else if (c.image.trim() !== c.image) errs.push(fieldErrors.invalid(p.index(i).child("image"), c.image, "must not have leading or trailing whitespace"));
  });
  return { errs, stop: false };
}

function validateOnlyAddedTolerations(next: Toleration[] | undefined, old: Toleration[] | undefined, p: FieldPath): FieldError[] {
  for (const o of old ?? []) {
    const found = (next ?? []).some((t) => jsonEqual({ ...o, tolerationSeconds: t.tolerationSeconds }, t));
    if (!found) return [fieldErrors.forbidden(p, "existing toleration can not be modified except its tolerationSeconds")];
  }
  return validateTolerations(next, p);
}

function validateOnlyDeletedGates(next: PodSpec["schedulingGates"], old: PodSpec["schedulingGates"], p: FieldPath): FieldError[] {
  const oldNames = new Set((old ?? []).map((g) => g.name));
  return (next ?? []).some((g) => !oldNames.has(g.name)) ? [fieldErrors.forbidden(p, "only deletion is allowed, but found new scheduling gate")] : [];
}

/** A short account of what differs, in place of upstream's cmp.Diff text. */
export function specDiff(old: unknown, next: unknown, at = ""): string[] {
  if (jsonEqual(old, next)) return [];
  const bothObjects = old && next && typeof old === "object" && typeof next === "object" && Array.isArray(old) === Array.isArray(next);
  if (!bothObjects) {
    const lines: string[] = [];
    if (old !== undefined) lines.push(`- \t${at}: ${JSON.stringify(old)}`);
    if (next !== undefined) lines.push(`+ \t${at}: ${JSON.stringify(next)}`);
    return lines;
  }
  const o = old as Record<string, unknown>;
  const n = next as Record<string, unknown>;
  const keys = [...new Set([...Object.keys(o), ...Object.keys(n)])];
  return keys.flatMap((k) => specDiff(o[k], n[k], Array.isArray(old) ? `${at}[${k}]` : at ? `${at}.${k}` : k));
}

export function validatePodSpecUpdate(next: Pod, old: Pod): FieldError[] {
  const specPath = path("spec");
  const ns: PodSpec = next.spec ?? { containers: [] };
  const os: PodSpec = old.spec ?? { containers: [] };
  const errs: FieldError[] = [];
  for (const [field, n, o] of [["containers", ns.containers, os.containers], ["initContainers", ns.initContainers, os.initContainers]] as const) {
    const r = validateContainerUpdates(n, o, specPath.child(field));
    errs.push(...r.errs);
    if (r.stop) return errs;
  }

  if (ns.activeDeadlineSeconds !== undefined && ns.activeDeadlineSeconds !== null) {
    const v = ns.activeDeadlineSeconds;
    if (v < 0 || v > MAX_INT32) return [...errs, fieldErrors.invalid(specPath.child("activeDeadlineSeconds"), v, inclusiveRangeError(0, MAX_INT32))];
    if (os.activeDeadlineSeconds != null && os.activeDeadlineSeconds < v) {
      return [...errs, fieldErrors.invalid(specPath.child("activeDeadlineSeconds"), v, "must be less than or equal to previous value")];
    }
  } else if (os.activeDeadlineSeconds != null) {
    errs.push(fieldErrors.invalid(specPath.child("activeDeadlineSeconds"), null, "must not update from a positive integer to nil value"));
  }
  errs.push(...validateOnlyAddedTolerations(ns.tolerations, os.tolerations, specPath.child("tolerations")));
  errs.push(...validateOnlyDeletedGates(ns.schedulingGates, os.schedulingGates, specPath.child("schedulingGates")));
  if (jsonEqual(ns, os)) return errs;

  // Put the old values back into every field that may change; what still differs may not.
  const munged: PodSpec = structuredClone(ns);
  munged.containers = munged.containers.map((c, i) => ({ ...c, image: os.containers[i]?.image }) as Container);
  if (munged.initContainers) munged.initContainers = munged.initContainers.map((c, i) => ({ ...c, image: os.initContainers?.[i]?.image }) as Container);
  munged.activeDeadlineSeconds = os.activeDeadlineSeconds;
  munged.schedulingGates = os.schedulingGates;
  munged.tolerations = os.tolerations;
  if ((os.terminationGracePeriodSeconds ?? 0) < 0 && munged.terminationGracePeriodSeconds === 1) munged.terminationGracePeriodSeconds = os.terminationGracePeriodSeconds;
  for (const k of Object.keys(munged) as (keyof PodSpec)[]) if (munged[k] === undefined) delete munged[k];

  if (!jsonEqual(munged, os)) {
    const diff = ["  core.PodSpec{", ...specDiff(os, munged), "  }"].join("\n");
    errs.push(fieldErrors.forbidden(specPath, `pod updates may not change fields other than ${UPDATABLE_POD_SPEC_FIELDS}\n${diff}`));
  }
  return errs;
}
