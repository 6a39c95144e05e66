import { test } from "node:test";
import assert from "node:assert/strict";
import type { Schema } from "../schema.js";
import { builtDefinitions } from "../testing/fixtures.js";
import { definitionsFromDeclarations } from "./dts-schemas.js";

const defs = builtDefinitions().definitions;

function prop(def: string, field: string): Schema {
  const d = defs[def];
  assert.ok(d, `definition ${def} exists`);
  const p = d.properties?.[field];
  assert.ok(p, `${def}.${field} exists`);
  return p;
}

test("top-level kinds carry upstream's group-version-kind", () => {
  const cases: [string, { group: string; kind: string; version: string }][] = [
    ["io.k8s.api.core.v1.Pod", { group: "", kind: "Pod", version: "v1" }],
    ["io.k8s.api.core.v1.PodList", { group: "", kind: "PodList", version: "v1" }],
    ["io.k8s.api.apps.v1.Deployment", { group: "apps", kind: "Deployment", version: "v1" }],
    ["io.k8s.api.rbac.v1.ClusterRole", { group: "rbac.authorization.k8s.io", kind: "ClusterRole", version: "v1" }],
    ["io.k8s.apiextensions-apiserver.pkg.apis.apiextensions.v1.CustomResourceDefinition", { group: "apiextensions.k8s.io", kind: "CustomResourceDefinition", version: "v1" }],
  ];
  for (const [name, gvk] of cases) assert.deepEqual(defs[name]?.["x-kubernetes-group-version-kind"], [gvk], name);
  assert.equal(defs["io.k8s.api.core.v1.PodSpec"]?.["x-kubernetes-group-version-kind"], undefined);
});

test("list fields carry upstream's patch strategy, merge key and list type", () => {
  const cases: [string, string, Partial<Schema>][] = [
    ["io.k8s.api.core.v1.PodSpec", "containers", { "x-kubernetes-patch-strategy": "merge", "x-kubernetes-patch-merge-key": "name", "x-kubernetes-list-type": "map", "x-kubernetes-list-map-keys": ["name"] }],
    ["io.k8s.api.core.v1.Container", "ports", { "x-kubernetes-patch-strategy": "merge", "x-kubernetes-patch-merge-key": "containerPort", "x-kubernetes-list-type": "map", "x-kubernetes-list-map-keys": ["containerPort", "protocol"] }],
    ["io.k8s.api.core.v1.ServiceSpec", "ports", { "x-kubernetes-patch-strategy": "merge", "x-kubernetes-patch-merge-key": "port", "x-kubernetes-list-type": "map", "x-kubernetes-list-map-keys": ["port", "protocol"] }],
    ["io.k8s.api.core.v1.PodSpec", "volumes", { "x-kubernetes-patch-strategy": "merge,retainKeys", "x-kubernetes-patch-merge-key": "name" }],
    ["io.k8s.apimachinery.pkg.apis.meta.v1.ObjectMeta", "finalizers", { "x-kubernetes-patch-strategy": "merge", "x-kubernetes-list-type": "set" }],
    ["io.k8s.apimachinery.pkg.apis.meta.v1.ObjectMeta", "ownerReferences", { "x-kubernetes-patch-strategy": "merge", "x-kubernetes-patch-merge-key": "uid" }],
    ["io.k8s.api.core.v1.Container", "args", { "x-kubernetes-list-type": "atomic" }],
  ];
  for (const [def, field, want] of cases) {
    const got = prop(def, field);
    for (const [k, v] of Object.entries(want)) assert.deepEqual(got[k as keyof Schema], v, `${def}.${field} ${k}`);
  }
});

test("special types have upstream's wire types and formats", () => {
  const cases: [string, Partial<Schema>][] = [
    ["io.k8s.apimachinery.pkg.api.resource.Quantity", { type: "string", format: undefined }],
    ["io.k8s.apimachinery.pkg.util.intstr.IntOrString", { type: "string", format: "int-or-string" }],
    ["io.k8s.apimachinery.pkg.apis.meta.v1.Time", { type: "string", format: "date-time" }],
    ["io.k8s.apimachinery.pkg.apis.meta.v1.MicroTime", { type: "string", format: "date-time" }],
    ["io.k8s.apimachinery.pkg.runtime.RawExtension", { type: "object" }],
    ["io.k8s.apimachinery.pkg.apis.meta.v1.FieldsV1", { type: "object" }],
    ["io.k8s.apiextensions-apiserver.pkg.apis.apiextensions.v1.JSON", { type: undefined }],
  ];
  for (const [name, want] of cases) {
    const d = defs[name];
    assert.ok(d, name);
    assert.equal(d.type, want.type, `${name} type`);
    assert.equal(d.format, want.format, `${name} format`);
    assert.equal(d.properties, undefined, `${name} has no properties`);
    assert.ok(d.description, `${name} keeps its description`);
  }
});

