/**
 * CRDs and their custom resources in an in-process API server: the
 * controllers establish a CRD, its versions are routed, discovered and
 * described in OpenAPI; objects are defaulted, pruned, validated and read
 * through either version; deleting the CRD deletes them and stops serving.
 */
import assert from "node:assert/strict";
import { after, before, test } from "node:test";
import { isApiError } from "../api/errors.js";
import type { CustomResourceDefinition } from "../api/apiextensions/index.js";
import { startTestCluster, type TestCluster } from "../client/test-fixtures.js";
import type { GVR, KubeObject } from "../client/types.js";
import { CRDS } from "./controllers/run.js";
import type { VirtualClock } from "../util/clock.js";

const WIDGETS_V1: GVR = { group: "example.skiff.dev", version: "v1", resource: "widgets" };
const WIDGETS_V2: GVR = { group: "example.skiff.dev", version: "v2", resource: "widgets" };

const crd: CustomResourceDefinition = {
  apiVersion: "apiextensions.k8s.io/v1",
  kind: "CustomResourceDefinition",
  metadata: { name: "widgets.example.skiff.dev" },
  spec: {
    group: "example.skiff.dev",
    scope: "Namespaced",
    names: { plural: "widgets", kind: "Widget" },
    versions: [
      {
        name: "v1",
        served: true,
        storage: true,
        schema: { openAPIV3Schema: { type: "object", properties: { spec: { type: "object", properties: { size: { type: "integer", minimum: 1, default: 2 } } }, status: { type: "object", "x-kubernetes-preserve-unknown-fields": true } } } },
      },
      { name: "v2", served: true, storage: false, schema: { openAPIV3Schema: { type: "object", "x-kubernetes-preserve-unknown-fields": true } } },
    ],
  },
};

let c: TestCluster;

async function until<T>(what: string, fn: () => Promise<T | undefined>): Promise<T> {
  for (let i = 0; i < 500; i++) {
    const v = await fn().catch(() => undefined);
    if (v !== undefined) return v;
    await new Promise((r) => setImmediate(r));
  }
  throw new Error(`timed out waiting until ${what}`);
}

before(async () => {
  c = await startTestCluster();
  await c.server.customResources.start(c.server);
});
after(async () => {
  await c.close();
});

test("a created CRD is named, established and served in both versions", async () => {
  await c.client.create(CRDS, undefined, crd);
  const established = await until("established", async () => {
    const got = await c.client.get<CustomResourceDefinition>(CRDS, undefined, crd.metadata.name!);
    return got.status?.conditions?.some((x) => x.type === "Established" && x.status === "True") ? got : undefined;
  });
  assert.deepEqual(established.spec.names, { plural: "widgets", singular: "widget", kind: "Widget", listKind: "WidgetList" });
  assert.deepEqual(established.status?.acceptedNames, { plural: "widgets", singular: "widget", kind: "Widget", listKind: "WidgetList" });
  const group = JSON.parse(String((await c.client.raw("GET", "/apis/example.skiff.dev")).body));
  assert.equal(group.preferredVersion.version, "v2", "kube-aware order: v2 before v1");
  const v3 = JSON.parse(String((await c.client.raw("GET", "/openapi/v3/apis/example.skiff.dev/v1")).body));
  assert.ok(v3.components.schemas["dev.skiff.example.v1.Widget"], Object.keys(v3.components.schemas).join(" "));
  assert.deepEqual(v3.components.schemas["dev.skiff.example.v1.Widget"]["x-kubernetes-group-version-kind"], [{ group: "example.skiff.dev", kind: "Widget", version: "v1" }]);
});

