import assert from "node:assert/strict";
import { afterEach, beforeEach, describe, it } from "node:test";
import type { JobObject } from "../../api/batch/jobs.js";
import { JOBS } from "../../client/index.js";
import { startControllerTestEnv, type ControllerTestEnv } from "../shared/controller-test-env.js";
import { createTTLAfterFinishedController } from "./controller.js";
import { timeLeft } from "./ttl.js";

const T0 = "2026-01-01T00:00:00Z";

function finishedJob(ttl: number | undefined, type: "Complete" | "Failed" | undefined): JobObject {
  return {
    metadata: { name: "j", namespace: "default" },
    spec: { template: {}, ttlSecondsAfterFinished: ttl },
    status: type ? { completionTime: type === "Complete" ? T0 : undefined, conditions: [{ type, status: "True", lastTransitionTime: T0 }] } : {},
  };
}

describe("timeLeft", () => {
  const now = Date.parse(T0) + 30_000;
  const cases: { name: string; job: JobObject; want: number | undefined }[] = [
    { name: "a running Job has no deadline", job: finishedJob(60, undefined), want: undefined },
    { name: "a Job without a TTL is kept", job: finishedJob(undefined, "Complete"), want: undefined },
    { name: "a completed Job counts from its completion time", job: finishedJob(60, "Complete"), want: 30_000 },
    { name: "a failed Job counts from its Failed condition", job: finishedJob(10, "Failed"), want: -20_000 },
  ];
  for (const c of cases) it(c.name, () => assert.equal(timeLeft(c.job, now), c.want));
});

describe("TTL-after-finished controller against an API server", () => {
  let env: ControllerTestEnv;
  beforeEach(async () => {
    env = await startControllerTestEnv();
    env.run(createTTLAfterFinishedController(env.ctx));
  });
  afterEach(() => env.stop());

  it("deletes a completed Job once its TTL has passed, not before", async () => {
    const created = await env.client.create<JobObject>(JOBS, "default", {
      metadata: { name: "done", namespace: "default" },
      spec: { ttlSecondsAfterFinished: 100, template: { spec: { restartPolicy: "Never", containers: [{ name: "c", image: "busybox" }] } } },
    });
    const now = new Date(env.clock.now()).toISOString().replace(/\.\d+Z$/, "Z");
    const conditions = [
      { type: "SuccessCriteriaMet", status: "True", lastTransitionTime: now },
      { type: "Complete", status: "True", lastTransitionTime: now },
    ];
    await env.client.update(JOBS, "default", { ...created, status: { startTime: now, completionTime: now, succeeded: 1, conditions } }, { subresource: "status" });
    await env.clock.advance(99_000);
    const kept = await env.client.get<JobObject>(JOBS, "default", "done");
    assert.equal(kept.metadata.deletionTimestamp, undefined);
    await env.clock.advance(2_000);
    await env.settle();
    const gone = await env.client.get<JobObject>(JOBS, "default", "done").catch(() => undefined);
    assert.ok(!gone || gone.metadata.deletionTimestamp, "the Job is deleted or being deleted");
  });
});
