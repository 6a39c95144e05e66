import assert from "node:assert/strict";
import type { IncomingMessage, ServerResponse } from "node:http";
import { describe, it } from "node:test";
import type { KubeObject, UserInfo } from "../api/types.js";
import { serveApi, type ApiDeps } from "./api.js";
import { batchFromResourceMetrics } from "./points.js";
import { MetricsStorage } from "./storage.js";

const T0 = Date.parse("2026-01-01T00:00:00Z");
const user: UserInfo = { username: "alice", groups: ["system:authenticated"] };

function scrape(t: number, cpuSeconds: number): string {
  const c = (pod: string) => [
    `container_cpu_usage_seconds_total{container="app",namespace="default",pod="${pod}"} ${cpuSeconds} ${t}`,
    `container_memory_working_set_bytes{container="app",namespace="default",pod="${pod}"} 1048576 ${t}`,
    `container_start_time_seconds{container="app",namespace="default",pod="${pod}"} ${T0 / 1000 - 60} ${T0}`,
  ];
  return [...c("web-1"), ...c("db-1"), `node_cpu_usage_seconds_total ${cpuSeconds * 3} ${t}`, `node_memory_working_set_bytes 1073741824 ${t}`].join("\n");
}

function deps(allowed = true): ApiDeps {
  const storage = new MetricsStorage();
  storage.store(batchFromResourceMetrics("node-1", scrape(T0, 1)));
  storage.store(batchFromResourceMetrics("node-1", scrape(T0 + 10_000, 2)));
  const pod = (name: string, app: string): KubeObject => ({ apiVersion: "v1", kind: "Pod", metadata: { name, namespace: "default", labels: { app } } });
  return {
    storage,
    nodes: () => [{ apiVersion: "v1", kind: "Node", metadata: { name: "node-1", labels: { zone: "a" } } }],
    pods: (ns) => (ns === undefined || ns === "default" ? [pod("web-1", "web"), pod("db-1", "db")] : []),
    now: () => T0 + 12_000,
    authorize: async () => ({ allowed, reason: "" }),
  };
}

async function call(d: ApiDeps, path: string, accept = "application/json"): Promise<{ status: number; body: Record<string, unknown> }> {
  let status = 0;
  let text = "";
  const res = { writeHead: (s: number) => ((status = s), res), end: (t: string) => (text = t) } as unknown as ServerResponse;
  await serveApi(d, user, { url: path, method: "GET", headers: { accept } } as IncomingMessage, res);
  return { status, body: JSON.parse(text) as Record<string, unknown> };
}

describe("metrics-server API", () => {
  it("lists pod metrics of a namespace by label selector", async () => {
    const r = await call(deps(), "/apis/metrics.k8s.io/v1beta1/namespaces/default/pods?labelSelector=app%3Dweb");
    assert.equal(r.status, 200);
    assert.equal(r.body.kind, "PodMetricsList");
    const items = r.body.items as { metadata: { name: string }; window: string; containers: { usage: { cpu: string; memory: string } }[] }[];
    assert.deepEqual(items.map((i) => i.metadata.name), ["web-1"]);
    assert.equal(items[0].window, "10s");
    assert.deepEqual(items[0].containers[0].usage, { cpu: "100m", memory: "1Mi" });
  });

  it("gets a node's metrics with its labels, and answers Tables when asked", async () => {
    const r = await call(deps(), "/apis/metrics.k8s.io/v1beta1/nodes/node-1");
    assert.deepEqual(r.body.usage, { cpu: "300m", memory: "1Gi" });
    assert.deepEqual((r.body.metadata as { labels: unknown }).labels, { zone: "a" });
    const t = await call(deps(), "/apis/metrics.k8s.io/v1beta1/nodes", "application/json;as=Table;v=v1;g=meta.k8s.io,application/json");
    assert.equal(t.body.kind, "Table");
    assert.deepEqual((t.body.rows as { cells: unknown[] }[])[0].cells, ["node-1", "300m", "1Gi", "10s"]);
  });

  it("answers upstream's errors", async () => {
    const missing = await call(deps(), "/apis/metrics.k8s.io/v1beta1/namespaces/default/pods/nope");
    assert.equal(missing.status, 404);
    assert.equal(missing.body.message, 'podmetrics.metrics.k8s.io "default/nope" not found');
    const field = await call(deps(), "/apis/metrics.k8s.io/v1beta1/nodes?fieldSelector=spec.unschedulable%3Dtrue");
    assert.equal(field.status, 400);
    assert.equal(field.body.message, "field label not supported: spec.unschedulable");
    const watch = await call(deps(), "/apis/metrics.k8s.io/v1beta1/pods?watch=true");
    assert.equal(watch.status, 405);
    const denied = await call(deps(false), "/apis/metrics.k8s.io/v1beta1/namespaces/default/pods");
    assert.equal(denied.status, 403);
    assert.equal(denied.body.message, 'pods.metrics.k8s.io is forbidden: User "alice" cannot list resource "pods" in API group "metrics.k8s.io" in the namespace "default"');
  });

  it("serves discovery for metrics.k8s.io/v1beta1", async () => {
    const r = await call(deps(), "/apis/metrics.k8s.io/v1beta1");
    assert.deepEqual((r.body.resources as { name: string; kind: string; namespaced: boolean }[]).map((x) => [x.name, x.kind, x.namespaced]), [
      ["nodes", "NodeMetrics", false],
      ["pods", "PodMetrics", true],
    ]);
  });
});
