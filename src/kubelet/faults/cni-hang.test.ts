import assert from "node:assert/strict";
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { test } from "node:test";
import type { Node } from "kubernetes-types/core/v1.js";
import type { KubeObject } from "../../api/types.js";
import { FAULTS, NODES, PODS } from "../../client/resources.js";
import { VirtualClock } from "../../util/clock.js";
import { startCluster, type RunningCluster } from "../../cluster/start-cluster.js";

const STEP = 1_000;
const THRESHOLD = 3 * 60_000;

async function advanceUntil<T>(clock: VirtualClock, what: string, check: () => Promise<T | undefined>, maxMs: number): Promise<T> {
  for (let t = 0; t <= maxMs; t += STEP) {
    const v = await check().catch(() => undefined);
    if (v !== undefined) return v;
    await clock.advance(STEP);
  }
  throw new Error(`not reached within ${maxMs}ms of virtual time: ${what}`);
}

const ready = async (c: RunningCluster) => (await c.client.get<Node & KubeObject>(NODES, undefined, "node-1")).status?.conditions?.find((x) => x.type === "Ready");

test("CNIHang: after a kubelet restart the node is Ready for the PLEG threshold, then NotReady with the PLEG message and the held calls", async () => {
  const dataDir = mkdtempSync(join(tmpdir(), "skiff-cnihang-"));
  const clock = new VirtualClock(Date.now());
  try {
    const first = await startCluster({ nodes: 1, clock, storage: "sqlite", dataDir, metricsServer: false });
    try {
      for (const name of ["a", "b"]) await first.client.create(PODS, "default", { apiVersion: "v1", kind: "Pod", metadata: { name }, spec: { containers: [{ name: "app", image: "nginx" }] } });
      await advanceUntil(clock, "pods running", async () => ((await first.client.list<KubeObject & { status?: { phase?: string } }>(PODS, { namespace: "default" })).items.every((p) => p.status?.phase === "Running") || undefined), 120_000);
      await first.client.create(FAULTS, undefined, { apiVersion: "chaos.skiff.dev/v1", kind: "Fault", metadata: { name: "cni" }, spec: { type: "CNIHang", target: "node-1" } });
      await advanceUntil(clock, "fault active", async () => ((await first.client.get<KubeObject & { status?: { phase?: string } }>(FAULTS, undefined, "cni")).status?.phase === "Active" || undefined), 30_000);
    } finally {
      await first.stop();
    }
    await clock.advance(60_000);
    const second = await startCluster({ nodes: 1, clock, storage: "sqlite", dataDir, metricsServer: false });
    try {
      const up = await advanceUntil(clock, "Ready after the restart", async () => {
        const r = await ready(second);
        return r?.status === "True" && Date.parse(r.lastHeartbeatTime!) > clock.now() - 30_000 ? r : undefined;
      }, 120_000);
      const down = await advanceUntil(clock, "NotReady", async () => {
        const r = await ready(second);
        return r?.status === "False" ? r : undefined;
      }, 2 * THRESHOLD);
      const readyFor = Date.parse(down.lastTransitionTime!) - Date.parse(up.lastTransitionTime!);
      // Reported at the first status update past the threshold (every 10 s).
      assert.ok(readyFor >= THRESHOLD && readyFor <= THRESHOLD + 20_000, `Ready for ${readyFor} ms`);
      assert.match(down.message!, /^container runtime is down PLEG is not healthy: pleg was last seen active 3m\d+(\.\d+)?s ago; threshold is 3m0s, runtime call PodSandboxStatus outstanding for \d+/);

      await second.client.delete(FAULTS, undefined, "cni");
      await advanceUntil(clock, "Ready again", async () => ((await ready(second))?.status === "True" || undefined), 120_000);
    } finally {
      await second.stop();
    }
  } finally {
    rmSync(dataDir, { recursive: true, force: true });
  }
});
