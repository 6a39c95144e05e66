/**
 * batch/v1 CronJobs: upstream's defaults (Allow, not suspended, 3 successful
 * and 1 failed job kept), schedule and time zone validation with the cron
 * parser's own messages, job template rules and the table.
 */
import type { CronJob, CronJobSpec, JobTemplateSpec } from "kubernetes-types/batch/v1.js";
import { setPodTemplateDefaults } from "../core/pod-defaults.js";
import { selectorColumn, templateColumns } from "../core/pod-template.js";
import { age, ageColumn } from "../printers.js";
import type { KubeObject, ResourceDefinition, TableColumn } from "../types.js";
import { fieldErrors, path, type FieldError, type FieldPath } from "../validation/field.js";
import { cronScheduleError, isKnownTimeZone } from "./cron-schedule.js";
import { validateJobSpec, type JobSpecLike } from "./job-spec-validation.js";
import { validateNonnegative } from "../validation/numbers.js";

type JobTemplate = Omit<JobTemplateSpec, "spec"> & { spec?: JobSpecLike };
export type CronJobObject = Omit<CronJob, "spec"> & { spec?: Omit<CronJobSpec, "jobTemplate"> & { jobTemplate: JobTemplate } } & KubeObject;

const CONCURRENCY_POLICIES = ["Allow", "Forbid", "Replace"];
const timeZonePartRe = /^[A-Za-z.\-_0-9+]{1,14}$/;
/** 63 minus the 11 characters of the suffix jobs get ("-" and a minute count). */
const MAX_NAME_LENGTH = 52;

export function setCronJobDefaults(cj: CronJobObject): void {
  const spec = (cj.spec ??= { schedule: "", jobTemplate: {} });
  spec.concurrencyPolicy ||= "Allow";
  spec.suspend ??= false;
  spec.successfulJobsHistoryLimit ??= 3;
  spec.failedJobsHistoryLimit ??= 1;
  setPodTemplateDefaults(spec.jobTemplate?.spec?.template);
}

function validateSchedule(schedule: string, timeZone: string | undefined, p: FieldPath): FieldError[] {
  const errs: FieldError[] = [];
  const parseError = cronScheduleError(schedule);
  if (parseError) errs.push(fieldErrors.invalid(p, schedule, parseError));
  if (schedule.includes("TZ")) {
    errs.push(fieldErrors.invalid(p, schedule, timeZone != null ? "cannot use both timeZone field and TZ or CRON_TZ in schedule" : "cannot use TZ or CRON_TZ in schedule, use timeZone field instead"));
  }
  return errs;
}

export function validateTimeZone(zone: string | undefined, p: FieldPath): FieldError[] {
  if (zone === undefined || zone === null) return [];
  if (zone.length === 0) return [fieldErrors.invalid(p, zone, "timeZone must be nil or non-empty string")];
  for (const part of zone.split("/")) {
    if (part === "." || part === ".." || part.startsWith("-") || !timeZonePartRe.test(part)) return [fieldErrors.invalid(p, zone, `unknown time zone ${zone}`)];
  }
  if (zone.toLowerCase() === "local") return [fieldErrors.invalid(p, zone, "timeZone must be an explicit time zone as defined in https://www.iana.org/time-zones")];
  return isKnownTimeZone(zone) ? [] : [fieldErrors.invalid(p, zone, `unknown time zone ${zone}`)];
}

function validateJobTemplate(t: JobTemplate | undefined, p: FieldPath): FieldError[] {
  const errs = validateJobSpec(t?.spec, p.child("spec"));
  if (t?.spec?.selector) errs.push(fieldErrors.invalid(p.child("spec", "selector"), t.spec.selector, "`selector` will be auto-generated"));
  if (t?.spec?.manualSelector) errs.push(fieldErrors.notSupported(p.child("spec", "manualSelector"), t.spec.manualSelector, ["nil", "false"]));
  return errs;
}

export function validateCronJob(cj: CronJobObject): FieldError[] {
  const spec = cj.spec;
  const sp = path("spec");
  const errs: FieldError[] = [];
  if (!spec?.schedule) errs.push(fieldErrors.required(sp.child("schedule")));
  else errs.push(...validateSchedule(spec.schedule, spec.timeZone, sp.child("schedule")));
  errs.push(...validateNonnegative(spec?.startingDeadlineSeconds, sp.child("startingDeadlineSeconds")));
  const cp = spec?.concurrencyPolicy;
  if (!cp) errs.push(fieldErrors.required(sp.child("concurrencyPolicy")));
  else if (!CONCURRENCY_POLICIES.includes(cp)) errs.push(fieldErrors.notSupported(sp.child("concurrencyPolicy"), cp, CONCURRENCY_POLICIES));
  errs.push(...validateJobTemplate(spec?.jobTemplate, sp.child("jobTemplate")));
  errs.push(...validateNonnegative(spec?.successfulJobsHistoryLimit, sp.child("successfulJobsHistoryLimit")));
  errs.push(...validateNonnegative(spec?.failedJobsHistoryLimit, sp.child("failedJobsHistoryLimit")));
  errs.push(...validateTimeZone(spec?.timeZone, sp.child("timeZone")));
  return errs;
}

const columns: TableColumn<CronJobObject>[] = [
  { name: "Schedule", type: "string", description: "The schedule in Cron format, see https://en.wikipedia.org/wiki/Cron.", cell: (c) => c.spec?.schedule ?? "" },
  { name: "Timezone", type: "string", description: "The time zone name for the given schedule, see https://en.wikipedia.org/wiki/List_of_tz_database_time_zones.", cell: (c) => c.spec?.timeZone ?? "<none>" },
  { name: "Suspend", type: "boolean", description: "This flag tells the controller to suspend subsequent executions, it does not apply to already started executions.", cell: (c) => (c.spec?.suspend == null ? "<unset>" : c.spec.suspend ? "True" : "False") },
  { name: "Active", type: "integer", description: "A list of pointers to currently running jobs.", cell: (c) => c.status?.active?.length ?? 0 },
  { name: "Last Schedule", type: "string", description: "Information when was the last time the job was successfully scheduled.", cell: (c, ctx) => (c.status?.lastScheduleTime ? age(c.status.lastScheduleTime, ctx.now) : "<none>") },
  ageColumn(),
  ...templateColumns<CronJobObject>((c) => c.spec?.jobTemplate?.spec?.template?.spec),
  selectorColumn<CronJobObject>((c) => c.spec?.jobTemplate?.spec?.selector, "A label query over pods that should match the pod count."),
];

export const cronjobs: ResourceDefinition<CronJobObject> = {
  group: "batch",
  version: "v1",
  kind: "CronJob",
  plural: "cronjobs",
  singular: "cronjob",
  namespaced: true,
  shortNames: ["cj"],
  categories: ["all"],
  schema: "io.k8s.api.batch.v1.CronJob",
  hasStatus: true,
  tracksGeneration: true,
  defaults: setCronJobDefaults,
  prepareForCreate(cj) {
    cj.status = {};
  },
  validate(cj) {
    const errs = validateCronJob(cj);
    const name = cj.metadata.name ?? "";
    if (name.length > MAX_NAME_LENGTH) errs.unshift(fieldErrors.invalid(path("metadata", "name"), name, `must be no more than ${MAX_NAME_LENGTH} characters`));
    return errs;
  },
  validateUpdate: (cj) => validateCronJob(cj),
  columns,
};
