import assert from "node:assert/strict";
import { afterEach, beforeEach, describe, it } from "node:test";
import { NODES, PODS } from "../../client/index.js";
import { startControllerTestEnv, type ControllerTestEnv } from "../shared/controller-test-env.js";
import type { PodObject } from "../shared/index.js";
import { createPodGCController } from "./controller.js";
import { terminatedPodsToDelete } from "./select.js";

const pod = (name: string, phase: string, created: string): PodObject => ({
  metadata: { name, namespace: "default", creationTimestamp: created },
  spec: { containers: [] },
  status: { phase },
});

describe("terminatedPodsToDelete", () => {
  const pods = [pod("new", "Succeeded", "2026-01-03T00:00:00Z"), pod("old", "Failed", "2026-01-01T00:00:00Z"), pod("run", "Running", "2025-01-01T00:00:00Z"), pod("mid", "Succeeded", "2026-01-02T00:00:00Z")];
  const cases = [
    { name: "deletes the oldest terminated pods beyond the threshold", threshold: 1, want: ["old", "mid"] },
    { name: "keeps everything at or under the threshold", threshold: 3, want: [] },
    { name: "is disabled by a threshold of zero", threshold: 0, want: [] },
  ];
  for (const c of cases) it(c.name, () => assert.deepEqual(terminatedPodsToDelete(pods, c.threshold).map((p) => p.metadata.name), c.want));
});

describe("pod GC against an API server", () => {
  let env: ControllerTestEnv;
  let gc: ReturnType<typeof createPodGCController>;
  beforeEach(async () => {
    env = await startControllerTestEnv();
    env.ctx.options.terminatedPodGCThreshold = 1;
    gc = createPodGCController(env.ctx);
    env.run(gc);
  });
  afterEach(() => env.stop());

  const names = async () => (await env.client.list<PodObject>(PODS, { namespace: "default" })).items.map((p) => p.metadata.name).sort();
  const mk = async (name: string, nodeName?: string, phase?: string) => {
    const p = await env.client.create<PodObject>(PODS, "default", { metadata: { name, namespace: "default" }, spec: { nodeName, containers: [{ name: "c", image: "busybox" }] } });
    if (phase) await env.client.update(PODS, "default", { ...p, status: { ...p.status, phase } }, { subresource: "status" });
    await env.clock.advance(1000); // distinct creation times
  };

  it("force-deletes terminated pods above the threshold, oldest first", async () => {
    await env.client.create(NODES, undefined, { metadata: { name: "n1" } });
    await mk("a", "n1", "Succeeded");
    await mk("b", "n1", "Failed");
    await mk("c", "n1");
    await env.clock.advance(20_000);
    await env.settle();
    assert.deepEqual(await names(), ["b", "c"]);
  });

  it("deletes pods bound to a node that no longer exists after the quarantine", async () => {
    await mk("orphan", "gone-node");
    await env.clock.advance(20_000);
    assert.deepEqual(await names(), ["orphan"], "quarantined first");
    await env.clock.advance(40_000);
    await env.settle();
    assert.deepEqual(await names(), []);
  });
});
