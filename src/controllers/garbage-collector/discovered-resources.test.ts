import assert from "node:assert/strict";
import { afterEach, describe, it } from "node:test";
import { isApiError } from "../../api/errors.js";
import { builtinResources } from "../../api/index.js";
import type { ResourceDefinition } from "../../api/types.js";
import { CONFIGMAPS } from "../../client/index.js";
import type { Client, GVR, KubeObject } from "../../client/types.js";
import { startControllerTestEnv, type ControllerTestEnv } from "../shared/controller-test-env.js";
import { discoverDeletableResources } from "./discovery.js";
import { createGarbageCollector, DISCOVERY_RESYNC_MS, type GarbageCollector } from "./garbage-collector.js";

/** A resource the API server serves beside the built-in ones, as it serves a custom resource. */
const widgetDefinition: ResourceDefinition = {
  group: "example.com",
  version: "v1",
  kind: "Widget",
  plural: "widgets",
  singular: "widget",
  namespaced: true,
  schema: "com.example.v1.Widget",
  tracksGeneration: true,
};
const WIDGETS: GVR = { group: "example.com", version: "v1", resource: "widgets" };

async function exists(client: Client, gvr: GVR, name: string): Promise<boolean> {
  try {
    await client.get(gvr, "default", name);
    return true;
  } catch (err) {
    if (isApiError(err, "NotFound")) return false;
    throw err;
  }
}

function widget(name: string, owner?: KubeObject): KubeObject {
  return { apiVersion: "example.com/v1", kind: "Widget", metadata: { name, namespace: "default", ...(owner ? { ownerReferences: [ownerRef(owner)] } : {}) }, spec: { size: 1 } };
}

function configMapOwnedBy(name: string, owner: KubeObject): KubeObject {
  return { apiVersion: "v1", kind: "ConfigMap", metadata: { name, namespace: "default", ownerReferences: [ownerRef(owner)] }, data: { a: "b" } };
}

function ownerRef(o: KubeObject) {
  return { apiVersion: o.apiVersion!, kind: o.kind!, name: o.metadata.name!, uid: o.metadata.uid!, blockOwnerDeletion: true };
}

describe("Garbage collector over discovered resources", () => {
  let env: ControllerTestEnv;
  let gc: GarbageCollector;
  let hideWidgets = false;

  async function start() {
    env = await startControllerTestEnv({ resources: [...builtinResources, widgetDefinition] });
    gc = createGarbageCollector(env.ctx, {
      discover: async (client) => {
        const found = await discoverDeletableResources(client);
        return hideWidgets ? { ...found, resources: found.resources.filter((r) => r.gvr.resource !== "widgets") } : found;
      },
    });
    env.run(gc);
    await env.settle();
  }
  afterEach(async () => {
    hideWidgets = false;
    await env.stop();
  });

  it("watches a resource that discovery lists beside the built-in ones, and cascades a background delete through it", async () => {
    await start();
    await env.until("widgets monitored", async () => gc.monitoredResources().includes("example.com/widgets"));
    assert.ok(gc.monitoredResources().includes("/configmaps"));
    const parent = await env.client.create(WIDGETS, "default", widget("parent"));
    const child = await env.client.create(WIDGETS, "default", widget("child", parent));
    await env.client.create(CONFIGMAPS, "default", configMapOwnedBy("grandchild", child));
    await env.client.delete(WIDGETS, "default", "parent", { propagationPolicy: "Background" });
    await env.until("child widget and its ConfigMap gone", async () => !(await exists(env.client, WIDGETS, "child")) && !(await exists(env.client, CONFIGMAPS, "grandchild")));
  });

  it("deletes a custom resource whose built-in owner is gone", async () => {
    await start();
    const cm = await env.client.create(CONFIGMAPS, "default", { apiVersion: "v1", kind: "ConfigMap", metadata: { name: "owner", namespace: "default" } });
    await env.client.create(WIDGETS, "default", widget("owned", cm));
    await env.client.delete(CONFIGMAPS, "default", "owner");
    await env.until("owned widget gone", async () => !(await exists(env.client, WIDGETS, "owned")));
  });

  it("finishes a foreground delete of a custom resource after its dependents, and orphans on request", async () => {
    await start();
    const fg = await env.client.create(WIDGETS, "default", widget("fg"));
    await env.client.create(CONFIGMAPS, "default", configMapOwnedBy("fg-child", fg));
    await env.client.delete(WIDGETS, "default", "fg", { propagationPolicy: "Foreground" });
    await env.until("fg and its child gone", async () => {
      const [parent, kid] = [await exists(env.client, WIDGETS, "fg"), await exists(env.client, CONFIGMAPS, "fg-child")];
      assert.ok(!(kid && !parent), "the child outlived its foreground-deleted owner's wait");
      return !parent && !kid;
    });

    const or = await env.client.create(WIDGETS, "default", widget("or"));
    await env.client.create(CONFIGMAPS, "default", configMapOwnedBy("or-child", or));
    await env.client.delete(WIDGETS, "default", "or", { propagationPolicy: "Orphan" });
    await env.until("or gone", async () => !(await exists(env.client, WIDGETS, "or")));
    const kept = await env.client.get(CONFIGMAPS, "default", "or-child");
    assert.equal(kept.metadata.ownerReferences, undefined);
  });

  it("starts and stops watching as discovery shows a resource come and go, every 30 s", async () => {
    hideWidgets = true;
    await start();
    assert.ok(!gc.monitoredResources().includes("example.com/widgets"));
    hideWidgets = false;
    await env.clock.advance(DISCOVERY_RESYNC_MS - 1);
    assert.ok(!gc.monitoredResources().includes("example.com/widgets"), "discovery is re-read only after 30 s");
    await env.until("widgets monitored", async () => gc.monitoredResources().includes("example.com/widgets"), 1);
    const owner = await env.client.create(WIDGETS, "default", widget("w"));
    await env.client.create(CONFIGMAPS, "default", configMapOwnedBy("w-child", owner));
    await env.client.delete(WIDGETS, "default", "w");
    await env.until("w-child gone", async () => !(await exists(env.client, CONFIGMAPS, "w-child")));

    hideWidgets = true;
    await env.until("widgets no longer monitored", async () => !gc.monitoredResources().includes("example.com/widgets"), DISCOVERY_RESYNC_MS);
    // Built-ins stay watched whatever discovery says.
    assert.ok(gc.monitoredResources().includes("/configmaps"));
  });
});
