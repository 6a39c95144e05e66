import assert from "node:assert/strict";
import { afterEach, beforeEach, describe, it } from "node:test";
import { builtinResources } from "../../api/index.js";
import type { ResourceDefinition } from "../../api/types.js";
import { DEPLOYMENTS, HPAS, PODS } from "../../client/resources.js";
import type { GVR, KubeObject } from "../../client/types.js";
import { startControllerTestEnv, type ControllerTestEnv } from "../shared/controller-test-env.js";
import { createHorizontalPodAutoscalerController, type HPAObject } from "./controller.js";
import type { MetricsSource } from "./metrics-source.js";

/** Served as a CRD with a scale subresource would be. */
const widgetDefinition: ResourceDefinition = {
  group: "example.com",
  version: "v1",
  kind: "Widget",
  plural: "widgets",
  singular: "widget",
  namespaced: true,
  schema: "com.example.v1.Widget",
  hasStatus: true,
  scale: { specReplicasPath: ".spec.replicas", statusReplicasPath: ".status.replicas", labelSelectorPath: ".status.selector" },
};
/** A custom resource without one. */
const gizmoDefinition: ResourceDefinition = { group: "example.com", version: "v1", kind: "Gizmo", plural: "gizmos", singular: "gizmo", namespaced: true, schema: "com.example.v1.Gizmo" };
const WIDGETS: GVR = { group: "example.com", version: "v1", resource: "widgets" };
const GIZMOS: GVR = { group: "example.com", version: "v1", resource: "gizmos" };
const SYNC = 15_000;

/** The pods `runningPods` creates use `utilization` percent of their 1 CPU request. */
function fixedMetrics(utilization: number, now: () => number): MetricsSource & { selectors: string[] } {
  const selectors: string[] = [];
  return {
    selectors,
    async podResourceMetrics(_ns, selector) {
      selectors.push(selector);
      const app = selector.replace(/^app=/, "");
      return new Map([1, 2].map((i) => [`${app}-${i}`, { valueMilli: utilization * 10, timestamp: now(), windowMs: 15_000 }]));
    },
  };
}

/** Two Running pods labelled app=<app>, Ready for ten minutes, requesting 1 CPU. */
async function runningPods(env: ControllerTestEnv, app: string): Promise<void> {
  const since = new Date(env.ctx.clock.now() - 600_000).toISOString();
  for (const i of [1, 2]) {
    const p = await env.client.create<KubeObject>(PODS, "default", { apiVersion: "v1", kind: "Pod", metadata: { name: `${app}-${i}`, namespace: "default", labels: { app } }, spec: { containers: [{ name: "c", image: "nginx", resources: { requests: { cpu: "1" } } }] } });
    await env.client.update(PODS, "default", { ...p, status: { phase: "Running", startTime: since, conditions: [{ type: "Ready", status: "True", lastTransitionTime: since }] } }, { subresource: "status" });
  }
}

function hpa(name: string, target: { apiVersion: string; kind: string; name: string }): HPAObject {
  return {
    apiVersion: "autoscaling/v2",
    kind: "HorizontalPodAutoscaler",
    metadata: { name, namespace: "default" },
    spec: { scaleTargetRef: target, minReplicas: 1, maxReplicas: 10, metrics: [{ type: "Resource", resource: { name: "cpu", target: { type: "Utilization", averageUtilization: 50 } } }] },
  };
}

async function widget(env: ControllerTestEnv, name: string, selector?: string): Promise<void> {
  const w = await env.client.create<KubeObject>(WIDGETS, "default", { apiVersion: "example.com/v1", kind: "Widget", metadata: { name, namespace: "default" }, spec: { replicas: 2 } });
  await env.client.update(WIDGETS, "default", { ...w, status: { replicas: 2, ...(selector ? { selector } : {}) } }, { subresource: "status" });
}

function condition(h: HPAObject, type: string) {
  return h.status?.conditions?.find((c) => c.type === type);
}

