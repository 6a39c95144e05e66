import { test } from "node:test";
import assert from "node:assert/strict";
import { fieldErrorMessage } from "../validation/field.js";
import { cronjobs, type CronJobObject } from "./cronjobs.js";
import { jobs, type JobObject } from "./jobs.js";
import { testContext } from "../testing/hook-context.js";

const NOW = Date.parse("2026-01-01T12:00:00Z");
const ctx = testContext({ now: NOW });
const podTemplate = (restartPolicy = "Never") => ({ spec: { restartPolicy, containers: [{ name: "pi", image: "perl:5" }] } });

function newJob(spec: Record<string, unknown> = {}): JobObject {
  const job = { metadata: { name: "pi", namespace: "default", uid: "u-1", creationTimestamp: "2026-01-01T11:00:00Z" }, spec: { template: podTemplate(), ...spec } } as JobObject;
  jobs.defaults!(job);
  return job;
}

async function createdJob(spec: Record<string, unknown> = {}): Promise<JobObject> {
  const job = newJob(spec);
  await jobs.prepareForCreate!(job, ctx);
  return job;
}

const messages = async (errs: ReturnType<NonNullable<typeof jobs.validate>>) => (await errs).map(fieldErrorMessage);

test("Jobs default as upstream: one completion, backoff 6, NonIndexed, not suspended.", () => {
  const { spec } = newJob();
  assert.equal(spec!.completions, 1);
  assert.equal(spec!.parallelism, 1);
  assert.equal(spec!.backoffLimit, 6);
  assert.equal(spec!.completionMode, "NonIndexed");
  assert.equal(spec!.suspend, false);
  assert.equal(spec!.podReplacementPolicy, "TerminatingOrFailed");
});

test("A job with parallelism only keeps completions unset.", () => {
  const { spec } = newJob({ parallelism: 3 });
  assert.equal(spec!.completions, undefined);
  assert.equal(spec!.parallelism, 3);
});

test("Creating a job generates its selector and pod labels from uid and name.", async () => {
  const job = await createdJob();
  const labels = { "batch.kubernetes.io/controller-uid": "u-1", "batch.kubernetes.io/job-name": "pi", "controller-uid": "u-1", "job-name": "pi" };
  assert.deepEqual(job.spec!.selector, { matchLabels: { "batch.kubernetes.io/controller-uid": "u-1" } });
  assert.deepEqual(job.spec!.template.metadata!.labels, labels);
  assert.deepEqual(job.metadata.labels, labels);
  assert.deepEqual(job.status, {});
  assert.deepEqual(await messages(jobs.validate!(job, ctx)), []);
});

test("A job template must restart OnFailure or Never.", async () => {
  const job = await createdJob({ template: podTemplate("Always") });
  assert.ok((await messages(jobs.validate!(job, ctx))).includes('spec.template.spec.restartPolicy: Unsupported value: "Always": supported values: "OnFailure", "Never"'));
});

test("A hand-written selector without manualSelector is refused.", async () => {
  const job = await createdJob({ selector: { matchLabels: { app: "x" } }, template: { metadata: { labels: { app: "x" } }, ...podTemplate() } });
  const msgs = await messages(jobs.validate!(job, ctx));
  assert.ok(msgs.some((m) => m.startsWith("spec.selector: Invalid value:") && m.endsWith("`selector` not auto-generated")), JSON.stringify(msgs));
});

test("A manual selector must match the template labels.", async () => {
  const job = await createdJob({ manualSelector: true, selector: { matchLabels: { app: "x" } }, template: { metadata: { labels: { app: "y" } }, ...podTemplate() } });
  assert.deepEqual(await messages(jobs.validate!(job, ctx)), ['spec.template.metadata.labels: Invalid value: {"app":"y"}: `selector` does not match template `labels`']);
});

test("A running job's template is immutable; a suspended, unstarted one may change its node selector.", async () => {
  const old = await createdJob();
  const next = structuredClone(old);
  next.spec!.template.spec!.nodeSelector = { disk: "ssd" };
  assert.ok((await messages(jobs.validateUpdate!(next, old, ctx))).some((m) => m.startsWith("spec.template: Invalid value:") && m.endsWith("field is immutable")));
  const suspended = await createdJob({ suspend: true });
  const moved = structuredClone(suspended);
  moved.spec!.template.spec!.nodeSelector = { disk: "ssd" };
  assert.deepEqual(await messages(jobs.validateUpdate!(moved, suspended, ctx)), []);
});

test("Jobs orphan their pods unless told otherwise and select on status.successful.", async () => {
  const job = await createdJob();
  job.status = { succeeded: 2 };
  assert.equal(jobs.defaultPropagation, "Orphan");
  assert.deepEqual(jobs.selectableFields!(job), { "status.successful": "2" });
});

