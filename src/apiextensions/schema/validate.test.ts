import { test } from "node:test";
import assert from "node:assert/strict";
import { fieldErrorMessage } from "../../api/validation/field.js";
import { compileSchema, validateObject, type JSONSchemaProps } from "./index.js";

const root = (spec: JSONSchemaProps, extra: JSONSchemaProps = {}): JSONSchemaProps => ({ type: "object", properties: { spec, ...(extra.properties ?? {}) } });
const check = (schema: JSONSchemaProps, obj: unknown, old?: unknown) => validateObject(compileSchema(schema), obj, old).map(fieldErrorMessage);

test("Types are checked as kube-openapi does, with the observed type in the message.", () => {
  const s = root({ type: "object", properties: { size: { type: "integer" }, ratio: { type: "number" }, name: { type: "string" }, on: { type: "boolean" } } });
  assert.deepEqual(check(s, { spec: { size: "3", ratio: 2, name: "x", on: true } }), ['spec.size: Invalid value: "string": spec.size in body must be of type integer: "string"']);
  assert.deepEqual(check(s, { spec: { size: 1.5 } }), ['spec.size: Invalid value: "number": spec.size in body must be of type integer: "number"']);
  assert.deepEqual(check(s, { spec: { size: 2.0, ratio: 1.25 } }), []);
  assert.deepEqual(check(s, { spec: { on: "yes" } }), ['spec.on: Invalid value: "string": spec.on in body must be of type boolean: "string"']);
  assert.deepEqual(check(s, { spec: "x" }), ['spec: Invalid value: "string": spec in body must be of type object: "string"']);
});

test("int-or-string accepts both and names both in its error.", () => {
  const s = root({ type: "object", properties: { port: { "x-kubernetes-int-or-string": true } } });
  assert.deepEqual(check(s, { spec: { port: 80 } }), []);
  assert.deepEqual(check(s, { spec: { port: "http" } }), []);
  assert.deepEqual(check(s, { spec: { port: true } }), ['spec.port: Invalid value: "boolean": spec.port in body must be of type integer,string: "boolean"']);
});

test("null is refused unless the field is nullable.", () => {
  const s = root({ type: "object", properties: { a: { type: "string" }, b: { type: "string", nullable: true } } });
  assert.deepEqual(check(s, { spec: { a: null, b: null } }), ['spec.a: Invalid value: "null": spec.a in body must be of type string: "null"']);
});

test("Bounds, lengths, patterns and multiples are worded as upstream.", () => {
  const s = root({
    type: "object",
    properties: {
      size: { type: "integer", minimum: 1, maximum: 10 },
      exc: { type: "number", minimum: 0, exclusiveMinimum: true },
      step: { type: "integer", multipleOf: 5 },
      name: { type: "string", minLength: 2, maxLength: 4, pattern: "^[a-z]+$" },
    },
  });
  assert.deepEqual(check(s, { spec: { size: 0 } }), ["spec.size: Invalid value: 0: spec.size in body should be greater than or equal to 1"]);
  assert.deepEqual(check(s, { spec: { size: 11 } }), ["spec.size: Invalid value: 11: spec.size in body should be less than or equal to 10"]);
  assert.deepEqual(check(s, { spec: { exc: 0 } }), ["spec.exc: Invalid value: 0: spec.exc in body should be greater than 0"]);
  assert.deepEqual(check(s, { spec: { step: 7 } }), ["spec.step: Invalid value: 7: spec.step in body should be a multiple of 5"]);
  assert.deepEqual(check(s, { spec: { name: "a" } }), ['spec.name: Invalid value: "a": spec.name in body should be at least 2 chars long']);
  assert.deepEqual(check(s, { spec: { name: "abcde" } }), ["spec.name: Too long: must have at most 4 bytes"]);
  assert.deepEqual(check(s, { spec: { name: "AB" } }), ["spec.name: Invalid value: \"AB\": spec.name in body should match '^[a-z]+$'"]);
});

test("Enum failures list the supported values, non-strings as JSON.", () => {
  const s = root({ type: "object", properties: { mode: { type: "string", enum: ["a", "b"] }, n: { type: "integer", enum: [1, 2] } } });
  assert.deepEqual(check(s, { spec: { mode: "c" } }), ['spec.mode: Unsupported value: "c": supported values: "a", "b"']);
  assert.deepEqual(check(s, { spec: { n: 3 } }), ['spec.n: Unsupported value: 3: supported values: "1", "2"']);
});

