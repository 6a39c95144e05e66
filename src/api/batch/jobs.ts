/**
 * batch/v1 Jobs: upstream's defaults, the server-generated selector and pod
 * labels (controller-uid, job-name), validation, the mostly immutable spec,
 * Orphan as the default propagation, the table and status.successful.
 */
import type { Job, JobStatus } from "kubernetes-types/batch/v1.js";
import { setPodTemplateDefaults } from "../core/pod-defaults.js";
import { selectorColumn, templateColumns } from "../core/pod-template.js";
import { humanDuration, ageColumn } from "../printers.js";
import type { KubeObject, ResourceDefinition, TableColumn } from "../types.js";
import { fieldErrors, path, type FieldError } from "../validation/field.js";
import { selectorMatches, validateLabelSelector } from "../validation/label-selector.js";
import { validateJobSpec, type JobSpecLike } from "./job-spec-validation.js";
import { jsonEqual, validateImmutable } from "../validation/immutable.js";

export type JobObject = Omit<Job, "spec" | "status"> & { spec?: JobSpecLike; status?: JobStatus } & KubeObject;

export const CONTROLLER_UID_LABEL = "batch.kubernetes.io/controller-uid";
export const JOB_NAME_LABEL = "batch.kubernetes.io/job-name";
export const LEGACY_CONTROLLER_UID_LABEL = "controller-uid";
export const LEGACY_JOB_NAME_LABEL = "job-name";

export function setJobDefaults(job: JobObject): void {
  const spec = (job.spec ??= { template: {} });
  if (spec.completions == null && spec.parallelism == null) {
    spec.completions = 1;
    spec.parallelism = 1;
  }
  spec.parallelism ??= 1;
  spec.backoffLimit ??= spec.backoffLimitPerIndex != null ? 2147483647 : 6;
  const templateLabels = spec.template?.metadata?.labels;
  if (templateLabels && Object.keys(job.metadata.labels ?? {}).length === 0) job.metadata.labels = { ...templateLabels };
  spec.completionMode ??= "NonIndexed";
  spec.suspend ??= false;
  for (const rule of spec.podFailurePolicy?.rules ?? []) for (const c of rule.onPodConditions ?? []) c.status ||= "True";
  spec.podReplacementPolicy ??= spec.podFailurePolicy ? "Failed" : "TerminatingOrFailed";
  setPodTemplateDefaults(spec.template);
}

/** Upstream's generateSelector: pods carry the job's uid and name; the selector picks the uid. */
export function generateSelector(job: JobObject): void {
  const spec = (job.spec ??= { template: {} });
  const meta = ((spec.template ??= {}).metadata ??= {});
  const labels = (meta.labels ??= {});
  const name = job.metadata.name ?? "";
  const uid = job.metadata.uid ?? "";
  for (const k of [LEGACY_JOB_NAME_LABEL, JOB_NAME_LABEL]) if (!(k in labels)) labels[k] = name;
  for (const k of [LEGACY_CONTROLLER_UID_LABEL, CONTROLLER_UID_LABEL]) if (!(k in labels)) labels[k] = uid;
  const selector = (spec.selector ??= {});
  const matchLabels = (selector.matchLabels ??= {});
  if (!(CONTROLLER_UID_LABEL in matchLabels)) matchLabels[CONTROLLER_UID_LABEL] = uid;
}

function validateHasLabel(job: JobObject, key: string, expected: string): FieldError[] {
  const labels = job.spec?.template?.metadata?.labels ?? {};
  const p = path("spec", "template", "metadata", "labels").key(key);
  if (!(key in labels)) return [fieldErrors.required(p, expected)];
  return labels[key] === expected ? [] : [fieldErrors.invalid(p, labels, expected)];
}

function validateGeneratedSelector(job: JobObject): FieldError[] {
  if (job.spec?.manualSelector) return [];
  const uid = job.metadata.uid ?? "";
  const name = job.metadata.name ?? "";
  const errs = [
    ...validateHasLabel(job, LEGACY_CONTROLLER_UID_LABEL, uid),
    ...validateHasLabel(job, LEGACY_JOB_NAME_LABEL, name),
    ...validateHasLabel(job, CONTROLLER_UID_LABEL, uid),
    ...validateHasLabel(job, JOB_NAME_LABEL, name),
  ];
  if (!jsonEqual(job.spec?.selector, { matchLabels: { [CONTROLLER_UID_LABEL]: uid } })) {
    errs.push(fieldErrors.invalid(path("spec", "selector"), job.spec?.selector ?? null, "`selector` not auto-generated"));
  }
  return errs;
}

export function validateJob(job: JobObject): FieldError[] {
  const sp = path("spec");
  const spec = job.spec;
  const errs = validateJobSpec(spec, sp);
  if (!spec?.selector) errs.push(fieldErrors.required(sp.child("selector")));
  else {
    errs.push(...validateLabelSelector(spec.selector, sp.child("selector")));
    if (!selectorMatches(spec.selector, spec.template?.metadata?.labels)) {
      errs.push(fieldErrors.invalid(sp.child("template", "metadata", "labels"), spec.template?.metadata?.labels ?? {}, "`selector` does not match template `labels`"));
    }
  }
  return errs;
}

