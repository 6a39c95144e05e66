import assert from "node:assert/strict";
import { describe, test } from "node:test";
import { NODES, PODS } from "../client/resources.js";
import { startTestCluster } from "../client/test-fixtures.js";
import type { KubeObject } from "../client/types.js";
import { realClock, VirtualClock } from "../util/clock.js";
import { silentLogger } from "../util/log.js";
import { startClusterComponents } from "./components.js";
import { spawnControlPlaneThreads } from "./control-plane-thread.js";

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

async function until<T>(what: string, f: () => Promise<T | undefined>, timeoutMs = 30_000): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const v = await f();
    if (v !== undefined) return v;
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await sleep(50);
  }
}

describe("control plane in a worker thread", () => {
  test("the scheduler and the controller manager in a worker bind pods, show their metrics and health, and stop cleanly", async () => {
    const c = await startTestCluster(realClock);
    const threads = spawnControlPlaneThreads(1);
    const components = await startClusterComponents(c.server, { clock: realClock, logger: silentLogger(), nodes: 0, controlPlaneThreads: threads });
    try {
      await components.ready;
      const sched = components.endpoints["kube-scheduler"];
      const cm = components.endpoints["kube-controller-manager"];
      assert.ok(sched && cm);
      // /metrics comes from the worker's registries.
      assert.match(await sched.registry.metrics(), /^# TYPE scheduler_schedule_attempts_total counter$/m);
      assert.match(await cm.registry.metrics(), /^# TYPE workqueue_adds_total counter$/m);
      for (const check of [...Object.values(sched.health.live), ...Object.values(sched.health.ready)]) await check();

      await c.client.create(NODES, undefined, { apiVersion: "v1", kind: "Node", metadata: { name: "n1" } } as KubeObject);
      const status = { conditions: [{ type: "Ready", status: "True", reason: "KubeletReady", lastHeartbeatTime: new Date().toISOString(), lastTransitionTime: new Date().toISOString() }], allocatable: { cpu: "4", memory: "8Gi", pods: "110" }, capacity: { cpu: "4", memory: "8Gi", pods: "110" } };
      await c.client.patch(NODES, undefined, "n1", "merge", { status }, { subresource: "status" });
      await c.client.create(PODS, "default", { apiVersion: "v1", kind: "Pod", metadata: { name: "p" }, spec: { containers: [{ name: "c", image: "busybox" }] } } as KubeObject);
      // Bound by the scheduler in the worker, through the port transport, as system:kube-scheduler.
      const nodeName = await until("the pod to be bound", async () => ((await c.client.get<KubeObject & { spec: { nodeName?: string } }>(PODS, "default", "p")).spec.nodeName));
      assert.equal(nodeName, "n1");
      // Counted once the binding's answer is back in the worker.
      await until("the scheduled attempt on the scheduler's /metrics", async () => (/^scheduler_schedule_attempts_total\{[^}]*result="scheduled"[^}]*\} 1$/m.test(await sched.registry.metrics()) ? true : undefined));
      // The node IPAM controller in the worker gave the node its podCIDR.
      await until("the node's podCIDR", async () => ((await c.client.get<KubeObject & { spec: { podCIDR?: string } }>(NODES, undefined, "n1")).spec.podCIDR));
    } finally {
      await components.stop();
      await c.close();
    }
    const live = components.endpoints["kube-scheduler"]!.health.live;
    assert.throws(() => live.scheduler!(), /scheduler has stopped/);
    await assert.rejects(components.endpoints["kube-scheduler"]!.registry.metrics(), /has stopped/);
  });

  test("a worker that fails is logged and its components reported stopped: readiness fails, nothing hangs", async () => {
    const c = await startTestCluster(realClock);
    const errors: string[] = [];
    const logger = { ...silentLogger(), verbosity: 0, error: (m: string) => void errors.push(m) };
    logger.child = () => logger;
    const components = await startClusterComponents(c.server, { clock: realClock, logger, nodes: 0, controlPlaneThreads: spawnControlPlaneThreads(1), controllers: { enabled: ["no-such-controller"] } });
    try {
      await assert.rejects(components.ready, /unknown controller "no-such-controller"/);
      assert.ok(errors.some((e) => /^kube-controller-manager, scheduler stopped: Error: unknown controller "no-such-controller"/.test(e)), errors.join("\n"));
      const live = components.endpoints["kube-scheduler"]!.health.live;
      await until("the scheduler to be reported stopped", async () => {
        try {
          live.scheduler!();
          return undefined;
        } catch (err) {
          return (err as Error).message;
        }
      });
    } finally {
      await components.stop();
      await c.close();
    }
  });

  test("worker threads refuse a virtual clock", async () => {
    const threads = spawnControlPlaneThreads(1);
    try {
      await assert.rejects(
        startClusterComponents({ handle: () => Promise.reject(new Error("unused")) }, { clock: new VirtualClock(), logger: silentLogger(), nodes: 0, controlPlaneThreads: threads }),
        /only on the real clock/,
      );
    } finally {
      await Promise.all(threads.map((t) => t.terminate()));
    }
  });
});