test("Required fields, item and property counts.", () => {
  const s = root({
    type: "object",
    required: ["x"],
    properties: {
      x: { type: "string" },
      items: { type: "array", minItems: 1, maxItems: 2, items: { type: "object", required: ["name"], properties: { name: { type: "string" } } } },
      labels: { type: "object", maxProperties: 1, additionalProperties: { type: "string" } },
    },
  });
  assert.deepEqual(check(s, { spec: {} }), ["spec.x: Required value"]);
  assert.deepEqual(check(s, { spec: { x: "", items: [] } }), ["spec.items: Invalid value: 0: spec.items in body should have at least 1 items"]);
  assert.deepEqual(check(s, { spec: { x: "", items: [{}, { name: "a" }, { name: "b" }] } }), ["spec.items[0].name: Required value", "spec.items: Too many: 3: must have at most 2 items"]);
  assert.deepEqual(check(s, { spec: { x: "", labels: { a: "1", b: "2" } } }), ["spec.labels: Too many: 2: must have at most 1 items"]);
  assert.deepEqual(check(s, { spec: { x: "", labels: { a: 1 } } }), ['spec.labels.a: Invalid value: "integer": spec.labels.a in body must be of type string: "integer"']);
});

test("Formats of upstream's registry are checked; unknown formats are ignored.", () => {
  const s = root({
    type: "object",
    properties: {
      when: { type: "string", format: "date-time" },
      day: { type: "string", format: "date" },
      id: { type: "string", format: "uuid" },
      data: { type: "string", format: "byte" },
      mine: { type: "string", format: "my-own" },
      n: { type: "integer", format: "int32" },
    },
  });
  assert.deepEqual(check(s, { spec: { when: "2024-02-03T04:05:06Z", day: "2024-02-29", id: "123e4567-e89b-12d3-a456-426614174000", data: "aGk=", mine: "!", n: 5 } }), []);
  assert.deepEqual(check(s, { spec: { when: "yesterday" } }), ['spec.when: Invalid value: "yesterday": spec.when in body must be of type date-time: "yesterday"']);
  assert.deepEqual(check(s, { spec: { day: "2023-02-29" } }), ['spec.day: Invalid value: "2023-02-29": spec.day in body must be of type date: "2023-02-29"']);
  assert.deepEqual(check(s, { spec: { id: "nope" } }), ['spec.id: Invalid value: "nope": spec.id in body must be of type uuid: "nope"']);
  assert.deepEqual(check(s, { spec: { data: "a" } }), ['spec.data: Invalid value: "a": spec.data in body must be of type byte: "a"']);
});

test("oneOf, anyOf and not report on the nil path as upstream.", () => {
  const s = root({
    type: "object",
    properties: { v: { type: "integer", oneOf: [{ minimum: 0 }, { maximum: 10 }] }, w: { type: "integer", anyOf: [{ minimum: 100 }, { maximum: -100 }] }, x: { type: "string", not: { enum: ["bad"] } } },
  });
  assert.deepEqual(check(s, { spec: { v: 5 } }), ['<nil>: Invalid value: "": "spec.v" must validate one and only one schema (oneOf). Found 2 valid alternatives']);
  const any = check(s, { spec: { w: 5 } });
  assert.equal(any[0], '<nil>: Invalid value: "": "spec.w" must validate at least one schema (anyOf)');
  assert.equal(any.length, 2);
  assert.deepEqual(check(s, { spec: { x: "bad" } }), ['<nil>: Invalid value: "": "spec.x" must not validate the schema (not)']);
});

test("List types: duplicates in sets and maps are reported at the repeated item.", () => {
  const s = root({
    type: "object",
    properties: {
      tags: { type: "array", "x-kubernetes-list-type": "set", items: { type: "string" } },
      ports: {
        type: "array",
        "x-kubernetes-list-type": "map",
        "x-kubernetes-list-map-keys": ["name"],
        items: { type: "object", required: ["name"], properties: { name: { type: "string" }, port: { type: "integer" } } },
      },
    },
  });
  assert.deepEqual(check(s, { spec: { tags: ["a", "b", "a", "a"] } }), ['spec.tags[2]: Duplicate value: "a"']);
  assert.deepEqual(check(s, { spec: { ports: [{ name: "http", port: 80 }, { name: "http", port: 81 }] } }), ['spec.ports[1]: Duplicate value: map[string]interface {}{"name":"http"}']);
});

test("Embedded resources need apiVersion and kind, and valid metadata.", () => {
  const s = root({
    type: "object",
    properties: { template: { type: "object", "x-kubernetes-embedded-resource": true, "x-kubernetes-preserve-unknown-fields": true } },
  });
  assert.deepEqual(check(s, { spec: { template: { apiVersion: "v1", kind: "Pod", metadata: { name: "ok" } } } }), []);
  assert.deepEqual(check(s, { spec: { template: {} } }), ["spec.template.apiVersion: Required value: must not be empty", "spec.template.kind: Required value: must not be empty"]);
  assert.deepEqual(check(s, { spec: { template: { apiVersion: "a/b/c", kind: "Pod", metadata: { name: "a/b" } } } }), [
    'spec.template.apiVersion: Invalid value: "a/b/c": unexpected GroupVersion string: a/b/c',
    "spec.template.metadata.name: Invalid value: \"a/b\": may not contain '/'",
  ]);
});

