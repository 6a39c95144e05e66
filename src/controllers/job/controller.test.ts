import assert from "node:assert/strict";
import { afterEach, beforeEach, describe, it } from "node:test";
import type { JobObject } from "../../api/batch/jobs.js";
import { JOBS, PODS } from "../../client/index.js";
import type { PodObject } from "../shared/index.js";
import { createJobController } from "./controller.js";
import { startControllerTestEnv, type ControllerTestEnv } from "../shared/controller-test-env.js";

function job(name: string, spec: Partial<NonNullable<JobObject["spec"]>> = {}): JobObject {
  return {
    apiVersion: "batch/v1",
    kind: "Job",
    metadata: { name, namespace: "default" },
    spec: { template: { spec: { restartPolicy: "Never", containers: [{ name: "main", image: "busybox" }] } }, ...spec },
  };
}

async function until<T>(env: ControllerTestEnv, what: string, fn: () => Promise<T | undefined>): Promise<T> {
  for (let i = 0; i < 100; i++) {
    const v = await fn();
    if (v !== undefined) return v;
    await env.settle();
  }
  throw new Error(`timed out waiting for ${what}`);
}

async function jobPods(env: ControllerTestEnv, name: string, n: number): Promise<PodObject[]> {
  return until(env, `${n} active pods of ${name}`, async () => {
    const pods = (await env.client.list<PodObject>(PODS, { namespace: "default", labelSelector: `batch.kubernetes.io/job-name=${name}` })).items;
    const active = pods.filter((p) => !p.status?.phase || p.status.phase === "Pending");
    return active.length === n ? active : undefined;
  });
}

async function finish(env: ControllerTestEnv, pod: PodObject, phase: "Succeeded" | "Failed"): Promise<void> {
  const cur = await env.client.get<PodObject>(PODS, "default", pod.metadata.name!);
  await env.client.update(PODS, "default", { ...cur, status: { ...cur.status, phase } }, { subresource: "status" });
}

async function condition(env: ControllerTestEnv, name: string, type: string) {
  return until(env, `${type} on ${name}`, async () => {
    const j = await env.client.get<JobObject>(JOBS, "default", name);
    return j.status?.conditions?.some((c) => c.type === type && c.status === "True") ? j : undefined;
  });
}

