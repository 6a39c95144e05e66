import assert from "node:assert/strict";
import { afterEach, beforeEach, describe, it } from "node:test";
import { DEPLOYMENTS, PODS, REPLICASETS } from "../../client/index.js";
import { createReplicaSetController } from "../replicaset/index.js";
import { isPodReady, type PodObject } from "../shared/index.js";
import { startControllerTestEnv, type ControllerTestEnv } from "../shared/controller-test-env.js";
import { REVISION } from "./annotations.js";
import { createDeploymentController } from "./deployment-controller.js";
import type { DeploymentObject, ReplicaSetObject } from "./replica-sets.js";

function deployment(name: string, replicas: number, image = "nginx:1", extra: Partial<NonNullable<DeploymentObject["spec"]>> = {}): DeploymentObject {
  return {
    apiVersion: "apps/v1",
    kind: "Deployment",
    metadata: { name, namespace: "default" },
    spec: {
      replicas,
      selector: { matchLabels: { app: name } },
      template: { metadata: { labels: { app: name } }, spec: { containers: [{ name: "main", image }] } },
      ...extra,
    },
  };
}

const listPods = async (env: ControllerTestEnv) => (await env.client.list<PodObject>(PODS, { namespace: "default" })).items;
const listRS = async (env: ControllerTestEnv) => (await env.client.list<ReplicaSetObject>(REPLICASETS, { namespace: "default" })).items;
const getD = (env: ControllerTestEnv, name: string) => env.client.get<DeploymentObject>(DEPLOYMENTS, "default", name);

/** Marks every unready pod Running and Ready, as a kubelet would. */
async function readyAll(env: ControllerTestEnv): Promise<number> {
  let n = 0;
  for (const p of await listPods(env)) {
    if (isPodReady(p) || p.metadata.deletionTimestamp) continue;
    const t = new Date(env.clock.now()).toISOString().replace(/\.\d+Z$/, "Z");
    await env.client.patch(PODS, "default", p.metadata.name!, "merge", {
      status: { phase: "Running", conditions: [{ type: "Ready", status: "True", lastTransitionTime: t }] },
    }, { subresource: "status" });
    n++;
  }
  return n;
}

/** Pods that the ReplicaSet controller deleted are gone at once here (no kubelet): nothing to do. */
async function rollOut(env: ControllerTestEnv, name: string, check?: (pods: PodObject[], d: DeploymentObject) => void): Promise<DeploymentObject> {
  return env.until(`rollout of ${name}`, async () => {
    await readyAll(env);
    const d = await getD(env, name);
    check?.(await listPods(env), d);
    const want = d.spec!.replicas!;
    const done = d.status?.observedGeneration === d.metadata.generation && d.status?.updatedReplicas === want && d.status?.replicas === want && d.status?.availableReplicas === want;
    return done && d.status?.conditions?.some((c) => c.type === "Progressing" && c.reason === "NewReplicaSetAvailable") ? d : undefined;
  });
}