test("objects are defaulted, pruned and validated, and read through either version", async () => {
  const w = await c.client.create<KubeObject>(WIDGETS_V1, "default", { apiVersion: "example.skiff.dev/v1", kind: "Widget", metadata: { name: "w" }, spec: { extra: true } });
  assert.deepEqual(w.spec, { size: 2 });
  const metrics = String((await c.client.raw("GET", "/metrics")).body);
  assert.match(metrics, /^apiserver_storage_objects\{resource="widgets\.example\.skiff\.dev"\} 1$/m, "counted once for both versions");
  await assert.rejects(c.client.create(WIDGETS_V1, "default", { apiVersion: "example.skiff.dev/v1", kind: "Widget", metadata: { name: "bad" }, spec: { size: 0 } }), (err: Error) => {
    assert.ok(isApiError(err, "Invalid"));
    assert.equal(err.message, 'Widget.example.skiff.dev "bad" is invalid: spec.size: Invalid value: 0: spec.size in body should be greater than or equal to 1');
    return true;
  });
  // No status subresource: status is written through the main resource, and moves generation as spec does.
  const withStatus = await c.client.update<KubeObject>(WIDGETS_V1, "default", { ...(await c.client.get(WIDGETS_V1, "default", "w")), status: { seen: true } });
  assert.deepEqual([withStatus.status, withStatus.metadata.generation], [{ seen: true }, 2]);
  const v2 = await c.client.get(WIDGETS_V2, "default", "w");
  assert.equal(v2.apiVersion, "example.skiff.dev/v2");
  assert.deepEqual(v2.spec, { size: 2 });
  // Written through v2, stored in the storage version v1.
  await c.client.update(WIDGETS_V2, "default", { ...v2, spec: { size: 5 } });
  const stored = await c.store.get("/registry/example.skiff.dev/widgets/default/w");
  assert.equal(JSON.parse(stored!.value).apiVersion, "example.skiff.dev/v1");
  await assert.rejects(c.client.patch(WIDGETS_V1, "default", "w", "strategic", { spec: { size: 3 } }), (err: Error) => isApiError(err, "UnsupportedMediaType"));
});

test("with the status subresource, a create drops status; the OpenAPI documents change with the CRDs", async () => {
  const before = await c.client.raw("GET", "/openapi/v2");
  const crd2: CustomResourceDefinition = {
    ...crd,
    metadata: { name: "gizmos.example.skiff.dev" },
    spec: { ...crd.spec, names: { plural: "gizmos", kind: "Gizmo" }, versions: [{ ...crd.spec.versions[0]!, subresources: { status: {} } }] },
  };
  await c.client.create(CRDS, undefined, crd2);
  const GIZMOS: GVR = { group: "example.skiff.dev", version: "v1", resource: "gizmos" };
  const g = await until("gizmos are served", () => c.client.create<KubeObject>(GIZMOS, "default", { apiVersion: "example.skiff.dev/v1", kind: "Gizmo", metadata: { name: "g" }, spec: {}, status: { ready: true } }));
  assert.equal(g.status, undefined);
  const afterDoc = await c.client.raw("GET", "/openapi/v2");
  assert.notEqual(afterDoc.headers.etag, before.headers.etag);
  assert.ok(JSON.parse(String(afterDoc.body)).definitions["dev.skiff.example.v1.Gizmo"]);
  await c.client.delete(CRDS, undefined, crd2.metadata.name!);
});

test("a change to the CRD's spec ends open watches; a status-only change does not", async () => {
  let closed = false;
  const w = c.client.watch(WIDGETS_V1, { namespace: "default" }, () => undefined, () => (closed = true));
  try {
    await until("the watch is open", async () => ((await c.client.list(WIDGETS_V1, { namespace: "default" })) ? true : undefined));
    const current = await c.client.get<CustomResourceDefinition>(CRDS, undefined, crd.metadata.name!);
    const withStored = await c.client.update<CustomResourceDefinition>(CRDS, undefined, { ...current, status: { ...current.status, storedVersions: ["v1", "v2"] } }, { subresource: "status" });
    assert.notEqual(withStored.metadata.resourceVersion, current.metadata.resourceVersion);
    for (let i = 0; i < 20; i++) await new Promise((r) => setImmediate(r));
    assert.equal(closed, false);
    const versions = current.spec.versions.map((v) => (v.name === "v1" ? { ...v, additionalPrinterColumns: [{ name: "Size", type: "integer", jsonPath: ".spec.size" }] } : v));
    await c.client.update(CRDS, undefined, { ...withStored, spec: { ...withStored.spec, versions } });
    await until("the watch ends", async () => (closed ? true : undefined));
  } finally {
    w.close();
  }
});

