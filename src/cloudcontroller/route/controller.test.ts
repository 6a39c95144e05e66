import assert from "node:assert/strict";
import { afterEach, describe, it } from "node:test";
import type { Node } from "kubernetes-types/core/v1.js";
import type { KubeObject } from "../../api/types.js";
import type { RouteObject } from "../../api/network/routes.js";
import { NODES, ROUTES } from "../../client/resources.js";
import { startControllerTestEnv, type ControllerTestEnv } from "../../controllers/shared/controller-test-env.js";
import { createRouteController, CLUSTER_NAME_LABEL, type RouteTable } from "./index.js";

type NodeObject = Node & KubeObject;
const PERIOD = 10_000;
/** Virtual time between polls where the test does not care when things happen. */
const STEP = 100;

describe("route controller", () => {
  let env: ControllerTestEnv;
  afterEach(() => env.stop());

  async function start(routeTable?: RouteTable) {
    env = await startControllerTestEnv();
    env.run(createRouteController(env.ctx, { clusterName: "kubernetes", clusterCIDRs: ["10.244.0.0/16"], periodMs: PERIOD, routeTable }));
  }
  const addNode = (name: string, podCIDR?: string) =>
    env.client.create<NodeObject>(NODES, undefined, { apiVersion: "v1", kind: "Node", metadata: { name }, spec: podCIDR ? { podCIDR, podCIDRs: [podCIDR] } : {} });
  const routes = async () => (await env.client.list<RouteObject>(ROUTES, undefined)).items;
  const condition = async (name: string) => (await env.client.get<NodeObject>(NODES, undefined, name)).status?.conditions?.find((c) => c.type === "NetworkUnavailable");

  it("creates one route per node podCIDR, named <clusterName>-<node uid>, and marks the node's network available", async () => {
    await start();
    const n1 = await addNode("node-1", "10.244.0.0/24");
    const n2 = await addNode("node-2", "10.244.1.0/24");
    await addNode("node-3");
    const made = await env.until("two routes", async () => ((await routes()).filter((r) => r.status?.state === "Available").length === 2 ? routes() : undefined), STEP);
    assert.deepEqual(
      made.map((r) => [r.metadata.name, r.spec.destinationCIDR, r.spec.targetNode, r.metadata.labels?.[CLUSTER_NAME_LABEL]]).sort((a, b) => a[2]!.localeCompare(b[2]!)),
      [
        [`kubernetes-${n1.metadata.uid}`, "10.244.0.0/24", "node-1", "kubernetes"],
        [`kubernetes-${n2.metadata.uid}`, "10.244.1.0/24", "node-2", "kubernetes"],
      ],
    );
    const c = await env.until("condition", () => condition("node-2"), STEP);
    assert.deepEqual([c.status, c.reason, c.message], ["False", "RouteCreated", "RouteController created a route"]);
    assert.equal(await condition("node-3"), undefined, "a node without a podCIDR is left alone");
  });

  it("recreates a deleted route at the next reconciliation period, not before", async () => {
    await start();
    const n1 = await addNode("node-1", "10.244.0.0/24");
    // 1 ms a poll: far from the next period.
    await env.until("route", async () => ((await routes()).length === 1 ? true : undefined), 1);
    await env.client.delete(ROUTES, undefined, `kubernetes-${n1.metadata.uid}`);
    await env.clock.advance(PERIOD / 2);
    assert.equal((await routes()).length, 0, "nothing watches routes between periods, as upstream");
    const back = await env.until("recreated", async () => ((await routes()).length === 1 ? routes() : undefined), PERIOD / 10);
    assert.equal(back[0].spec.targetNode, "node-1");
    assert.ok(env.clock.now() >= PERIOD, "recreated by the periodic reconcile");
  });

  it("deletes the route of a node that is gone, and leaves routes it did not make", async () => {
    await start();
    await addNode("node-1", "10.244.0.0/24");
    await env.until("route", async () => ((await routes()).length === 1 ? true : undefined), STEP);
    await env.client.create(ROUTES, undefined, { apiVersion: "network.skiff.dev/v1", kind: "Route", metadata: { name: "by-hand" }, spec: { destinationCIDR: "10.244.9.0/24", targetNode: "gone" } });
    await env.client.delete(NODES, undefined, "node-1");
    const left = await env.until("stale route deleted", async () => ((await routes()).length === 1 ? routes() : undefined), PERIOD / 10);
    assert.equal(left[0].metadata.name, "by-hand");
  });

  it("reports a route it cannot create as FailedToCreateRoute and marks the node's network unavailable", async () => {
    const failing: RouteTable = {
      list: async () => [],
      create: async () => {
        throw new Error('routes.network.skiff.dev is forbidden: User "system:serviceaccount:kube-system:route-controller" cannot create resource "routes"');
      },
      delete: async () => undefined,
    };
    await start(failing);
    const n1 = await addNode("node-1", "10.244.0.0/24");
    const c = await env.until("condition", () => condition("node-1"), STEP);
    assert.deepEqual([c.status, c.reason, c.message], ["True", "NoRouteCreated", "RouteController failed to create a route"]);
    const event = env.events.find((e) => e.reason === "FailedToCreateRoute")!;
    assert.equal(event.type, "Warning");
    assert.equal(event.object, "node-1");
    assert.match(event.message, new RegExp(`^Could not create route ${n1.metadata.uid} 10.244.0.0/24 for node node-1 after \\S+: routes.network.skiff.dev is forbidden`));
  });

  it("creates the routes of many nodes side by side, as upstream's goroutines do", async () => {
    let inFlight = 0;
    let most = 0;
    const created: string[] = [];
    const slow: RouteTable = {
      list: async () => [],
      create: async (_cluster, _hint, route) => {
        most = Math.max(most, ++inFlight);
        await env.clock.sleep(1_000);
        inFlight--;
        created.push(route.targetNode);
      },
      delete: async () => undefined,
    };
    await start(slow);
    for (let i = 0; i < 5; i++) await addNode(`node-${i}`, `10.244.${i}.0/24`);
    await env.until("five routes", async () => (created.length >= 5 ? true : undefined), STEP);
    assert.ok(most > 1, `creations overlapped (at most ${most} in flight)`);
  });
});