describe("Deployment controller with the ReplicaSet controller against an API server", () => {
  let env: ControllerTestEnv;
  beforeEach(async () => {
    env = await startControllerTestEnv();
    env.run(createDeploymentController(env.ctx), createReplicaSetController(env.ctx));
  });
  afterEach(() => env.stop());

  it("creates a ReplicaSet named by the template hash, its pods, and becomes Available once they are ready", async () => {
    await env.client.create(DEPLOYMENTS, "default", deployment("web", 3));
    const pods = await env.until("3 pods", async () => ((await listPods(env)).length === 3 ? listPods(env) : undefined));
    const [rs] = await listRS(env);
    const hash = rs.metadata.labels!["pod-template-hash"];
    assert.match(hash, /^[bcdfghjklmnpqrstvwxz2456789]{1,10}$/);
    assert.equal(rs.metadata.name, `web-${hash}`);
    assert.equal(rs.metadata.annotations?.[REVISION], "1");
    assert.ok(pods.every((p) => p.metadata.generateName === `${rs.metadata.name}-` && p.metadata.ownerReferences?.[0].uid === rs.metadata.uid));
    const notYet = await getD(env, "web");
    assert.equal(notYet.status?.conditions?.find((c) => c.type === "Available")?.reason, "MinimumReplicasUnavailable");
    const d = await rollOut(env, "web");
    assert.equal(d.metadata.annotations?.[REVISION], "1");
    assert.deepEqual(d.status?.conditions?.find((c) => c.type === "Available")?.status, "True");
    assert.ok(env.events.some((e) => e.reason === "ScalingReplicaSet" && e.message === `Scaled up replica set ${rs.metadata.name} from 0 to 3`));
    assert.ok(env.events.some((e) => e.reason === "SuccessfulCreate" && /^Created pod: web-/.test(e.message)));
    const rsNow = (await listRS(env))[0];
    assert.equal(rsNow.status?.readyReplicas, 3);
    assert.equal(rsNow.status?.availableReplicas, 3);
  });

  it("rolls a template change over without ever going below maxUnavailable, then rolls back to revision 1's template", async () => {
    await env.client.create(DEPLOYMENTS, "default", deployment("web", 4, "nginx:1", { strategy: { type: "RollingUpdate", rollingUpdate: { maxSurge: 1, maxUnavailable: 1 } } }));
    await rollOut(env, "web");
    const first = await getD(env, "web");
    await env.client.update(DEPLOYMENTS, "default", { ...first, spec: { ...first.spec!, template: deployment("web", 4, "nginx:2").spec!.template } });
    const d = await rollOut(env, "web", (pods) => {
      const ready = pods.filter((p) => isPodReady(p) && !p.metadata.deletionTimestamp).length;
      assert.ok(pods.length <= 5, `at most replicas+maxSurge pods, saw ${pods.length}`);
      assert.ok(ready >= 3, `at least replicas-maxUnavailable ready pods, saw ${ready}`);
    });
    assert.equal(d.metadata.annotations?.[REVISION], "2");
    const sets = await listRS(env);
    assert.equal(sets.length, 2);
    const old = sets.find((rs) => rs.metadata.annotations?.[REVISION] === "1")!;
    assert.equal(old.spec?.replicas, 0);
    // kubectl rollout undo: the deployment takes revision 1's template back.
    const cur = await getD(env, "web");
    const template = structuredClone(old.spec!.template!);
    delete template.metadata!.labels!["pod-template-hash"];
    await env.client.update(DEPLOYMENTS, "default", { ...cur, spec: { ...cur.spec!, template } });
    const back = await rollOut(env, "web");
    assert.equal(back.metadata.annotations?.[REVISION], "3");
    const revived = (await listRS(env)).find((rs) => rs.metadata.uid === old.metadata.uid)!;
    assert.equal(revived.metadata.annotations?.[REVISION], "3");
    assert.equal(revived.metadata.annotations?.["deployment.kubernetes.io/revision-history"], "1");
    assert.equal(revived.spec?.replicas, 4);
  });

  it("keeps only revisionHistoryLimit old ReplicaSets", async () => {
    await env.client.create(DEPLOYMENTS, "default", deployment("web", 1, "nginx:0", { revisionHistoryLimit: 2 }));
    await rollOut(env, "web");
    for (let i = 1; i <= 4; i++) {
      const cur = await getD(env, "web");
      await env.client.update(DEPLOYMENTS, "default", { ...cur, spec: { ...cur.spec!, template: deployment("web", 1, `nginx:${i}`).spec!.template } });
      await rollOut(env, "web");
    }
    const sets = await env.until("old ReplicaSets cleaned up", async () => ((await listRS(env)).length === 3 ? listRS(env) : undefined));
    assert.deepEqual(sets.map((rs) => rs.metadata.annotations?.[REVISION]).sort(), ["3", "4", "5"]);
  });

  it("scales a paused deployment without rolling out its new template and marks Progressing paused", async () => {
    await env.client.create(DEPLOYMENTS, "default", deployment("web", 2));
    await rollOut(env, "web");
    const cur = await getD(env, "web");
    await env.client.update(DEPLOYMENTS, "default", { ...cur, spec: { ...cur.spec!, paused: true, replicas: 3, template: deployment("web", 3, "nginx:9").spec!.template } });
    const d = await env.until("paused scale", async () => {
      const x = await getD(env, "web");
      return x.status?.replicas === 3 && x.status.conditions?.some((c) => c.reason === "DeploymentPaused") ? x : undefined;
    });
    assert.equal((await listRS(env)).length, 1);
    assert.equal(d.status?.conditions?.find((c) => c.type === "Progressing")?.status, "Unknown");
  });

  it("recreates: old pods are all gone before the new ReplicaSet scales up", async () => {
    await env.client.create(DEPLOYMENTS, "default", deployment("web", 2, "nginx:1", { strategy: { type: "Recreate" } }));
    await rollOut(env, "web");
    const cur = await getD(env, "web");
    await env.client.update(DEPLOYMENTS, "default", { ...cur, spec: { ...cur.spec!, template: deployment("web", 2, "nginx:2").spec!.template } });
    await rollOut(env, "web", (pods) => {
      const images = new Set(pods.filter((p) => !p.metadata.deletionTimestamp).map((p) => p.spec!.containers[0].image));
      assert.ok(images.size <= 1, "never old and new pods together");
    });
  });
});
