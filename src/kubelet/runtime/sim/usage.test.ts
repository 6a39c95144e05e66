import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { VirtualClock } from "../../../util/clock.js";
import { createSimRuntime } from "./sim-runtime.js";
import { CpuCounter, simulatedUsage } from "./usage.js";

async function running(annotations: Record<string, string>, resources?: { cpuMilli?: number; memoryBytes?: number }) {
  const clock = new VirtualClock(1_000_000);
  const rt = createSimRuntime({ clock });
  const o = () => ({ deadline: clock.now() + 10_000 });
  const sb = await rt.runPodSandbox({ metadata: { name: "p", namespace: "default", uid: "u1", attempt: 0 }, annotations, ip: "10.0.0.2" }, o());
  const id = await rt.createContainer(sb, { metadata: { name: "app", attempt: 0 }, image: "nginx", annotations, resources }, o());
  await rt.startContainer(id, o());
  return { clock, rt, id, o };
}

describe("sim usage", () => {
  it("takes CPU and memory from the annotations, per container first", () => {
    const u = simulatedUsage({ id: "c1", name: "app", annotations: { "sim.skiff.dev/cpu-usage": "250m", "sim.skiff.dev/memory-usage.app": "64Mi", "sim.skiff.dev/memory-usage": "1Gi" } }, 0);
    assert.deepEqual(u, { cpuNanoCores: 250_000_000, memoryWorkingSetBytes: 64 * 1024 * 1024 });
  });

  it("falls back to a share of the requests when an annotation is absent or malformed", () => {
    const u = simulatedUsage({ id: "c1", name: "app", resources: { cpuMilli: 1000, memoryBytes: 1000_000 }, annotations: { "sim.skiff.dev/cpu-usage": "lots" } }, 0);
    assert.ok(u.cpuNanoCores >= 300_000_000 && u.cpuNanoCores < 900_000_000, String(u.cpuNanoCores));
    assert.ok(u.memoryWorkingSetBytes >= 600_000 && u.memoryWorkingSetBytes <= 800_000, String(u.memoryWorkingSetBytes));
  });

  it("integrates CPU time across jitter periods", () => {
    const counter = new CpuCounter(5_000);
    // 1 core for 5 s, then 2 cores for 10 s
    assert.equal(counter.settle(20_000, (t) => (t < 10_000 ? 1e9 : 2e9)), 5e9 + 20e9);
  });

  it("follows the pod's annotations while the container runs, counting CPU time at the old rate until the change", async () => {
    const { clock, rt, id, o } = await running({ "sim.skiff.dev/cpu-usage": "100m" });
    await clock.advance(10_000);
    let s = await rt.containerStats(id, o());
    assert.equal(s.cpuNanoCores, 100_000_000);
    assert.equal(s.cpuUsageCoreNanoSeconds, 1e9);
    rt.updatePodAnnotations("u1", { "sim.skiff.dev/cpu-usage": "1", "sim.skiff.dev/memory-usage": "128Mi" });
    await clock.advance(10_000);
    s = await rt.containerStats(id, o());
    assert.equal(s.cpuNanoCores, 1_000_000_000);
    assert.equal(s.memoryWorkingSetBytes, 128 * 1024 * 1024);
    assert.equal(s.cpuUsageCoreNanoSeconds, 1e9 + 10e9);
    assert.equal((await rt.containerStatus(id, o())).state, "CONTAINER_RUNNING");
  });
});
