import { test } from "node:test";
import assert from "node:assert/strict";
import { toOpenApiV2, toOpenApiV3, type JSONSchemaProps } from "./index.js";

const schema: JSONSchemaProps = {
  type: "object",
  description: "A widget.",
  properties: {
    spec: {
      type: "object",
      required: ["size", "note"],
      properties: {
        size: { type: "integer", description: "How big.", minimum: 1, example: 3 },
        note: { type: "string", nullable: true },
        port: { "x-kubernetes-int-or-string": true },
        choice: { type: "string", oneOf: [{ enum: ["a"] }, { enum: ["b"] }] },
        raw: { type: "object", "x-kubernetes-preserve-unknown-fields": true },
        template: { type: "object", "x-kubernetes-embedded-resource": true, "x-kubernetes-preserve-unknown-fields": true },
        tags: { type: "array", items: { type: "string" }, "x-kubernetes-list-type": "set" },
      },
      "x-kubernetes-validations": [{ rule: "self.size > 0" }],
    },
  },
};

test("v3 keeps the structural schema, unfolds int-or-string and adds type meta and an ObjectMeta reference wrapped in allOf.", () => {
  const v3 = toOpenApiV3(schema, { group: "example.com", version: "v1", kind: "Widget" }) as Record<string, any>;
  assert.equal(v3.description, "A widget.");
  const metadata = {
    description: "Standard object's metadata. More info: https://git.k8s.io/community/contributors/devel/sig-architecture/api-conventions.md#metadata",
    allOf: [{ $ref: "#/components/schemas/io.k8s.apimachinery.pkg.apis.meta.v1.ObjectMeta" }],
  };
  assert.deepEqual(v3.properties.metadata, metadata);
  assert.equal(v3.properties.apiVersion.type, "string");
  assert.equal(v3.properties.kind.type, "string");
  assert.deepEqual(v3["x-kubernetes-group-version-kind"], [{ group: "example.com", version: "v1", kind: "Widget" }]);
  const spec = v3.properties.spec;
  assert.deepEqual(spec.properties.size, { description: "How big.", type: "integer", minimum: 1 });
  assert.deepEqual(spec.properties.port, { anyOf: [{ type: "integer" }, { type: "string" }], "x-kubernetes-int-or-string": true });
  assert.equal(spec.properties.note.nullable, true);
  assert.ok(spec.properties.choice.oneOf);
  assert.deepEqual(spec["x-kubernetes-validations"], [{ rule: "self.size > 0" }]);
  assert.deepEqual(spec.properties.template.required, ["kind", "apiVersion"]);
  assert.deepEqual(spec.properties.template.properties.metadata, metadata);
});

test("v2 drops what Swagger 2.0 cannot say, as ToStructuralOpenAPIV2 does.", () => {
  const v2 = toOpenApiV2(schema) as Record<string, any>;
  const spec = v2.properties.spec;
  assert.deepEqual(spec.required, ["size"]);
  assert.deepEqual(spec.properties.note, {});
  assert.deepEqual(spec.properties.port, { "x-kubernetes-int-or-string": true });
  assert.deepEqual(spec.properties.choice, { type: "string" });
  assert.deepEqual(spec.properties.raw, { "x-kubernetes-preserve-unknown-fields": true });
  assert.deepEqual(spec.properties.template, { "x-kubernetes-embedded-resource": true, "x-kubernetes-preserve-unknown-fields": true });
  assert.deepEqual(v2.properties.metadata, {
    $ref: "#/definitions/io.k8s.apimachinery.pkg.apis.meta.v1.ObjectMeta",
    description: "Standard object's metadata. More info: https://git.k8s.io/community/contributors/devel/sig-architecture/api-conventions.md#metadata",
  });
  assert.deepEqual(toOpenApiV2({ type: "object", "x-kubernetes-preserve-unknown-fields": true }), { type: "object" });
});
