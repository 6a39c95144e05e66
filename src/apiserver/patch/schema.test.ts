import { test } from "node:test";
import assert from "node:assert/strict";
import { schemaFromOpenApiDefinitions, type FieldSchema } from "./schema.js";
import { testSchema } from "./testing-definitions.js";

const cases: { name: string; definition: string | undefined; field: string; want: FieldSchema | undefined }[] = [
  {
    name: "A merging list reports its item type, strategy, merge key and list-map keys.",
    definition: "io.k8s.api.core.v1.Container",
    field: "ports",
    want: { ref: "io.k8s.api.core.v1.ContainerPort", isList: true, patchStrategy: "merge", patchMergeKey: "containerPort", listType: "map", listMapKeys: ["containerPort", "protocol"] },
  },
  {
    name: "A primitive set reports its strategy and list type without a ref.",
    definition: "io.k8s.apimachinery.pkg.apis.meta.v1.ObjectMeta",
    field: "finalizers",
    want: { isList: true, patchStrategy: "merge", listType: "set" },
  },
  {
    name: "A field referring to an atomic struct inherits its map type.",
    definition: "io.k8s.api.apps.v1.DeploymentSpec",
    field: "selector",
    want: { ref: "io.k8s.apimachinery.pkg.apis.meta.v1.LabelSelector", isList: false, mapType: "atomic" },
  },
  {
    name: "A $ref with a sibling patch strategy keeps both.",
    definition: "io.k8s.api.apps.v1.DeploymentSpec",
    field: "strategy",
    want: { ref: "io.k8s.api.apps.v1.DeploymentStrategy", isList: false, patchStrategy: "retainKeys" },
  },
  {
    name: "A defaulted field reports its default.",
    definition: "io.k8s.api.core.v1.ServicePort",
    field: "protocol",
    want: { isList: false, default: "TCP" },
  },
  {
    name: "A key of a string map is a map entry.",
    definition: "io.k8s.apimachinery.pkg.apis.meta.v1.ObjectMeta/labels",
    field: "app",
    want: { isList: false, mapEntry: true },
  },
  { name: "An unknown field is undefined.", definition: "io.k8s.api.core.v1.Container", field: "nope", want: undefined },
  { name: "Without a definition no field is known.", definition: undefined, field: "spec", want: undefined },
];

for (const c of cases) {
  test(c.name, () => {
    // Resolve the parent first so synthetic inline definitions exist.
    testSchema.field("io.k8s.apimachinery.pkg.apis.meta.v1.ObjectMeta", "labels");
    assert.deepEqual(testSchema.field(c.definition, c.field), c.want);
  });
}

test("Inline objects get a synthetic definition and allOf references are unwrapped.", () => {
  const s = schemaFromOpenApiDefinitions({
    A: { properties: { inline: { type: "object", properties: { deep: { allOf: [{ $ref: "#/definitions/B" }], description: "d" } } } } },
    B: { properties: { x: { type: "string" } }, "x-kubernetes-map-type": "atomic" },
  });
  const inline = s.field("A", "inline");
  assert.deepEqual(inline, { ref: "A/inline", isList: false });
  assert.deepEqual(s.field(inline!.ref, "deep"), { ref: "B", isList: false, mapType: "atomic" });
  assert.equal(s.mapType?.("B"), "atomic");
});