test("fields reference upstream-named definitions and carry formats", () => {
  assert.equal(prop("io.k8s.api.core.v1.Pod", "metadata").$ref, "#/definitions/io.k8s.apimachinery.pkg.apis.meta.v1.ObjectMeta");
  assert.equal(prop("io.k8s.api.core.v1.ServicePort", "targetPort").$ref, "#/definitions/io.k8s.apimachinery.pkg.util.intstr.IntOrString");
  assert.equal(prop("io.k8s.api.core.v1.PodStatus", "startTime").$ref, "#/definitions/io.k8s.apimachinery.pkg.apis.meta.v1.Time");
  assert.deepEqual(prop("io.k8s.api.core.v1.ResourceRequirements", "limits").additionalProperties, { $ref: "#/definitions/io.k8s.apimachinery.pkg.api.resource.Quantity" });
  assert.deepEqual(prop("io.k8s.api.core.v1.ContainerPort", "containerPort"), { type: "integer", format: "int32", description: prop("io.k8s.api.core.v1.ContainerPort", "containerPort").description, default: 0 });
  // Upstream's v3 defaults for fields Go always writes: {} for non-pointer structs, zero values for required scalars.
  assert.deepEqual(prop("io.k8s.api.apps.v1.DeploymentSpec", "strategy").default, {});
  assert.equal(prop("io.k8s.api.apps.v1.DeploymentSpec", "replicas").default, undefined);
  assert.equal(prop("io.k8s.apimachinery.pkg.apis.meta.v1.ObjectMeta", "generation").format, "int64");
  assert.equal(prop("io.k8s.api.core.v1.PodSpec", "activeDeadlineSeconds").format, "int64");
  assert.deepEqual(prop("io.k8s.api.core.v1.Secret", "data").additionalProperties, { type: "string", format: "byte" });
  assert.equal(prop("io.k8s.apiextensions-apiserver.pkg.apis.apiextensions.v1.JSONSchemaProps", "maximum").format, "double");
  assert.equal(prop("io.k8s.api.core.v1.ContainerPort", "protocol").default, "TCP");
  assert.equal(prop("io.k8s.apimachinery.pkg.apis.meta.v1.ObjectMeta", "labels")["x-kubernetes-map-type"], undefined);
  assert.equal(defs["io.k8s.apimachinery.pkg.apis.meta.v1.LabelSelector"]?.["x-kubernetes-map-type"], "atomic");
});

test("required fields are the declarations' non-optional ones", () => {
  assert.deepEqual(defs["io.k8s.api.core.v1.Container"]?.required, ["name"]);
  assert.deepEqual(defs["io.k8s.api.core.v1.PodSpec"]?.required, ["containers"]);
  assert.equal(defs["io.k8s.apimachinery.pkg.apis.meta.v1.ObjectMeta"]?.required, undefined);
});

test("a declaration with no OpenAPI meaning fails the build instead of producing a wrong schema", () => {
  const mod = { modulePath: "demo/v1", text: "export interface Odd {\n  /** a tuple */\n  pair?: [string, number];\n}\n" };
  assert.throws(() => definitionsFromDeclarations([mod], new Map()), /cannot express TupleType/);
});

test("a small declaration module becomes definitions with descriptions, refs and maps", () => {
  const mod = {
    modulePath: "demo/v1",
    text: [
      'import { ObjectMeta } from "../meta/v1";',
      "/** Widget is a demo. */",
      'export interface Widget {\n  apiVersion?: "demo.example.com/v1";\n  kind?: "Widget";\n  metadata?: ObjectMeta;\n  /** Sizes by name. */\n  sizes?: {\n    [name: string]: number;\n  };\n  parts: Array<Part>;\n}',
      "export interface Part {\n  name: string;\n}",
    ].join("\n"),
  };
  const out = definitionsFromDeclarations([mod], new Map());
  const w = out["io.k8s.api.demo.v1.Widget"];
  assert.equal(w?.description, "Widget is a demo.");
  assert.deepEqual(w?.["x-kubernetes-group-version-kind"], [{ group: "demo.example.com", kind: "Widget", version: "v1" }]);
  assert.equal(w?.properties?.metadata?.$ref, "#/definitions/io.k8s.apimachinery.pkg.apis.meta.v1.ObjectMeta");
  assert.deepEqual(w?.properties?.sizes, { type: "object", additionalProperties: { type: "integer", format: "int32" }, description: "Sizes by name." });
  assert.deepEqual(w?.properties?.parts, { type: "array", items: { $ref: "#/definitions/io.k8s.api.demo.v1.Part" } });
  assert.deepEqual(w?.required, ["parts"]);
});
