/**
 * A CRD with Webhook conversion, served through a converter that renames a
 * field between versions: every read and write path converts (get, list,
 * watch, create, update, patch), and storage holds the storage version.
 */
import assert from "node:assert/strict";
import { after, before, test } from "node:test";
import type { CustomResourceDefinition } from "../../api/apiextensions/index.js";
import type { KubeObject } from "../../api/types.js";
import { startTestCluster, type TestCluster } from "../../client/test-fixtures.js";
import type { GVR, WatchEvent } from "../../client/types.js";
import { CRDS } from "../controllers/run.js";
import { isApiError } from "../../api/errors.js";
import type { CustomResourceConverter } from "./types.js";

const V1: GVR = { group: "example.skiff.dev", version: "v1", resource: "gadgets" };
const V2: GVR = { group: "example.skiff.dev", version: "v2", resource: "gadgets" };
const open = { type: "object", "x-kubernetes-preserve-unknown-fields": true } as const;

const crd: CustomResourceDefinition = {
  apiVersion: "apiextensions.k8s.io/v1",
  kind: "CustomResourceDefinition",
  metadata: { name: "gadgets.example.skiff.dev" },
  spec: {
    group: "example.skiff.dev",
    scope: "Namespaced",
    names: { plural: "gadgets", kind: "Gadget" },
    versions: [
      { name: "v1", served: true, storage: true, schema: { openAPIV3Schema: open } },
      { name: "v2", served: true, storage: false, schema: { openAPIV3Schema: open } },
    ],
    conversion: { strategy: "Webhook", webhook: { clientConfig: { url: "https://converter.example/convert" }, conversionReviewVersions: ["v1"] } },
  },
};

/** v1 says spec.size, v2 says spec.length. */
const renaming: CustomResourceConverter = {
  async convert(objects, desired) {
    return objects.map((o) => {
      if (o.apiVersion === desired) return o;
      const spec = { ...(o.spec as Record<string, unknown>) };
      const [from, to] = desired.endsWith("/v2") ? ["size", "length"] : ["length", "size"];
      if (from in spec) {
        spec[to] = spec[from];
        delete spec[from];
      }
      return { ...o, apiVersion: desired, spec };
    });
  },
};

let c: TestCluster;

async function until<T>(what: string, fn: () => Promise<T | undefined> | T | undefined): Promise<T> {
  for (let i = 0; i < 500; i++) {
    const v = await Promise.resolve(fn()).catch(() => undefined);
    if (v !== undefined) return v;
    await new Promise((r) => setImmediate(r));
  }
  throw new Error(`timed out waiting until ${what}`);
}

before(async () => {
  c = await startTestCluster();
  await c.server.customResources.start(c.server);
  c.server.customResources.server.converters = (d) => (d.spec.conversion?.strategy === "Webhook" ? renaming : undefined);
  await c.client.create(CRDS, undefined, crd);
  await until("gadgets are served", () => c.client.list(V2, { namespace: "default" }).then(() => true));
});
after(async () => {
  await c.close();
});

test("writes through v2 are stored as v1; reads convert to the version asked for", async () => {
  const created = await c.client.create<KubeObject>(V2, "default", { apiVersion: "example.skiff.dev/v2", kind: "Gadget", metadata: { name: "g" }, spec: { length: 3 } });
  assert.deepEqual([created.apiVersion, created.spec], ["example.skiff.dev/v2", { length: 3 }]);
  const stored = JSON.parse((await c.store.get("/registry/example.skiff.dev/gadgets/default/g"))!.value);
  assert.deepEqual([stored.apiVersion, stored.spec], ["example.skiff.dev/v1", { size: 3 }]);
  const asV1 = await c.client.get(V1, "default", "g");
  assert.deepEqual([asV1.apiVersion, asV1.spec], ["example.skiff.dev/v1", { size: 3 }]);
  const list = await c.client.list(V2, { namespace: "default" });
  assert.deepEqual(list.items.map((o) => o.spec), [{ length: 3 }]);
  const patched = await c.client.patch<KubeObject>(V2, "default", "g", "merge", { spec: { length: 4 } });
  assert.deepEqual(patched.spec, { length: 4 });
  assert.deepEqual((await c.client.get(V1, "default", "g")).spec, { size: 4 });
});

test("watch events are converted to the watched version", async () => {
  const events: WatchEvent[] = [];
  const w = c.client.watch(V2, { namespace: "default" }, (ev) => events.push(ev), () => undefined);
  try {
    await until("the initial event", () => (events.length ? true : undefined));
    await c.client.update(V1, "default", { ...(await c.client.get(V1, "default", "g")), spec: { size: 9 } });
    const modified = await until("the modification", () => events.find((e) => e.type === "MODIFIED"));
    assert.deepEqual([modified.object.apiVersion, modified.object.spec], ["example.skiff.dev/v2", { length: 9 }]);
  } finally {
    w.close();
  }
});

test("a conversion that fails fails the request with its error", async () => {
  c.server.customResources.server.converters = () => ({
    convert: async () => {
      throw new Error("webhook down");
    },
  });
  // A changed CRD is served anew, with the new converter.
  const changed = { ...crd, spec: { ...crd.spec, versions: crd.spec.versions.map((v) => ({ ...v, deprecated: v.name === "v2" })) } };
  await c.client.update(CRDS, undefined, { ...(await c.client.get(CRDS, undefined, crd.metadata.name!)), spec: changed.spec });
  const err = await until("v2 reads fail", async () => {
    try {
      await c.client.get(V2, "default", "g");
      return undefined;
    } catch (e) {
      return isApiError(e) ? e : undefined;
    }
  });
  assert.equal(err.code, 500);
  assert.match(err.message, /webhook down/);
});