const jobRows: { name: string; spec?: Record<string, unknown>; status: Record<string, unknown>; deleting?: boolean; want: unknown[] }[] = [
  { name: "A running job shows Running, its progress and its duration so far.", status: { startTime: "2026-01-01T11:58:00Z", succeeded: 0 }, want: ["Running", "0/1", "2m", "60m"] },
  {
    name: "A completed job shows Complete and how long it took.",
    status: { startTime: "2026-01-01T11:00:00Z", completionTime: "2026-01-01T11:00:45Z", succeeded: 1, conditions: [{ type: "Complete", status: "True" }] },
    want: ["Complete", "1/1", "45s", "60m"],
  },
  { name: "A parallel job without completions shows 'of N'.", spec: { parallelism: 3 }, status: { succeeded: 1 }, want: ["Running", "1/1 of 3", "", "60m"] },
  { name: "A failed job shows Failed.", status: { conditions: [{ type: "Failed", status: "True" }] }, want: ["Failed", "0/1", "", "60m"] },
  { name: "A suspended job shows Suspended.", status: { conditions: [{ type: "Suspended", status: "True" }] }, want: ["Suspended", "0/1", "", "60m"] },
  { name: "A job being deleted shows Terminating.", status: {}, deleting: true, want: ["Terminating", "0/1", "", "60m"] },
];
for (const r of jobRows) {
  test(r.name, async () => {
    const job = await createdJob(r.spec);
    job.status = r.status;
    if (r.deleting) job.metadata = { ...job.metadata, deletionTimestamp: "2026-01-01T12:00:00Z" };
    const cells = jobs.columns!.map((c) => c.cell(job, { now: NOW }));
    assert.deepEqual(cells.slice(0, 4), r.want);
    assert.deepEqual(cells.slice(4), ["pi", "perl:5", "batch.kubernetes.io/controller-uid=u-1"]);
  });
}

function newCronJob(spec: Record<string, unknown> = {}): CronJobObject {
  const cj = { metadata: { name: "tick", creationTimestamp: "2026-01-01T11:00:00Z" }, spec: { schedule: "*/5 * * * *", jobTemplate: { spec: { template: podTemplate("OnFailure") } }, ...spec } } as CronJobObject;
  cronjobs.defaults!(cj);
  return cj;
}

test("CronJobs default to Allow, not suspended, 3 successful and 1 failed job kept.", () => {
  const { spec } = newCronJob();
  assert.equal(spec!.concurrencyPolicy, "Allow");
  assert.equal(spec!.suspend, false);
  assert.equal(spec!.successfulJobsHistoryLimit, 3);
  assert.equal(spec!.failedJobsHistoryLimit, 1);
  assert.equal(spec!.jobTemplate.spec!.template.spec!.dnsPolicy, "ClusterFirst");
});

const cronInvalid: { name: string; spec: Record<string, unknown>; want: string }[] = [
  { name: "A malformed schedule is refused with the parser's text.", spec: { schedule: "* * *" }, want: 'spec.schedule: Invalid value: "* * *": expected exactly 5 fields, found 3: [* * *]' },
  { name: "TZ in the schedule is refused.", spec: { schedule: "TZ=UTC 0 * * * *" }, want: 'spec.schedule: Invalid value: "TZ=UTC 0 * * * *": cannot use TZ or CRON_TZ in schedule, use timeZone field instead' },
  { name: "An unknown time zone is refused.", spec: { timeZone: "Mars/Olympus" }, want: 'spec.timeZone: Invalid value: "Mars/Olympus": unknown time zone Mars/Olympus' },
  { name: "Local is not an explicit time zone.", spec: { timeZone: "Local" }, want: 'spec.timeZone: Invalid value: "Local": timeZone must be an explicit time zone as defined in https://www.iana.org/time-zones' },
  { name: "concurrencyPolicy is one of three.", spec: { concurrencyPolicy: "Sometimes" }, want: 'spec.concurrencyPolicy: Unsupported value: "Sometimes": supported values: "Allow", "Forbid", "Replace"' },
];
for (const c of cronInvalid) {
  test(c.name, async () => {
    const msgs = (await cronjobs.validate!(newCronJob(c.spec), ctx)).map(fieldErrorMessage);
    assert.ok(msgs.includes(c.want), JSON.stringify(msgs));
  });
}

test("A valid CronJob in a real time zone passes.", async () => {
  assert.deepEqual(await cronjobs.validate!(newCronJob({ timeZone: "Europe/Paris" }), ctx), []);
});

test("CronJob names leave room for the job suffix.", async () => {
  const cj = newCronJob();
  cj.metadata.name = "x".repeat(53);
  assert.equal(fieldErrorMessage((await cronjobs.validate!(cj, ctx))[0]), `metadata.name: Invalid value: "${"x".repeat(53)}": must be no more than 52 characters`);
});

test("The CronJob table shows schedule, time zone, suspension, active jobs and last schedule.", () => {
  const cj = newCronJob({ timeZone: "UTC" });
  cj.status = { active: [{ name: "tick-1" }], lastScheduleTime: "2026-01-01T11:55:00Z" };
  assert.deepEqual(cronjobs.columns!.map((c) => c.name), ["Schedule", "Timezone", "Suspend", "Active", "Last Schedule", "Age", "Containers", "Images", "Selector"]);
  assert.deepEqual(cronjobs.columns!.map((c) => c.cell(cj, { now: NOW })), ["*/5 * * * *", "UTC", "False", 1, "5m", "60m", "pi", "perl:5", "<none>"]);
});
