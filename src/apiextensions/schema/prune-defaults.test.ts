import { test } from "node:test";
import assert from "node:assert/strict";
import { applyDefaults, compileSchema, prune, type JSONSchemaProps } from "./index.js";

const schema: JSONSchemaProps = {
  type: "object",
  properties: {
    spec: {
      type: "object",
      properties: {
        replicas: { type: "integer", default: 1 },
        mode: { type: "string" },
        opt: { type: "string", nullable: true },
        nested: { type: "object", default: {}, properties: { level: { type: "string", default: "info" } } },
        labels: { type: "object", additionalProperties: { type: "string", default: "x" } },
        items: { type: "array", items: { type: "object", properties: { name: { type: "string" }, weight: { type: "integer", default: 10 } } } },
        raw: { type: "object", "x-kubernetes-preserve-unknown-fields": true, properties: { known: { type: "object", properties: { a: { type: "string" } } } } },
        template: { type: "object", "x-kubernetes-embedded-resource": true, properties: { spec: { type: "object", properties: { x: { type: "string" } } } } },
      },
    },
  },
};

test("Pruning drops undeclared fields and reports their paths sorted; root type meta is kept.", () => {
  const obj = {
    apiVersion: "x/v1",
    kind: "K",
    metadata: { name: "a", bogus: 1 },
    extra: true,
    spec: {
      mode: "m",
      foo: 1,
      items: [{ name: "a", zzz: 1 }],
      raw: { anything: { goes: 1 }, known: { a: "1", b: "2" } },
      template: { apiVersion: "v1", kind: "Pod", metadata: { name: "t", what: 1 }, spec: { x: "1", y: "2" }, status: {} },
    },
  };
  const dropped = prune(compileSchema(schema), obj);
  assert.deepEqual(dropped, ["extra", "metadata.bogus", "spec.foo", "spec.items[0].zzz", "spec.raw.known.b", "spec.template.metadata.what", "spec.template.spec.y", "spec.template.status"]);
  assert.deepEqual(obj, {
    apiVersion: "x/v1",
    kind: "K",
    metadata: { name: "a" },
    spec: { mode: "m", items: [{ name: "a" }], raw: { anything: { goes: 1 }, known: { a: "1" } }, template: { apiVersion: "v1", kind: "Pod", metadata: { name: "t" }, spec: { x: "1" } } },
  });
});

test("Defaults fill missing fields, nested defaults apply inside defaulted objects, list items and map values.", () => {
  const obj: Record<string, unknown> = { spec: { items: [{ name: "a" }, { name: "b", weight: 2 }], labels: { k: null } } };
  applyDefaults(compileSchema(schema), obj);
  assert.deepEqual(obj, {
    spec: { replicas: 1, nested: { level: "info" }, items: [{ name: "a", weight: 10 }, { name: "b", weight: 2 }], labels: { k: "x" } },
  });
});

test("Nulls: a non-nullable field with a default gets it, without one is dropped, a nullable one keeps null.", () => {
  const obj: Record<string, unknown> = { spec: { replicas: null, mode: null, opt: null } };
  applyDefaults(compileSchema(schema), obj);
  assert.deepEqual(obj, { spec: { replicas: 1, opt: null, nested: { level: "info" } } });
});

test("Defaults are not applied where the parent object is absent.", () => {
  const obj: Record<string, unknown> = {};
  applyDefaults(compileSchema(schema), obj);
  assert.deepEqual(obj, {});
});
