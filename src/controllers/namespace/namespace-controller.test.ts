import assert from "node:assert/strict";
import { afterEach, beforeEach, describe, it } from "node:test";
import type { NamespaceCondition } from "kubernetes-types/core/v1.js";
import { CONFIGMAPS, DEPLOYMENTS, NAMESPACES, PODS } from "../../client/index.js";
import type { Client, KubeObject, TransportResponse } from "../../client/types.js";
import { createDeploymentController } from "../deployment/index.js";
import { createGarbageCollector } from "../garbage-collector/index.js";
import { createReplicaSetController } from "../replicaset/index.js";
import { startControllerTestEnv, type ControllerTestEnv } from "../shared/controller-test-env.js";
import { createNamespaceController } from "./namespace-controller.js";

/** A client whose discovery also lists metrics.k8s.io/v1beta1, served by an aggregated API that is down while `down` is set. */
function withMetricsApi(client: Client, state: { down: boolean }): Client {
  const json = (status: number, body: unknown): TransportResponse => ({ status, headers: { "content-type": "application/json" }, body: Buffer.from(JSON.stringify(body)) });
  return Object.assign(Object.create(client) as Client, {
    async raw(method: string, path: string, body?: unknown, headers?: Record<string, string>) {
      if (method === "GET" && path === "/apis") {
        const res = await client.raw(method, path, body, headers);
        const list = JSON.parse(res.body.toString("utf8"));
        list.groups.push({ name: "metrics.k8s.io", versions: [{ groupVersion: "metrics.k8s.io/v1beta1", version: "v1beta1" }], preferredVersion: { groupVersion: "metrics.k8s.io/v1beta1", version: "v1beta1" } });
        return json(200, list);
      }
      if (path === "/apis/metrics.k8s.io/v1beta1") {
        if (state.down) return { status: 503, headers: { "content-type": "text/plain" }, body: Buffer.from("service unavailable\n") };
        return json(200, { kind: "APIResourceList", groupVersion: "metrics.k8s.io/v1beta1", resources: [{ name: "pods", namespaced: true, kind: "PodMetrics", verbs: ["get", "list"] }] });
      }
      return client.raw(method, path, body, headers);
    },
  });
}

const ns = (name: string): KubeObject => ({ apiVersion: "v1", kind: "Namespace", metadata: { name } });
const gone = async (env: ControllerTestEnv, name: string) => env.client.get(NAMESPACES, undefined, name).then(() => false, () => true);

describe("Namespace controller against an API server", () => {
  let env: ControllerTestEnv;
  const metrics = { down: false };
  beforeEach(async () => {
    metrics.down = false;
    env = await startControllerTestEnv();
    env.ctx.client = withMetricsApi(env.client, metrics);
    env.run(createNamespaceController(env.ctx), createDeploymentController(env.ctx), createReplicaSetController(env.ctx), createGarbageCollector(env.ctx));
    await env.client.create(NAMESPACES, undefined, ns("team"));
    await env.client.create(CONFIGMAPS, "team", { apiVersion: "v1", kind: "ConfigMap", metadata: { name: "settings", namespace: "team" }, data: { a: "1" } });
    await env.client.create(DEPLOYMENTS, "team", {
      apiVersion: "apps/v1",
      kind: "Deployment",
      metadata: { name: "web", namespace: "team" },
      spec: { replicas: 2, selector: { matchLabels: { app: "web" } }, template: { metadata: { labels: { app: "web" } }, spec: { containers: [{ name: "main", image: "nginx" }] } } },
    });
    await env.until("pods in team", async () => (await env.client.list(PODS, { namespace: "team" })).items.length === 2);
  });
  afterEach(() => env.stop());

  it("empties a deleted namespace and removes it", async () => {
    await env.client.delete(NAMESPACES, undefined, "team");
    await env.until("namespace gone", () => gone(env, "team"), 1000);
    assert.equal((await env.client.list(CONFIGMAPS, { namespace: "team" })).items.length, 0);
    assert.equal((await env.client.list(PODS, { namespace: "team" })).items.length, 0);
  });

  it("stays Terminating with NamespaceDeletionDiscoveryFailure while an aggregated API is down, and heals once it is back", async () => {
    metrics.down = true;
    await env.client.delete(NAMESPACES, undefined, "team");
    const cond = await env.until("discovery failure condition", async () => {
      const live = await env.client.get(NAMESPACES, undefined, "team");
      const conds = (live.status as { conditions?: NamespaceCondition[] } | undefined)?.conditions ?? [];
      return conds.find((c) => c.type === "NamespaceDeletionDiscoveryFailure" && c.status === "True");
    }, 100);
    assert.equal(cond.reason, "DiscoveryFailed");
    assert.equal(
      cond.message,
      "Discovery failed for some groups, 1 failing: unable to retrieve the complete list of server APIs: metrics.k8s.io/v1beta1: the server is currently unable to handle the request",
    );
    await env.clock.advance(30_000);
    const live = await env.client.get(NAMESPACES, undefined, "team");
    assert.equal((live.status as { phase?: string }).phase, "Terminating");
    assert.equal((await env.client.list(CONFIGMAPS, { namespace: "team" })).items.length, 0, "content is deleted even while discovery fails");
    metrics.down = false;
    await env.until("namespace gone", () => gone(env, "team"), 10_000);
  });
});