test("CEL rules: messages, default messages, reasons and field paths.", () => {
  const s = root({
    type: "object",
    properties: { min: { type: "integer" }, max: { type: "integer" }, name: { type: "string" } },
    "x-kubernetes-validations": [
      { rule: "self.min <= self.max", message: "min must not exceed max" },
      { rule: "!has(self.name) || self.name.startsWith('x')" },
      { rule: "self.max < 100", messageExpression: "'max is ' + string(self.max)", fieldPath: ".max" },
      { rule: "self.min >= 0", reason: "FieldValueForbidden", message: "negative" },
    ],
  });
  assert.deepEqual(check(s, { spec: { min: 1, max: 2, name: "xy" } }), []);
  assert.deepEqual(check(s, { spec: { min: -3, max: 200, name: "ab" } }), [
    "spec: Invalid value: \"object\": failed rule: !has(self.name) || self.name.startsWith('x')",
    'spec.max: Invalid value: "object": max is 200',
    "spec: Forbidden: negative",
  ]);
  assert.deepEqual(check(s, { spec: { min: 5, max: 2 } }), ['spec: Invalid value: "object": min must not exceed max']);
});

test("CEL rules see the schema's types: numbers as doubles, int-or-string as dyn, date-time as timestamps.", () => {
  const s = root({
    type: "object",
    properties: { ratio: { type: "number" }, port: { "x-kubernetes-int-or-string": true }, at: { type: "string", format: "date-time" }, d: { type: "string", format: "duration" } },
    "x-kubernetes-validations": [
      { rule: "self.ratio > 0.5" },
      { rule: "type(self.port) == int ? self.port > 0 : self.port != ''" },
      { rule: "self.at < timestamp('2030-01-01T00:00:00Z')" },
      { rule: "self.d > duration('1m')" },
    ],
  });
  assert.deepEqual(check(s, { spec: { ratio: 1, port: 8080, at: "2024-01-01T00:00:00Z", d: "1h" } }), []);
  assert.equal(check(s, { spec: { ratio: 0.25, port: "http", at: "2024-01-01T00:00:00Z", d: "30s" } }).length, 2);
});

test("Transition rules run only on update with an old value; optionalOldSelf runs them always.", () => {
  const s = root({
    type: "object",
    properties: { mode: { type: "string" } },
    "x-kubernetes-validations": [{ rule: "self.mode == oldSelf.mode", message: "mode is immutable" }, { rule: "!oldSelf.hasValue() || oldSelf.value().mode != 'locked'", optionalOldSelf: true, message: "locked" }],
  });
  assert.deepEqual(check(s, { spec: { mode: "a" } }), []);
  assert.deepEqual(check(s, { spec: { mode: "b" } }, { spec: { mode: "a" } }), ['spec: Invalid value: "object": mode is immutable']);
  assert.deepEqual(check(s, { spec: { mode: "locked" } }, { spec: { mode: "locked" } }), ['spec: Invalid value: "object": locked']);
});

test("Runtime errors of a rule are reported with the rule; the list library works on the values.", () => {
  const s = root({
    type: "object",
    properties: { xs: { type: "array", items: { type: "integer" } }, m: { type: "object", additionalProperties: { type: "string" } } },
    "x-kubernetes-validations": [{ rule: "self.xs.isSorted() && self.xs.sum() < 10 && self.xs.max() == 4" }, { rule: "self.m['missing'] == 'x'" }],
  });
  assert.deepEqual(check(s, { spec: { xs: [1, 2, 4], m: { missing: "x" } } }), []);
  assert.deepEqual(check(s, { spec: { xs: [1, 2, 4], m: {} } }), ["spec: Invalid value: \"object\": no such key: missing evaluating rule: self.m['missing'] == 'x'"]);
});

test("Rules are skipped when a value has the wrong type, as upstream.", () => {
  const s = root({ type: "object", properties: { n: { type: "integer" } }, "x-kubernetes-validations": [{ rule: "self.n > 0" }] });
  assert.deepEqual(check(s, { spec: { n: "x" } }), [
    'spec.n: Invalid value: "string": spec.n in body must be of type integer: "string"',
    "<nil>: Invalid value: null: some validation rules were not checked because the object was invalid; correct the existing errors to complete validation",
  ]);
});

