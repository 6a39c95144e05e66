import assert from "node:assert/strict";
import { describe, it } from "node:test";
import type { Pod } from "../../api/core/pod-types.js";
import { VirtualClock } from "../../util/clock.js";
import { POD_UID_LABEL } from "../pod/labels.js";
import { createSimRuntime } from "../runtime/sim/sim-runtime.js";
import type { KubeletHost } from "./host.js";
import { resourceMetrics } from "./resource-metrics.js";
import { statsSummary } from "./stats-summary.js";

const START = Date.parse("2026-01-01T00:00:00Z");
const MI = 1024 * 1024;

async function nodeWithPod(annotations: Record<string, string>) {
  const clock = new VirtualClock(START);
  const runtime = createSimRuntime({ clock });
  const o = () => ({ deadline: clock.now() + 10_000 });
  const labels = { [POD_UID_LABEL]: "uid-1" };
  const sb = await runtime.runPodSandbox({ metadata: { name: "web", namespace: "default", uid: "uid-1", attempt: 0 }, labels, annotations, ip: "10.244.0.5" }, o());
  const id = await runtime.createContainer(sb, { metadata: { name: "app", attempt: 0 }, image: "nginx", labels, annotations }, o());
  await runtime.startContainer(id, o());
  const pod = { metadata: { name: "web", namespace: "default", uid: "uid-1", annotations }, spec: { containers: [] }, status: { startTime: "2026-01-01T00:00:00Z" } } as unknown as Pod;
  const host: KubeletHost = { nodeName: "node-1", clock, runtime, pods: () => [pod], callTimeoutMs: 10_000 };
  return { clock, runtime, host };
}

describe("kubelet usage endpoints", () => {
  it("/stats/summary has each container's usage and the node's totals with its system share", async () => {
    const { clock, host } = await nodeWithPod({ "sim.skiff.dev/cpu-usage": "200m", "sim.skiff.dev/memory-usage": "64Mi" });
    await clock.advance(10_000);
    const s = (await statsSummary(host, START)) as {
      node: { cpu: { usageNanoCores: number; usageCoreNanoSeconds: number }; memory: { workingSetBytes: number } };
      pods: { podRef: { name: string }; containers: { name: string; cpu: { usageNanoCores: number; usageCoreNanoSeconds: number }; memory: { workingSetBytes: number } }[] }[];
    };
    const c = s.pods[0].containers[0];
    assert.equal(c.name, "app");
    assert.equal(c.cpu.usageNanoCores, 200_000_000);
    assert.equal(c.cpu.usageCoreNanoSeconds, 2e9);
    assert.equal(c.memory.workingSetBytes, 64 * MI);
    // 50m and 256Mi for the system.
    assert.equal(s.node.cpu.usageNanoCores, 250_000_000);
    assert.equal(s.node.cpu.usageCoreNanoSeconds, 2e9 + 0.5e9);
    assert.equal(s.node.memory.workingSetBytes, (64 + 256) * MI);
  });

  it("the node's CPU time does not go back when a container goes away", async () => {
    const { clock, runtime, host } = await nodeWithPod({ "sim.skiff.dev/cpu-usage": "1" });
    await clock.advance(10_000);
    const first = (await statsSummary(host, START)) as { node: { cpu: { usageCoreNanoSeconds: number } } };
    for (const sb of await runtime.listPodSandbox(undefined, { deadline: clock.now() + 1000 })) await runtime.removePodSandbox(sb.id, { deadline: clock.now() + 1000 });
    await clock.advance(10_000);
    const second = (await statsSummary(host, START)) as { node: { cpu: { usageCoreNanoSeconds: number } } };
    assert.equal(first.node.cpu.usageCoreNanoSeconds, 10e9 + 0.5e9);
    assert.equal(second.node.cpu.usageCoreNanoSeconds, 10e9 + 1e9);
  });

  it("/metrics/resource has upstream's series with the scrape's timestamp", async () => {
    const { clock, host } = await nodeWithPod({ "sim.skiff.dev/cpu-usage": "250m", "sim.skiff.dev/memory-usage": "64Mi" });
    await clock.advance(4_000);
    const text = await resourceMetrics(host, START);
    const t = START + 4_000;
    assert.match(text, /^# HELP container_cpu_usage_seconds_total \[STABLE\] Cumulative cpu time consumed by the container in core-seconds$/m);
    assert.match(text, /^# TYPE container_cpu_usage_seconds_total counter$/m);
    assert.ok(text.includes(`container_cpu_usage_seconds_total{container="app",namespace="default",pod="web"} 1 ${t}\n`), text);
    assert.ok(text.includes(`container_memory_working_set_bytes{container="app",namespace="default",pod="web"} 6.7108864e+07 ${t}\n`), text);
    assert.ok(text.includes(`container_start_time_seconds{container="app",namespace="default",pod="web"} 1.7672256e+09 ${START}\n`), text);
    assert.ok(text.includes(`node_cpu_usage_seconds_total 1.2 ${t}\n`), text);
    assert.ok(text.includes(`pod_memory_working_set_bytes{namespace="default",pod="web"} 6.7108864e+07 ${t}\n`), text);
    assert.match(text, /^resource_scrape_error 0$/m);
  });
});