describe("HPA on any scalable resource", () => {
  let env: ControllerTestEnv;
  let metrics: ReturnType<typeof fixedMetrics>;
  beforeEach(async () => {
    env = await startControllerTestEnv({ resources: [...builtinResources, widgetDefinition, gizmoDefinition] });
    metrics = fixedMetrics(100, () => env.ctx.clock.now());
    env.run(createHorizontalPodAutoscalerController(env.ctx, { metrics }));
  });
  afterEach(() => env.stop());

  const hpaWhere = (name: string, what: string, ok: (h: HPAObject) => boolean) =>
    env.until(
      what,
      async () => {
        const h = await env.client.get<HPAObject>(HPAS, "default", name);
        return ok(h) ? h : undefined;
      },
      SYNC,
    );

  it("scales a custom resource through its scale subresource, with the selector from the Scale's status", async () => {
    await widget(env, "w", "app=w");
    await runningPods(env, "w");
    await env.client.create(HPAS, "default", hpa("w", { apiVersion: "example.com/v1", kind: "Widget", name: "w" }));
    const h = await hpaWhere("w", "the HPA rescaled the widget", (x) => condition(x, "AbleToScale")?.reason === "SucceededRescale");
    const w = await env.client.get<KubeObject & { spec: { replicas: number } }>(WIDGETS, "default", "w");
    assert.equal(w.spec.replicas, 4);
    assert.equal(h.status?.desiredReplicas, 4);
    assert.equal(condition(h, "AbleToScale")?.message, "the HPA controller was able to update the target scale to 4");
    assert.deepEqual(metrics.selectors.slice(0, 1), ["app=w"]);
    assert.ok(env.events.some((e) => e.reason === "SuccessfulRescale" && e.message === "New size: 4; reason: cpu resource utilization (percentage of request) above target"));
  });

  it("still scales a Deployment", async () => {
    await env.client.create(DEPLOYMENTS, "default", {
      apiVersion: "apps/v1",
      kind: "Deployment",
      metadata: { name: "web", namespace: "default" },
      spec: { replicas: 2, selector: { matchLabels: { app: "web" } }, template: { metadata: { labels: { app: "web" } }, spec: { containers: [{ name: "c", image: "nginx" }] } } },
    });
    await runningPods(env, "web");
    await env.client.create(HPAS, "default", hpa("web", { apiVersion: "apps/v1", kind: "Deployment", name: "web" }));
    await hpaWhere("web", "the HPA rescaled the deployment", (x) => condition(x, "AbleToScale")?.reason === "SucceededRescale");
    const d = await env.client.get<KubeObject & { spec: { replicas: number } }>(DEPLOYMENTS, "default", "web");
    assert.equal(d.spec.replicas, 4);
    assert.equal(metrics.selectors[0], "app=web");
  });

  it("reports FailedGetScale for a resource without a scale subresource and for a kind nobody serves", async () => {
    await env.client.create(GIZMOS, "default", { apiVersion: "example.com/v1", kind: "Gizmo", metadata: { name: "g", namespace: "default" } });
    await env.client.create(HPAS, "default", hpa("g", { apiVersion: "example.com/v1", kind: "Gizmo", name: "g" }));
    await env.client.create(HPAS, "default", hpa("n", { apiVersion: "example.com/v1", kind: "Nope", name: "n" }));
    const g = await hpaWhere("g", "FailedGetScale on g", (x) => condition(x, "AbleToScale")?.reason === "FailedGetScale");
    assert.equal(condition(g, "AbleToScale")?.status, "False");
    assert.equal(condition(g, "AbleToScale")?.message, "the HPA controller was unable to get the target's current scale: the server could not find the requested resource");
    const n = await hpaWhere("n", "FailedGetScale on n", (x) => condition(x, "AbleToScale")?.reason === "FailedGetScale");
    assert.equal(condition(n, "AbleToScale")?.message, 'the HPA controller was unable to get the target\'s current scale: no matches for kind "Nope" in group "example.com"');
    assert.ok(env.events.some((e) => e.object === "g" && e.reason === "FailedGetScale" && e.message === "the server could not find the requested resource"));
  });

  it("refuses a target whose Scale has no selector, as upstream", async () => {
    await widget(env, "bare");
    await env.client.create(HPAS, "default", hpa("bare", { apiVersion: "example.com/v1", kind: "Widget", name: "bare" }));
    const h = await hpaWhere("bare", "InvalidSelector", (x) => condition(x, "ScalingActive")?.reason === "InvalidSelector");
    assert.equal(condition(h, "ScalingActive")?.message, "the HPA target's scale is missing a selector");
    assert.ok(env.events.some((e) => e.reason === "SelectorRequired" && e.message === "selector is required"));
    assert.ok(env.events.some((e) => e.reason === "FailedComputeMetricsReplicas" && e.message === "selector is required"));
    assert.equal(metrics.selectors.length, 0);
  });
});