test("Rules at the root see apiVersion, kind and metadata.name; items of lists are validated each.", () => {
  const s: JSONSchemaProps = {
    type: "object",
    "x-kubernetes-validations": [{ rule: "self.metadata.name.startsWith('app-')", message: "name must start with app-" }],
    properties: { spec: { type: "object", properties: { xs: { type: "array", items: { type: "string", "x-kubernetes-validations": [{ rule: "self.size() <= 3" }] } } } } },
  };
  assert.deepEqual(check(s, { apiVersion: "x/v1", kind: "K", metadata: { name: "web" }, spec: { xs: ["ok", "toolong"] } }), [
    '<nil>: Invalid value: "object": name must start with app-',
    'spec.xs[1]: Invalid value: "string": failed rule: self.size() <= 3',
  ]);
});

test("A rule that costs too much stops validation with upstream's message.", () => {
  const s = root({
    type: "object",
    properties: { xs: { type: "array", items: { type: "integer" } } },
    "x-kubernetes-validations": [{ rule: "self.xs.all(a, self.xs.all(b, self.xs.all(c, a + b + c >= 0)))" }],
  });
  const xs = Array.from({ length: 120 }, (_, i) => i);
  const errs = check(s, { spec: { xs } });
  assert.equal(errs.length, 1);
  assert.match(errs[0], /^spec: Invalid value: "object": 'operation cancelled: actual cost limit exceeded': no further validation rules will be run due to call cost exceeds limit for rule: /);
});

test("On update, values left as they were keep their errors to themselves (ratcheting).", () => {
  const s = root({
    type: "object",
    properties: {
      size: { type: "integer", minimum: 1 },
      name: { type: "string", maxLength: 3 },
      ports: { type: "array", "x-kubernetes-list-type": "map", "x-kubernetes-list-map-keys": ["name"], items: { type: "object", required: ["name"], properties: { name: { type: "string" }, port: { type: "integer", maximum: 100 } } } },
    },
    "x-kubernetes-validations": [{ rule: "self.size < 10", message: "too big" }],
  });
  const old = { spec: { size: 0, name: "long", ports: [{ name: "a", port: 500 }, { name: "b", port: 1 }] } };
  assert.deepEqual(check(s, { spec: { size: 0, name: "long", ports: [{ name: "b", port: 2 }, { name: "a", port: 500 }] } }, old), []);
  assert.deepEqual(check(s, { spec: { size: 0, name: "longer", ports: [{ name: "a", port: 501 }] } }, old), [
    "spec.name: Too long: must have at most 3 bytes",
    "spec.ports[0].port: Invalid value: 501: spec.ports[0].port in body should be less than or equal to 100",
  ]);
  assert.deepEqual(check(s, { spec: { size: 20, name: "ok" } }, { spec: { size: 20, name: "ok" } }), []);
  assert.deepEqual(check(s, { spec: { size: 20, name: "ok" } }, { spec: { size: 20, name: "no" } }), ['spec: Invalid value: "object": too big']);
});

test("Bounds print as Go prints them: whole numbers plainly against integers, floats in %v form.", () => {
  const s = root({ type: "object", properties: { big: { type: "integer", minimum: 1000000 }, r: { type: "number", maximum: 1000000 } } });
  assert.deepEqual(check(s, { spec: { big: 5 } }), ["spec.big: Invalid value: 5: spec.big in body should be greater than or equal to 1000000"]);
  assert.deepEqual(check(s, { spec: { r: 1e7 + 0.5 } }), ["spec.r: Invalid value: 1.00000005e+07: spec.r in body should be less than or equal to 1e+06"]);
});

test("Transition rules on list-type=map items see the old item with the same keys.", () => {
  const s = root({
    type: "object",
    properties: {
      ports: {
        type: "array",
        "x-kubernetes-list-type": "map",
        "x-kubernetes-list-map-keys": ["name"],
        items: {
          type: "object",
          required: ["name"],
          properties: { name: { type: "string" }, port: { type: "integer" } },
          "x-kubernetes-validations": [{ rule: "self.port == oldSelf.port", message: "port is immutable" }],
        },
      },
    },
  });
  const old = { spec: { ports: [{ name: "a", port: 1 }, { name: "b", port: 2 }] } };
  assert.deepEqual(check(s, { spec: { ports: [{ name: "b", port: 2 }, { name: "a", port: 1 }, { name: "c", port: 3 }] } }, old), []);
  assert.deepEqual(check(s, { spec: { ports: [{ name: "b", port: 5 }, { name: "a", port: 1 }] } }, old), ['spec.ports[0]: Invalid value: "object": port is immutable']);
});