test("field selectors: metadata.name, metadata.namespace when namespaced, and the version's selectable fields", async () => {
  const tags: CustomResourceDefinition = {
    ...crd,
    metadata: { name: "tags.example.skiff.dev" },
    spec: {
      ...crd.spec,
      scope: "Cluster",
      names: { plural: "tags", kind: "Tag" },
      versions: [{ name: "v1", served: true, storage: true, selectableFields: [{ jsonPath: ".spec.color" }], schema: { openAPIV3Schema: { type: "object", properties: { spec: { type: "object", properties: { color: { type: "string" } } } } } } }],
    },
  };
  await c.client.create(CRDS, undefined, tags);
  const TAGS: GVR = { group: "example.skiff.dev", version: "v1", resource: "tags" };
  await until("tags are served", () => c.client.create(TAGS, undefined, { apiVersion: "example.skiff.dev/v1", kind: "Tag", metadata: { name: "red" }, spec: { color: "red" } }));
  await c.client.create(TAGS, undefined, { apiVersion: "example.skiff.dev/v1", kind: "Tag", metadata: { name: "blue" }, spec: { color: "blue" } });
  const red = await c.client.list(TAGS, { fieldSelector: "spec.color=red" });
  assert.deepEqual(red.items.map((o) => o.metadata.name), ["red"]);
  await assert.rejects(c.client.list(TAGS, { fieldSelector: "metadata.namespace=default" }), (err: Error) => err.message === "field label not supported: metadata.namespace");
  await assert.rejects(c.client.list(TAGS, { fieldSelector: "spec.size=1" }), (err: Error) => err.message === "field label not supported: spec.size");
  await c.client.delete(CRDS, undefined, tags.metadata.name!);
  await until("the tags CRD is gone", () => c.client.get(CRDS, undefined, tags.metadata.name!).then(() => undefined, (err) => (isApiError(err, "NotFound") ? true : undefined)));
});

test("a CRD naming a built-in resource does not take it over", async () => {
  const leases: CustomResourceDefinition = {
    ...crd,
    metadata: { name: "leases.coordination.k8s.io", annotations: { "api-approved.kubernetes.io": "unapproved, testing" } },
    spec: { ...crd.spec, group: "coordination.k8s.io", names: { plural: "leases", kind: "Lease" }, versions: [crd.spec.versions[0]!] },
  };
  await c.client.create(CRDS, undefined, leases);
  await until("the CRD is Established", async () => {
    const got = await c.client.get<CustomResourceDefinition>(CRDS, undefined, leases.metadata.name!);
    return got.status?.conditions?.some((x) => x.type === "Established" && x.status === "True") ? true : undefined;
  });
  const LEASES: GVR = { group: "coordination.k8s.io", version: "v1", resource: "leases" };
  const lease = await c.client.create<KubeObject>(LEASES, "default", { apiVersion: "coordination.k8s.io/v1", kind: "Lease", metadata: { name: "l" }, spec: { holderIdentity: "me", size: 0 } });
  assert.deepEqual(lease.spec, { holderIdentity: "me" }, "the built-in Lease schema, not the CRD's");
  await c.client.delete(CRDS, undefined, leases.metadata.name!);
  await until("the CRD is gone", () => c.client.get(CRDS, undefined, leases.metadata.name!).then(() => undefined, (err) => (isApiError(err, "NotFound") ? true : undefined)));
  assert.ok(await c.client.get(LEASES, "default", "l"), "the built-in resource is still served, its objects kept");
});

