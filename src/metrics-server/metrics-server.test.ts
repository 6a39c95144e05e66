import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { parseOptions } from "./options.js";
import { batchFromResourceMetrics, parseSample } from "./points.js";
import { metricsTable, nodeMetrics, podMetrics } from "./resources.js";
import { MetricsStorage } from "./storage.js";

const T0 = Date.parse("2026-01-01T00:00:00Z");

function scrape(t: number, nodeCpuSeconds: number, containerCpuSeconds: number, startedAt = T0 - 60_000): string {
  return [
    "# HELP container_cpu_usage_seconds_total [STABLE] Cumulative cpu time consumed by the container in core-seconds",
    "# TYPE container_cpu_usage_seconds_total counter",
    `container_cpu_usage_seconds_total{container="app",namespace="default",pod="web"} ${containerCpuSeconds} ${t}`,
    `container_memory_working_set_bytes{container="app",namespace="default",pod="web"} 3.3554432e+07 ${t}`,
    `container_start_time_seconds{container="app",namespace="default",pod="web"} ${startedAt / 1000} ${startedAt}`,
    `container_cpu_usage_seconds_total{container="half",namespace="default",pod="broken"} 1 ${t}`,
    `node_cpu_usage_seconds_total ${nodeCpuSeconds} ${t}`,
    `node_memory_working_set_bytes 1.073741824e+09 ${t}`,
    "resource_scrape_error 0",
    "",
  ].join("\n");
}

describe("metrics-server", () => {
  it("reads samples of the text format with labels, escapes and timestamps", () => {
    assert.deepEqual(parseSample('a_b{x="1",y="q\\"t"} 1.5e+03 1700000000000'), { name: "a_b", labels: { x: "1", y: 'q"t' }, value: 1500, time: 1700000000000 });
    assert.deepEqual(parseSample("up 1"), { name: "up", labels: {}, value: 1 });
    assert.equal(parseSample("# HELP up"), undefined);
  });

  it("decodes a kubelet's /metrics/resource, leaving out containers without every figure", () => {
    const b = batchFromResourceMetrics("node-1", scrape(T0, 10, 2));
    assert.deepEqual(b.nodes.get("node-1"), { startTime: 0, timestamp: T0, cumulativeCpuUsed: 10e9, memoryUsage: 1073741824 });
    assert.deepEqual([...b.pods.keys()], ["default/web"]);
    assert.deepEqual(b.pods.get("default/web")!.containers.get("app"), { startTime: T0 - 60_000, timestamp: T0, cumulativeCpuUsed: 2e9, memoryUsage: 33554432 });
  });

  it("serves nothing until two scrapes, then the CPU rate over the window between them", () => {
    const s = new MetricsStorage();
    assert.equal(s.ready(), false);
    s.store(batchFromResourceMetrics("node-1", scrape(T0, 10, 2)));
    assert.equal(s.ready(), true);
    assert.equal(s.node("node-1"), undefined);
    assert.equal(s.pod("default", "web"), undefined);
    s.store(batchFromResourceMetrics("node-1", scrape(T0 + 15_000, 13, 2.15)));
    assert.deepEqual(s.node("node-1"), { name: "node-1", timestamp: T0 + 15_000, windowMs: 15_000, usage: { cpu: 200_000_000, memory: 1073741824 } });
    const pod = s.pod("default", "web")!;
    assert.deepEqual(pod.containers, [{ name: "app", usage: { cpu: 10_000_000, memory: 33554432 } }]);
    const m = podMetrics(pod, { app: "web" }, T0 + 20_000);
    assert.deepEqual(m, {
      kind: "PodMetrics",
      apiVersion: "metrics.k8s.io/v1beta1",
      metadata: { name: "web", namespace: "default", creationTimestamp: "2026-01-01T00:00:20Z", labels: { app: "web" } },
      timestamp: "2026-01-01T00:00:15Z",
      window: "15s",
      containers: [{ name: "app", usage: { cpu: "10m", memory: "32Mi" } }],
    });
    const table = metricsTable([nodeMetrics(s.node("node-1")!, undefined, T0 + 20_000)], "None");
    assert.deepEqual(table.columnDefinitions?.map((c) => c.name), ["Name", "cpu", "memory", "Window"]);
    assert.deepEqual(table.rows[0].cells, ["node-1", "200m", "1Gi", "15s"]);
  });

  it("counts a container that restarted between scrapes from its start", () => {
    const s = new MetricsStorage();
    s.store(batchFromResourceMetrics("node-1", scrape(T0, 10, 5)));
    s.store(batchFromResourceMetrics("node-1", scrape(T0 + 15_000, 11, 0.5, T0 + 5_000)));
    assert.equal(s.pod("default", "web")!.containers[0].usage.cpu, 50_000_000);
    assert.equal(s.pod("default", "web")!.windowMs, 10_000);
  });

  it("takes upstream's flags and refuses unknown ones as pflag words it", () => {
    const o = parseOptions(["--secure-port=10250", "--kubelet-use-node-status-port", "--metric-resolution=15s", "--kubelet-preferred-address-types=InternalIP,Hostname", "--kubelet-insecure-tls"]);
    assert.equal(o.metricResolutionMs, 15_000);
    assert.deepEqual(o.kubeletPreferredAddressTypes, ["InternalIP", "Hostname"]);
    assert.equal(o.kubeletUseNodeStatusPort, true);
    assert.throws(() => parseOptions(["--bogus"]), /^Error: unknown flag: --bogus$/);
    assert.throws(() => parseOptions(["--metric-resolution=5s"]), /at least 10s/);
  });
});