/** Scheduling directives of a suspended, never-started job may still change (upstream's AllowMutableSchedulingDirectives). */
function validateTemplateUpdate(job: JobObject, old: JobObject): FieldError[] {
  const next = job.spec?.template;
  let prev = old.spec?.template;
  if (old.spec?.suspend && !old.status?.startTime && prev && next) {
    prev = structuredClone(prev);
    prev.metadata = { ...(prev.metadata ?? {}), labels: next.metadata?.labels, annotations: next.metadata?.annotations };
    if (prev.spec && next.spec) {
      prev.spec.nodeSelector = next.spec.nodeSelector;
      prev.spec.tolerations = next.spec.tolerations;
      prev.spec.schedulingGates = next.spec.schedulingGates;
      const affinity = { ...(prev.spec.affinity ?? {}), nodeAffinity: next.spec.affinity?.nodeAffinity };
      prev.spec.affinity = next.spec.affinity || Object.values(affinity).some((v) => v !== undefined) ? affinity : undefined;
    }
  }
  return validateImmutable(next, prev, path("spec", "template"));
}

export function validateJobUpdate(job: JobObject, old: JobObject): FieldError[] {
  const sp = path("spec");
  const n = job.spec;
  const o = old.spec;
  const errs = validateJob(job);
  const elastic = n?.completionMode === "Indexed" && n.completions === n.parallelism && o?.completions === o?.parallelism;
  if (!elastic) errs.push(...validateImmutable(n?.completions, o?.completions, sp.child("completions")));
  errs.push(...validateImmutable(n?.selector, o?.selector, sp.child("selector")));
  errs.push(...validateTemplateUpdate(job, old));
  for (const k of ["completionMode", "podFailurePolicy", "backoffLimitPerIndex", "managedBy", "successPolicy"] as const) {
    errs.push(...validateImmutable(n?.[k], o?.[k], sp.child(k)));
  }
  return errs;
}

/** printJob's Status cell: the first of these conditions that holds. */
function jobStatus(job: JobObject): string {
  const has = (type: string) => (job.status?.conditions ?? []).some((c) => c.type === type && c.status === "True");
  if (has("Complete")) return "Complete";
  if (has("Failed")) return "Failed";
  if (job.metadata.deletionTimestamp) return "Terminating";
  if (has("Suspended")) return "Suspended";
  if (has("FailureTarget")) return "FailureTarget";
  if (has("SuccessCriteriaMet")) return "SuccessCriteriaMet";
  return "Running";
}

function completions(job: JobObject): string {
  const succeeded = job.status?.succeeded ?? 0;
  if (job.spec?.completions != null) return `${succeeded}/${job.spec.completions}`;
  const parallelism = job.spec?.parallelism ?? 0;
  return parallelism > 1 ? `${succeeded}/1 of ${parallelism}` : `${succeeded}/1`;
}

function duration(job: JobObject, now: number): string {
  const start = job.status?.startTime ? Date.parse(job.status.startTime) : NaN;
  if (Number.isNaN(start)) return "";
  const end = job.status?.completionTime ? Date.parse(job.status.completionTime) : now;
  return humanDuration(end - start);
}

const columns: TableColumn<JobObject>[] = [
  { name: "Status", type: "string", description: "Status of the job.", cell: (j) => jobStatus(j) },
  { name: "Completions", type: "string", description: "The completion status of the job.", cell: (j) => completions(j) },
  { name: "Duration", type: "string", description: "Time required to complete the job.", cell: (j, ctx) => duration(j, ctx.now) },
  ageColumn(),
  ...templateColumns<JobObject>((j) => j.spec?.template?.spec),
  selectorColumn<JobObject>((j) => j.spec?.selector, "A label query over pods that should match the pod count."),
];

export const jobs: ResourceDefinition<JobObject> = {
  group: "batch",
  version: "v1",
  kind: "Job",
  plural: "jobs",
  singular: "job",
  namespaced: true,
  categories: ["all"],
  schema: "io.k8s.api.batch.v1.Job",
  hasStatus: true,
  tracksGeneration: true,
  defaultPropagation: "Orphan",
  defaults: setJobDefaults,
  prepareForCreate(job) {
    job.status = {};
    const spec = (job.spec ??= { template: {} });
    // Job labels defaulted from the template follow it, generated labels included.
    const followsTemplate = Object.keys(job.metadata.labels ?? {}).length === 0 || jsonEqual(job.metadata.labels, spec.template?.metadata?.labels);
    if (!spec.manualSelector) generateSelector(job);
    if (followsTemplate && spec.template?.metadata?.labels) job.metadata.labels = { ...spec.template.metadata.labels };
  },
  validate: (job) => [...validateJob(job), ...validateGeneratedSelector(job)],
  validateUpdate: validateJobUpdate,
  columns,
  selectableFields: (job) => ({ "status.successful": String(job.status?.succeeded ?? 0) }),
};
