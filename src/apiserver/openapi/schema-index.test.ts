import { test } from "node:test";
import assert from "node:assert/strict";
import { createSchemaIndex, type PatchMeta } from "./schema-index.js";
import { builtDefinitions } from "./testing/fixtures.js";

const index = createSchemaIndex(builtDefinitions().definitions);
const POD = "io.k8s.api.core.v1.Pod";

function pod(spec: Record<string, unknown>, extra: Record<string, unknown> = {}): unknown {
  return { apiVersion: "v1", kind: "Pod", metadata: { name: "p", labels: { app: "a" } }, spec, ...extra };
}

test("findUnknownFields reports undeclared fields by upstream path", () => {
  const cases: [string, string, unknown, string[]][] = [
    ["a valid pod has no unknown fields", POD, pod({ containers: [{ name: "c", image: "i", ports: [{ containerPort: 80 }], resources: { limits: { cpu: "1" } } }] }), []],
    ["a top-level unknown field is reported", POD, pod({ containers: [] }, { foo: 1 }), ["foo"]],
    ["an unknown field in spec is reported", POD, pod({ containers: [], foo: true }), ["spec.foo"]],
    ["an unknown field inside an array item carries its index", POD, pod({ containers: [{ name: "a" }, { name: "c", imagePullPolice: "Always" }] }), ["spec.containers[1].imagePullPolice"]],
    ["nested arrays keep every index", POD, pod({ containers: [{ name: "c", ports: [{ containerPort: 1 }, { containerPort: 2, hostPortt: 3 }] }] }), ["spec.containers[0].ports[1].hostPortt"]],
    ["several unknown fields are all reported", POD, pod({ containers: [{ name: "c", x: 1, y: 2 }] }, { metadata: { name: "p", nam: "q" } }), ["metadata.nam", "spec.containers[0].x", "spec.containers[0].y"]],
    ["managedFields entries are inspected but their fieldsV1 is not", "io.k8s.api.core.v1.ConfigMap", { metadata: { managedFields: [{ fieldsV1: { "f:data": {} }, bogus: 1 }] } }, ["metadata.managedFields[0].bogus"]],
    ["free-form fields (FieldsV1, RawExtension) are not inspected", "io.k8s.apimachinery.pkg.apis.meta.v1.WatchEvent", { type: "ADDED", object: { anything: { goes: true } } }, []],
    ["labels and annotations are string maps, not objects to inspect", POD, pod({ containers: [] }, { metadata: { annotations: { "a/b": "c" } } }), []],
    ["an unknown definition reports nothing", "io.k8s.api.core.v1.Nope", { foo: 1 }, []],
  ];
  for (const [name, def, obj, want] of cases) assert.deepEqual(index.findUnknownFields(def, obj).sort(), want, name);
});

test("findUnknownFields walks maps whose values are objects", () => {
  const def = "io.k8s.apiextensions-apiserver.pkg.apis.apiextensions.v1.JSONSchemaProps";
  const got = index.findUnknownFields(def, { type: "object", properties: { spec: { type: "object", typo: 1 } } });
  assert.deepEqual(got, ["properties.spec.typo"]);
});

test("patchMeta gives the merge metadata strategic merge patch needs", () => {
  const cases: [string, string, string, PatchMeta | undefined][] = [
    ["containers merge by name", "io.k8s.api.core.v1.PodSpec", "containers", { isList: true, ref: "io.k8s.api.core.v1.Container", patchStrategy: "merge", patchMergeKey: "name", listType: "map", listMapKeys: ["name"] }],
    ["finalizers merge as a set", "io.k8s.apimachinery.pkg.apis.meta.v1.ObjectMeta", "finalizers", { isList: true, patchStrategy: "merge", listType: "set" }],
    ["spec is an object with its definition", POD, "spec", { isList: false, ref: "io.k8s.api.core.v1.PodSpec" }],
    ["a scalar field has only isList", "io.k8s.api.core.v1.Container", "image", { isList: false }],
    ["an unknown field has no meta", "io.k8s.api.core.v1.Container", "imagePullPolice", undefined],
  ];
  for (const [name, def, field, want] of cases) assert.deepEqual(index.patchMeta(def, field), want, name);
});

test("definition looks up by upstream name", () => {
  assert.equal(index.definition(POD)?.type, "object");
  assert.equal(index.definition("Pod"), undefined);
});