test("custom resources take any qualified finalizer name, as apimachinery's validation", async () => {
  const w = await c.client.create<KubeObject>(WIDGETS_V1, "default", { apiVersion: "example.skiff.dev/v1", kind: "Widget", metadata: { name: "kept", finalizers: ["example.skiff.dev-protection"] }, spec: {} });
  assert.deepEqual(w.metadata.finalizers, ["example.skiff.dev-protection"]);
  await c.client.update(WIDGETS_V1, "default", { ...w, metadata: { ...w.metadata, finalizers: [] } });
});

test("a CRD whose objects keep finalizers stays Terminating, InstanceDeletionCheck after a minute, until they go", async () => {
  const held: CustomResourceDefinition = { ...crd, metadata: { name: "locks.example.skiff.dev" }, spec: { ...crd.spec, names: { plural: "locks", kind: "Lock" } } };
  await c.client.create(CRDS, undefined, held);
  const LOCKS: GVR = { group: "example.skiff.dev", version: "v1", resource: "locks" };
  await until("locks are served", () => c.client.create(LOCKS, "default", { apiVersion: "example.skiff.dev/v1", kind: "Lock", metadata: { name: "l", finalizers: ["example.skiff.dev/hold"] }, spec: {} }));
  // Every Terminating condition the CRD goes through, as its watchers see them.
  const seen: string[] = [];
  const w = c.client.watch<CustomResourceDefinition>(CRDS, { fieldSelector: `metadata.name=${held.metadata.name}` }, (ev) => {
    const t = ev.object.status?.conditions?.find((x) => x.type === "Terminating");
    if (t && seen.at(-1) !== `${t.status} ${t.reason}: ${t.message}`) seen.push(`${t.status} ${t.reason}: ${t.message}`);
  }, () => undefined);
  try {
    await c.client.delete(CRDS, undefined, held.metadata.name!);
    await until("the object is being deleted", async () => ((await c.client.get(LOCKS, "default", "l")).metadata.deletionTimestamp ? true : undefined));
    const clock = c.clock as VirtualClock;
    await until("InstanceDeletionCheck", async () => {
      await clock.advance(5_000);
      return seen.some((x) => x.includes("InstanceDeletionCheck")) ? true : undefined;
    });
    const lock = await c.client.get(LOCKS, "default", "l");
    await c.client.update(LOCKS, "default", { ...lock, metadata: { ...lock.metadata, finalizers: [] } });
    await until("the CRD is gone", async () => {
      await clock.advance(5_000);
      return c.client.get(CRDS, undefined, held.metadata.name!).then(() => undefined, (err) => (isApiError(err, "NotFound") ? true : undefined));
    });
    assert.deepEqual(seen.slice(0, 3), [
      "True InstanceDeletionPending: CustomResourceDefinition marked for deletion; CustomResource deletion will begin soon",
      "True InstanceDeletionInProgress: CustomResource deletion is in progress",
      "True InstanceDeletionCheck: could not confirm zero CustomResources remaining: timed out waiting for the condition",
    ]);
  } finally {
    w.close();
  }
});

test("deleting a CRD that serves no version still deletes its stored objects", async () => {
  const hidden: CustomResourceDefinition = { ...crd, metadata: { name: "gears.example.skiff.dev" }, spec: { ...crd.spec, names: { plural: "gears", kind: "Gear" } } };
  await c.client.create(CRDS, undefined, hidden);
  const GEARS: GVR = { group: "example.skiff.dev", version: "v1", resource: "gears" };
  await until("gears are served", () => c.client.create(GEARS, "default", { apiVersion: "example.skiff.dev/v1", kind: "Gear", metadata: { name: "g" }, spec: {} }));
  const current = await c.client.get<CustomResourceDefinition>(CRDS, undefined, hidden.metadata.name!);
  await c.client.update(CRDS, undefined, { ...current, spec: { ...current.spec, versions: current.spec.versions.map((v) => ({ ...v, served: false })) } });
  await until("gears are not served", async () => c.client.get(GEARS, "default", "g").then(() => undefined, (err) => (isApiError(err, "NotFound") ? true : undefined)));
  await c.client.delete(CRDS, undefined, hidden.metadata.name!);
  await until("the CRD is gone", () => c.client.get(CRDS, undefined, hidden.metadata.name!).then(() => undefined, (err) => (isApiError(err, "NotFound") ? true : undefined)));
  assert.equal((await c.store.list("/registry/example.skiff.dev/gears/")).items.length, 0);
});

