import assert from "node:assert/strict";
import { afterEach, beforeEach, describe, it } from "node:test";
import type { CronJobObject } from "../../api/batch/cronjobs.js";
import type { JobObject } from "../../api/batch/jobs.js";
import { CRONJOBS, JOBS } from "../../client/index.js";
import { startControllerTestEnv, type ControllerTestEnv } from "../shared/controller-test-env.js";
import { createCronJobController } from "./controller.js";

function cronJob(name: string, spec: Partial<NonNullable<CronJobObject["spec"]>> = {}): CronJobObject {
  return {
    apiVersion: "batch/v1",
    kind: "CronJob",
    metadata: { name, namespace: "default" },
    spec: {
      schedule: "*/5 * * * *",
      timeZone: "Etc/UTC",
      jobTemplate: { spec: { template: { spec: { restartPolicy: "Never", containers: [{ name: "c", image: "busybox" }] } } } },
      ...spec,
    },
  };
}

async function jobs(env: ControllerTestEnv): Promise<JobObject[]> {
  await env.settle();
  return (await env.client.list<JobObject>(JOBS, { namespace: "default" })).items;
}

async function markComplete(env: ControllerTestEnv, name: string): Promise<void> {
  const j = await env.client.get<JobObject>(JOBS, "default", name);
  const now = new Date(env.clock.now()).toISOString().replace(/\.\d+Z$/, "Z");
  const conditions = [
    { type: "SuccessCriteriaMet", status: "True", lastTransitionTime: now, lastProbeTime: now },
    { type: "Complete", status: "True", lastTransitionTime: now, lastProbeTime: now },
  ];
  await env.client.update(JOBS, "default", { ...j, status: { ...j.status, startTime: now, completionTime: now, succeeded: 1, conditions } }, { subresource: "status" });
}

describe("CronJob controller against an API server", () => {
  let env: ControllerTestEnv;
  beforeEach(async () => {
    env = await startControllerTestEnv();
    env.run(createCronJobController(env.ctx));
  });
  afterEach(() => env.stop());

  it("creates a Job named by the scheduled minute when the clock reaches the schedule", async () => {
    await env.client.create(CRONJOBS, "default", cronJob("tick"));
    await env.clock.advance(4 * 60_000);
    assert.equal((await jobs(env)).length, 0);
    await env.clock.advance(60_000 + 200);
    const [j] = await jobs(env);
    const scheduled = Date.UTC(2026, 0, 1, 0, 5);
    assert.equal(j.metadata.name, `tick-${scheduled / 60_000}`);
    assert.equal(j.metadata.annotations?.["batch.kubernetes.io/cronjob-scheduled-timestamp"], "2026-01-01T00:05:00Z");
    assert.equal(j.metadata.ownerReferences?.[0].kind, "CronJob");
    const cj = await env.client.get<CronJobObject>(CRONJOBS, "default", "tick");
    assert.equal(cj.status?.lastScheduleTime, "2026-01-01T00:05:00Z");
    assert.deepEqual(cj.status?.active?.map((r) => r.name), [j.metadata.name]);
    assert.ok(env.events.some((e) => e.reason === "SuccessfulCreate" && e.message === `Created job ${j.metadata.name}`));
  });

  it("does not start a second Job while one runs under Forbid", async () => {
    await env.client.create(CRONJOBS, "default", cronJob("solo", { concurrencyPolicy: "Forbid" }));
    await env.clock.advance(5 * 60_000 + 200);
    await env.clock.advance(5 * 60_000);
    assert.equal((await jobs(env)).length, 1);
    assert.ok(env.events.some((e) => e.reason === "JobAlreadyActive"));
  });

  it("replaces the running Job under Replace", async () => {
    await env.client.create(CRONJOBS, "default", cronJob("swap", { concurrencyPolicy: "Replace" }));
    await env.clock.advance(5 * 60_000 + 200);
    const [first] = await jobs(env);
    await env.clock.advance(5 * 60_000);
    const names = (await jobs(env)).filter((j) => !j.metadata.deletionTimestamp).map((j) => j.metadata.name);
    assert.ok(!names.includes(first.metadata.name), "the first Job is deleted");
    assert.ok(env.events.some((e) => e.reason === "SuccessfulDelete" && e.message === `Deleted job ${first.metadata.name}`));
  });

  it("records a completed Job, its success time, and keeps only successfulJobsHistoryLimit finished Jobs", async () => {
    await env.client.create(CRONJOBS, "default", cronJob("hist", { successfulJobsHistoryLimit: 1 }));
    for (let i = 0; i < 2; i++) {
      await env.clock.advance(5 * 60_000 + (i === 0 ? 200 : 0));
      for (const j of await jobs(env)) if (!j.status?.conditions?.length) await markComplete(env, j.metadata.name!);
    }
    await env.settle();
    const left = (await jobs(env)).filter((j) => !j.metadata.deletionTimestamp);
    assert.equal(left.length, 1);
    const cj = await env.client.get<CronJobObject>(CRONJOBS, "default", "hist");
    assert.ok(cj.status?.lastSuccessfulTime);
    assert.equal(cj.status?.active, undefined);
    assert.ok(env.events.some((e) => e.reason === "SawCompletedJob" && e.message.endsWith("condition: Complete")));
  });

  it("starts nothing while suspended", async () => {
    await env.client.create(CRONJOBS, "default", cronJob("off", { suspend: true }));
    await env.clock.advance(11 * 60_000);
    assert.equal((await jobs(env)).length, 0);
  });
});
