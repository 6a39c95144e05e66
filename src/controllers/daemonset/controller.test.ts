import assert from "node:assert/strict";
import { afterEach, beforeEach, describe, it } from "node:test";
import type { DaemonSetObject } from "../../api/apps/daemonsets.js";
import { DAEMONSETS, NODES, PODS } from "../../client/index.js";
import { startControllerTestEnv, type ControllerTestEnv } from "../shared/controller-test-env.js";
import type { PodObject } from "../shared/index.js";
import { createDaemonSetController } from "./controller.js";
import { targetNode } from "./node-fit.js";

const daemonSet: DaemonSetObject = {
  apiVersion: "apps/v1",
  kind: "DaemonSet",
  metadata: { name: "agent", namespace: "default" },
  spec: { selector: { matchLabels: { app: "agent" } }, template: { metadata: { labels: { app: "agent" } }, spec: { containers: [{ name: "c", image: "agent:1" }] } } },
};

async function podsByNode(env: ControllerTestEnv): Promise<string[]> {
  await env.settle();
  const pods = (await env.client.list<PodObject>(PODS, { namespace: "default" })).items.filter((p) => !p.metadata.deletionTimestamp);
  return pods.map((p) => targetNode(p.spec) ?? "?").sort();
}

describe("DaemonSet controller against an API server", () => {
  let env: ControllerTestEnv;
  beforeEach(async () => {
    env = await startControllerTestEnv();
    for (const n of ["n1", "n2", "n3"]) await env.client.create(NODES, undefined, { metadata: { name: n } });
    env.run(createDaemonSetController(env.ctx));
  });
  afterEach(() => env.stop());

  it("runs one pod per node, pinned by node affinity, and reports the counts", async () => {
    await env.client.create(DAEMONSETS, "default", daemonSet);
    assert.deepEqual(await podsByNode(env), ["n1", "n2", "n3"]);
    await env.settle();
    const ds = await env.client.get<DaemonSetObject>(DAEMONSETS, "default", "agent");
    assert.equal(ds.status?.desiredNumberScheduled, 3);
    assert.equal(ds.status?.currentNumberScheduled, 3);
    assert.equal(ds.status?.updatedNumberScheduled, 3);
    assert.equal(ds.status?.numberMisscheduled, 0);
    const pod = (await env.client.list<PodObject>(PODS, { namespace: "default" })).items[0];
    assert.equal(pod.spec?.nodeName, undefined, "the scheduler binds it");
    assert.ok(pod.metadata.labels?.["controller-revision-hash"]);
    assert.ok(env.events.some((e) => e.reason === "SuccessfulCreate" && e.message.startsWith("Created pod: agent-")));
  });

  it("keeps off a node with an untolerated NoSchedule taint and follows new nodes", async () => {
    const n2 = await env.client.get(NODES, undefined, "n2");
    await env.client.update(NODES, undefined, { ...n2, spec: { taints: [{ key: "dedicated", value: "db", effect: "NoSchedule" }] } });
    await env.client.create(DAEMONSETS, "default", daemonSet);
    assert.deepEqual(await podsByNode(env), ["n1", "n3"]);
    await env.client.create(NODES, undefined, { metadata: { name: "n4" } });
    assert.deepEqual(await podsByNode(env), ["n1", "n3", "n4"]);
  });

  it("replaces old-revision pods one node at a time after a template change", async () => {
    await env.client.create(DAEMONSETS, "default", daemonSet);
    await podsByNode(env);
    const ds = await env.client.get<DaemonSetObject>(DAEMONSETS, "default", "agent");
    const template = structuredClone(ds.spec!.template);
    template.spec!.containers[0].image = "agent:2";
    await env.client.update(DAEMONSETS, "default", { ...ds, spec: { ...ds.spec!, template } });
    await env.settle();
    await env.settle();
    const pods = (await env.client.list<PodObject>(PODS, { namespace: "default" })).items;
    const images = pods.map((p) => p.spec?.containers[0].image).sort();
    // The unready old pods are deleted at once (they are unavailable) and replaced.
    assert.ok(images.includes("agent:2"));
  });
});
