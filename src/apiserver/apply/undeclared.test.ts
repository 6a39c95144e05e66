import { test } from "node:test";
import assert from "node:assert/strict";
import { undeclaredFieldsError } from "./undeclared.js";
import { POD, testSchema } from "../patch/testing-definitions.js";
import type { JsonObject } from "../patch/json-value.js";

const pod = (spec: JsonObject, meta: JsonObject = {}): JsonObject => ({ apiVersion: "v1", kind: "Pod", metadata: { name: "p", namespace: "ns", ...meta }, spec });

test("no undeclared field: no error", () => {
  assert.equal(undeclaredFieldsError(pod({ containers: [] }), [], testSchema, POD), undefined);
});

test("one undeclared field: upstream's 500 naming the object and the field's apply path", () => {
  const err = undeclaredFieldsError(pod({ containers: [] }, {}), ["spec.foo"], testSchema, POD);
  assert.ok(err);
  assert.equal(err.code, 500);
  assert.deepEqual(err.toStatus(), {
    kind: "Status",
    apiVersion: "v1",
    metadata: {},
    status: "Failure",
    message: "failed to create typed patch object (ns/p; /v1, Kind=Pod): .spec.foo: field not declared in schema",
    code: 500,
  });
});

test("list items are named by their keys, and several fields are listed one a line", () => {
  const applied = pod({ containers: [{ name: "a", image: "i" }, { name: "c", bogus: 1 }] }, { labelz: {} });
  const err = undeclaredFieldsError(applied, ["metadata.labelz", "spec.containers[1].bogus"], testSchema, POD);
  assert.equal(
    err?.message,
    'failed to create typed patch object (ns/p; /v1, Kind=Pod): errors:\n  .metadata.labelz: field not declared in schema\n  .spec.containers[name="c"].bogus: field not declared in schema',
  );
});

test("within one map the walk stops at the first undeclared field, as upstream's validation does", () => {
  const applied = { apiVersion: "example.com/v1", kind: "Foo", metadata: { name: "x" }, spec: { template: { zz: 1, metadata: { yy: 2 } }, other: 3 } };
  // spec.template.zz comes before template.metadata: the walk of template ends there.
  const err = undeclaredFieldsError(applied, ["spec.template.zz", "spec.template.metadata.yy"], testSchema, "example.com.v1.Foo");
  assert.equal(err?.message, "failed to create typed patch object (/x; example.com/v1, Kind=Foo): .spec.template.zz: field not declared in schema");
});
