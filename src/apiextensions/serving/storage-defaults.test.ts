import { test } from "node:test";
import assert from "node:assert/strict";
import type { CustomResourceDefinition } from "../../api/apiextensions/index.js";
import type { KubeObject } from "../../api/types.js";
import { servedVersion } from "./served-version.js";
import { storedDefaulter } from "./storage-defaults.js";

function crd(aDefault: string): CustomResourceDefinition {
  const schema = (d: string) => ({
    openAPIV3Schema: { type: "object", properties: { a: { type: "string", default: d }, b: { type: "string" } } },
  });
  return {
    apiVersion: "apiextensions.k8s.io/v1",
    kind: "CustomResourceDefinition",
    metadata: { name: "foos.example.com" },
    spec: {
      group: "example.com",
      scope: "Namespaced",
      names: { plural: "foos", singular: "foo", kind: "Foo", listKind: "FooList" },
      versions: [
        { name: "v1", served: true, storage: false, schema: schema(`${aDefault}-v1`) },
        { name: "v2", served: true, storage: true, schema: schema(`${aDefault}-v2`) },
      ],
    },
  } as unknown as CustomResourceDefinition;
}

const stored = (apiVersion: string, extra: Record<string, unknown> = {}): KubeObject =>
  ({ apiVersion, kind: "Foo", metadata: { name: "x", namespace: "ns" }, ...extra }) as KubeObject;

test("an object read from storage is defaulted with the schema of the version it was stored in", () => {
  const d = storedDefaulter(crd("A"));
  assert.equal((d(stored("example.com/v1")) as Record<string, unknown>).a, "A-v1");
  assert.equal((d(stored("example.com/v2")) as Record<string, unknown>).a, "A-v2");
});

test("defaulting on read keeps values already stored and leaves other groups and unknown versions alone", () => {
  const d = storedDefaulter(crd("A"));
  assert.equal((d(stored("example.com/v2", { a: "mine" })) as Record<string, unknown>).a, "mine");
  assert.equal((d(stored("other.com/v2")) as Record<string, unknown>).a, undefined);
  assert.equal((d(stored("example.com/v9")) as Record<string, unknown>).a, undefined);
});

test("a served version reads stored objects with the defaults of the CRD as it is now", () => {
  const before = servedVersion(crd("A"), crd("A").spec.versions[0]!);
  const after = servedVersion(crd("B"), crd("B").spec.versions[0]!);
  const read = (sv: typeof before) => sv.def.sharedStorage!.fromStored(stored("example.com/v2")) as Record<string, unknown>;
  assert.deepEqual([read(before).a, read(before).apiVersion], ["A-v2", "example.com/v1"]);
  assert.equal(read(after).a, "B-v2");
});