describe("Job controller against an API server", () => {
  let env: ControllerTestEnv;
  beforeEach(async () => {
    env = await startControllerTestEnv();
    env.run(createJobController(env.ctx));
  });
  afterEach(() => env.stop());

  it("runs parallelism pods carrying the tracking finalizer and completes once they succeed", async () => {
    await env.client.create(JOBS, "default", job("pi", { completions: 2, parallelism: 2 }));
    const pods = await jobPods(env, "pi", 2);
    assert.ok(pods.every((p) => p.metadata.finalizers?.includes("batch.kubernetes.io/job-tracking")));
    for (const p of pods) await finish(env, p, "Succeeded");
    const done = await condition(env, "pi", "Complete");
    assert.equal(done.status?.succeeded, 2);
    // Zero counters are omitted on the wire, as Go's omitempty int32s.
    assert.equal(done.status?.active, undefined);
    assert.ok(done.status?.completionTime);
    assert.ok(done.status?.conditions?.some((c) => c.type === "SuccessCriteriaMet" && c.reason === "CompletionsReached"));
    assert.ok(env.events.some((e) => e.reason === "Completed" && e.message === "Job completed"));
    assert.ok(env.events.some((e) => e.reason === "SuccessfulCreate" && e.message.startsWith("Created pod: pi-")));
    const left = (await env.client.list<PodObject>(PODS, { namespace: "default" })).items;
    assert.ok(left.every((p) => !p.metadata.finalizers?.includes("batch.kubernetes.io/job-tracking")));
  });

  it("replaces a failed pod only after the 10s back-off and fails with BackoffLimitExceeded past backoffLimit", async () => {
    await env.client.create(JOBS, "default", job("flaky", { backoffLimit: 1 }));
    const [first] = await jobPods(env, "flaky", 1);
    await finish(env, first, "Failed");
    await until(env, "failed count", async () => ((await env.client.get<JobObject>(JOBS, "default", "flaky")).status?.failed === 1 ? true : undefined));
    await env.clock.advance(9_000);
    assert.equal((await env.client.list<PodObject>(PODS, { namespace: "default" })).items.length, 1, "no replacement during the back-off");
    await env.clock.advance(1_100);
    const [second] = await jobPods(env, "flaky", 1);
    await finish(env, second, "Failed");
    const failed = await condition(env, "flaky", "Failed");
    const cond = failed.status?.conditions?.find((c) => c.type === "Failed");
    assert.equal(cond?.reason, "BackoffLimitExceeded");
    assert.equal(cond?.message, "Job has reached the specified backoff limit");
    assert.equal(failed.status?.failed, 2);
    assert.ok(env.events.some((e) => e.type === "Warning" && e.reason === "BackoffLimitExceeded"));
  });

  it("fails with DeadlineExceeded once activeDeadlineSeconds pass, deleting the running pod", async () => {
    await env.client.create(JOBS, "default", job("slow", { activeDeadlineSeconds: 30 }));
    await jobPods(env, "slow", 1);
    await env.clock.advance(31_000);
    const failed = await condition(env, "slow", "Failed");
    assert.equal(failed.status?.conditions?.find((c) => c.type === "Failed")?.reason, "DeadlineExceeded");
  });

  it("gives each pod of an Indexed Job its completion index and records completedIndexes", async () => {
    await env.client.create(JOBS, "default", job("idx", { completions: 3, parallelism: 3, completionMode: "Indexed" }));
    const pods = await jobPods(env, "idx", 3);
    const indexes = pods.map((p) => p.metadata.annotations?.["batch.kubernetes.io/job-completion-index"]).sort();
    assert.deepEqual(indexes, ["0", "1", "2"]);
    const p0 = pods.find((p) => p.metadata.labels?.["batch.kubernetes.io/job-completion-index"] === "0")!;
    assert.equal(p0.spec?.hostname, "idx-0");
    assert.ok(p0.spec?.containers[0].env?.some((e) => e.name === "JOB_COMPLETION_INDEX"));
    for (const p of pods) await finish(env, p, "Succeeded");
    const done = await condition(env, "idx", "Complete");
    assert.equal(done.status?.completedIndexes, "0-2");
  });

  it("deletes the pods of a suspended Job and marks it Suspended", async () => {
    await env.client.create(JOBS, "default", job("sus", { parallelism: 2, completions: 4 }));
    await jobPods(env, "sus", 2);
    const cur = await env.client.get<JobObject>(JOBS, "default", "sus");
    await env.client.update(JOBS, "default", { ...cur, spec: { ...cur.spec!, suspend: true } });
    const j = await condition(env, "sus", "Suspended");
    assert.equal(j.status?.conditions?.find((c) => c.type === "Suspended")?.reason, "JobSuspended");
  });
  it("removes the tracking finalizer from the pods of a deleted Job (before the garbage collector deletes them)", async () => {
    await env.client.create(JOBS, "default", job("gone", { parallelism: 2, completions: 2 }));
    const pods = await jobPods(env, "gone", 2);
    await env.client.delete(JOBS, "default", "gone", { propagationPolicy: "Background" });
    await until(env, "finalizers removed", async () => {
      const left = (await env.client.list<PodObject>(PODS, { namespace: "default" })).items;
      return left.length === 2 && left.every((p) => !p.metadata.finalizers?.includes("batch.kubernetes.io/job-tracking")) ? true : undefined;
    });
    // Deleting a pod now removes it at once instead of leaving it Terminating.
    await env.client.delete(PODS, "default", pods[0].metadata.name!, { gracePeriodSeconds: 0 });
    await until(env, "pod gone", async () => ((await env.client.list<PodObject>(PODS, { namespace: "default" })).items.length === 1 ? true : undefined));
  });

  it("removes the tracking finalizer from pods orphaned by the garbage collector (--cascade=orphan)", async () => {
    await env.client.create(JOBS, "default", job("orph", { parallelism: 1, completions: 1 }));
    const [pod] = await jobPods(env, "orph", 1);
    // What the garbage collector does for an orphaning delete: drop the ownerReference.
    const cur = await env.client.get<PodObject>(PODS, "default", pod.metadata.name!);
    await env.client.update(PODS, "default", { ...cur, metadata: { ...cur.metadata, ownerReferences: [] } });
    const freed = await until(env, "finalizer removed", async () => {
      const p = await env.client.get<PodObject>(PODS, "default", pod.metadata.name!);
      return p.metadata.finalizers?.includes("batch.kubernetes.io/job-tracking") ? undefined : p;
    });
    assert.equal(freed.metadata.ownerReferences?.length ?? 0, 0);
  });

  it("keeps the finalizer of a pod controlled by a running Job, and of pods another kind controls", async () => {
    await env.client.create(JOBS, "default", job("live", { parallelism: 1, completions: 1 }));
    const [pod] = await jobPods(env, "live", 1);
    const other: PodObject = {
      apiVersion: "v1",
      kind: "Pod",
      metadata: {
        name: "foreign",
        namespace: "default",
        finalizers: ["batch.kubernetes.io/job-tracking"],
        ownerReferences: [{ apiVersion: "apps/v1", kind: "ReplicaSet", name: "rs", uid: "u-1", controller: true }],
      },
      spec: { containers: [{ name: "c", image: "busybox" }] },
    };
    await env.client.create(PODS, "default", other);
    for (let i = 0; i < 5; i++) await env.settle();
    assert.ok((await env.client.get<PodObject>(PODS, "default", pod.metadata.name!)).metadata.finalizers?.includes("batch.kubernetes.io/job-tracking"));
    assert.ok((await env.client.get<PodObject>(PODS, "default", "foreign")).metadata.finalizers?.includes("batch.kubernetes.io/job-tracking"));
  });
});
