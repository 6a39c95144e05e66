import assert from "node:assert/strict";
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { test } from "node:test";
import type { KubeObject } from "../api/types.js";
import { PODS } from "../client/resources.js";
import { VirtualClock } from "../util/clock.js";
import { startCluster } from "./start-cluster.js";

type PodObject = KubeObject & { status?: { phase?: string; podIP?: string; containerStatuses?: { containerID?: string; restartCount: number; state?: { running?: unknown } }[] } };

async function advanceUntil(clock: VirtualClock, what: string, check: () => Promise<boolean>, maxMs: number, stepMs = 1000): Promise<void> {
  for (let t = 0; t <= maxMs; t += stepMs) {
    if (await check().catch(() => false)) return;
    await clock.advance(stepMs);
  }
  throw new Error(`not reached within ${maxMs}ms of virtual time: ${what}`);
}

test("A cluster restarted on its data dir keeps its pods' containers, IPs and restart counts", async () => {
  const dataDir = mkdtempSync(join(tmpdir(), "skiff-restart-"));
  const clock = new VirtualClock(Date.now());
  try {
    const first = await startCluster({ nodes: 1, clock, storage: "sqlite", dataDir });
    let before: PodObject;
    try {
      await first.client.create(PODS, "default", { apiVersion: "v1", kind: "Pod", metadata: { name: "web" }, spec: { containers: [{ name: "web", image: "nginx" }] } });
      const pod = () => first.client.get<PodObject>(PODS, "default", "web");
      await advanceUntil(clock, "pod running", async () => (await pod()).status?.containerStatuses?.[0]?.state?.running !== undefined && !!(await pod()).status?.podIP, 120_000);
      before = await pod();
    } finally {
      await first.stop();
    }
    await clock.advance(30_000);
    const second = await startCluster({ nodes: 1, clock, storage: "sqlite", dataDir });
    try {
      const pod = () => second.client.get<PodObject>(PODS, "default", "web");
      // Let the restarted kubelet sync the pod a few times.
      await clock.advance(20_000);
      await advanceUntil(clock, "pod running", async () => (await pod()).status?.containerStatuses?.[0]?.state?.running !== undefined, 120_000);
      const after = await pod();
      assert.equal(after.status?.podIP, before.status?.podIP);
      assert.equal(after.status?.containerStatuses?.[0]?.containerID, before.status?.containerStatuses?.[0]?.containerID);
      assert.equal(after.status?.containerStatuses?.[0]?.restartCount, 0);
    } finally {
      await second.stop();
    }
  } finally {
    rmSync(dataDir, { recursive: true, force: true });
  }
});