test("deleting the CRD deletes its objects first, then stops serving it", async () => {
  await c.client.delete(CRDS, undefined, crd.metadata.name!);
  await until("the CRD is gone", async () => {
    try {
      await c.client.get(CRDS, undefined, crd.metadata.name!);
      return undefined;
    } catch (err) {
      return isApiError(err, "NotFound") ? true : undefined;
    }
  });
  assert.equal((await c.store.list("/registry/example.skiff.dev/widgets/")).items.length, 0);
  await assert.rejects(c.client.get(WIDGETS_V1, "default", "w"), (err: Error) => isApiError(err, "NotFound"));
  const groups = JSON.parse(String((await c.client.raw("GET", "/apis")).body));
  assert.ok(!groups.groups.some((g: { name: string }) => g.name === "example.skiff.dev"));
});

test("server-side apply refuses fields the schema does not declare, naming them by their apply path", async () => {
  await c.client.create(CRDS, undefined, { ...crd, metadata: { name: "widgets.example.skiff.dev" } });
  await until("served", () => c.client.list(WIDGETS_V1).then((l) => l));
  const yaml = "apiVersion: example.skiff.dev/v1\nkind: Widget\nmetadata:\n  name: applied\n  unknownMeta: x\nspec:\n  size: 3\n  extra: true\n";
  for (const validation of ["Strict", "Ignore"]) {
    const res = await c.client.raw("PATCH", `/apis/example.skiff.dev/v1/namespaces/default/widgets/applied?fieldManager=m&fieldValidation=${validation}`, yaml, {
      "content-type": "application/apply-patch+yaml",
    });
    const status = JSON.parse(String(res.body));
    assert.equal(res.status, 500);
    assert.equal(status.reason, undefined);
    assert.equal(
      status.message,
      "failed to create typed patch object (/applied; example.skiff.dev/v1, Kind=Widget): errors:\n  .metadata.unknownMeta: field not declared in schema\n  .spec.extra: field not declared in schema",
    );
  }
  // Repeated keys are refused (Strict) only after the apply succeeds: an undeclared field is reported instead.
  const applyStrict = (body: string) =>
    c.client.raw("PATCH", "/apis/example.skiff.dev/v1/namespaces/default/widgets/applied?fieldManager=m&fieldValidation=Strict", body, { "content-type": "application/apply-patch+yaml" });
  const both = await applyStrict(`${yaml}  size: 4\n`);
  assert.equal(both.status, 500);
  const repeated = await applyStrict("apiVersion: example.skiff.dev/v1\nkind: Widget\nmetadata:\n  name: applied\nspec:\n  size: 3\n  size: 4\n");
  assert.equal(repeated.status, 400);
  assert.equal(JSON.parse(String(repeated.body)).message, 'error strict decoding YAML: error converting YAML to JSON: yaml: unmarshal errors:\n  line 7: key "size" already set in map');
  // Under x-kubernetes-preserve-unknown-fields anything goes.
  const ok = await c.client.raw("PATCH", "/apis/example.skiff.dev/v1/namespaces/default/widgets/applied?fieldManager=m", "apiVersion: example.skiff.dev/v1\nkind: Widget\nmetadata:\n  name: applied\nstatus:\n  anything: 1\n", {
    "content-type": "application/apply-patch+yaml",
  });
  assert.equal(ok.status, 201, String(ok.body));
});

