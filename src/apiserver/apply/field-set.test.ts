import { test } from "node:test";
import assert from "node:assert/strict";
import { FieldSet } from "./field-set.js";
import { field, parseElement, pathToString, serializeElement, type FieldPath } from "./field-path.js";

const key = (fields: Record<string, string | number>) => ({ kind: "key" as const, fields: Object.entries(fields).sort(([a], [b]) => (a < b ? -1 : 1)) });

test("FieldsV1 writes members as {} and a member with children with a leading dot.", () => {
  const item: FieldPath = [field("spec"), field("containers"), key({ name: "app" })];
  const s = FieldSet.of(item, [...item, field("image")], [...item, field("name")], [field("metadata"), field("labels"), field("app")]);
  const v1 = s.toFieldsV1();
  assert.equal(
    JSON.stringify(v1),
    '{"f:metadata":{"f:labels":{"f:app":{}}},"f:spec":{"f:containers":{"k:{\\"name\\":\\"app\\"}":{".":{},"f:image":{},"f:name":{}}}}}',
  );
  assert.deepEqual(FieldSet.fromFieldsV1(v1).toFieldsV1(), v1);
});

test("Elements order fields, then keys, then values, then indexes.", () => {
  const s = FieldSet.of([{ kind: "index", index: 0 }], [{ kind: "value", value: "a" }], [key({ name: "x" })], [field("z")]);
  assert.deepEqual(Object.keys(s.toFieldsV1()), ["f:z", 'k:{"name":"x"}', 'v:"a"', "i:0"]);
});

test("Key elements serialize with sorted fields and parse back.", () => {
  const pe = key({ protocol: "TCP", containerPort: 80 });
  assert.equal(serializeElement(pe), 'k:{"containerPort":80,"protocol":"TCP"}');
  assert.deepEqual(parseElement('k:{"protocol":"TCP","containerPort":80}'), pe);
});

test("Paths print as upstream prints them in conflict messages.", () => {
  const path: FieldPath = [field("spec"), field("ports"), key({ port: 80, protocol: "TCP" }), field("targetPort")];
  assert.equal(pathToString(path), '.spec.ports[port=80,protocol="TCP"].targetPort');
  assert.equal(pathToString([field("metadata"), field("finalizers"), { kind: "value", value: "a" }]), '.metadata.finalizers[="a"]');
});

test("Difference removes members only, and intersection keeps common paths.", () => {
  const a = FieldSet.of([field("a")], [field("a"), field("b")], [field("c")]);
  const b = FieldSet.of([field("a")], [field("c")]);
  assert.deepEqual(a.difference(b).paths(), [[field("a"), field("b")]]);
  assert.deepEqual(a.intersection(b).paths(), [[field("a")], [field("c")]]);
  assert.ok(a.has([field("a"), field("b")]));
  assert.ok(!b.has([field("a"), field("b")]));
});