test("defaults added to the schema later show on objects read from storage", async () => {
  const plain: CustomResourceDefinition = {
    ...crd,
    metadata: { name: "doohickeys.example.skiff.dev" },
    spec: {
      ...crd.spec,
      names: { plural: "doohickeys", kind: "Doohickey" },
      versions: [{ name: "v1", served: true, storage: true, schema: { openAPIV3Schema: { type: "object", properties: { a: { type: "string" } } } } }],
    },
  };
  const gvr: GVR = { group: "example.skiff.dev", version: "v1", resource: "doohickeys" };
  await c.client.create(CRDS, undefined, plain);
  await until("served", () => c.client.list(gvr).then((l) => l));
  await c.client.create(gvr, "default", { apiVersion: "example.skiff.dev/v1", kind: "Doohickey", metadata: { name: "d" } });
  const current = await c.client.get<CustomResourceDefinition>(CRDS, undefined, plain.metadata.name!);
  current.spec.versions[0]!.schema!.openAPIV3Schema!.properties!.a!.default = "A";
  await c.client.update(CRDS, undefined, current);
  const got = await until("defaulted on read", async () => {
    const d = (await c.client.get(gvr, "default", "d")) as KubeObject & { a?: string };
    return d.a === "A" ? d : undefined;
  });
  assert.equal(got.a, "A");
  const listed = (await c.client.list(gvr)).items as (KubeObject & { a?: string })[];
  assert.deepEqual(listed.map((o) => o.a), ["A"]);
  const stored = await c.store.get("/registry/example.skiff.dev/doohickeys/default/d");
  assert.equal(JSON.parse(stored!.value).a, undefined, "storage is not rewritten");
});

test("server-side apply reads list types under x-kubernetes-preserve-unknown-fields: a second applier adds a list item without conflict", async () => {
  const ports = {
    type: "array",
    "x-kubernetes-list-type": "map",
    "x-kubernetes-list-map-keys": ["containerPort", "protocol"],
    items: { type: "object", required: ["containerPort", "protocol"], properties: { containerPort: { type: "integer", format: "int32" }, protocol: { type: "string" }, name: { type: "string" } } },
  };
  const gadgets: CustomResourceDefinition = {
    ...crd,
    metadata: { name: "gadgets.example.skiff.dev" },
    spec: {
      ...crd.spec,
      names: { plural: "gadgets", kind: "Gadget" },
      versions: [{ name: "v1", served: true, storage: true, schema: { openAPIV3Schema: { type: "object", properties: { spec: { type: "object", "x-kubernetes-preserve-unknown-fields": true, properties: { ports } } } } } as never }],
    },
  };
  const gvr: GVR = { group: "example.skiff.dev", version: "v1", resource: "gadgets" };
  await c.client.create(CRDS, undefined, gadgets);
  await until("served", () => c.client.list(gvr).then((l) => l));
  const apply = (manager: string, port: number) =>
    c.client.raw("PATCH", `/apis/example.skiff.dev/v1/namespaces/default/gadgets/g?fieldManager=${manager}`, `apiVersion: example.skiff.dev/v1\nkind: Gadget\nmetadata:\n  name: g\nspec:\n  ports:\n  - containerPort: ${port}\n    protocol: TCP\n`, {
      "content-type": "application/apply-patch+yaml",
    });
  assert.equal((await apply("first", 80)).status, 201);
  const second = await apply("second", 8080);
  assert.equal(second.status, 200, String(second.body));
  const got = await c.client.get<KubeObject & { spec: { ports: { containerPort: number }[] } }>(gvr, "default", "g");
  assert.deepEqual(got.spec.ports.map((p) => p.containerPort), [80, 8080]);
  // The published /openapi/v2 still hides that subtree from kubectl's validation.
  const v2 = JSON.parse(String((await c.client.raw("GET", "/openapi/v2")).body));
  assert.equal(v2.definitions["dev.skiff.example.v1.Gadget"].properties.spec.properties, undefined);
});
