import { test } from "node:test";
import assert from "node:assert/strict";
import { volumeattributesclasses as def } from "./volumeattributesclasses.js";
import { message, testContext, TEST_NOW } from "../testing/hook-context.js";

const ctx = testContext();
const vac = (driverName: string | undefined, parameters?: Record<string, string>) => ({ metadata: { name: "gold" }, driverName, parameters });

test("A VolumeAttributesClass needs a driver and at least one parameter.", async () => {
  assert.deepEqual(await def.validate!(vac("csi.example.com", { iops: "5000" }), ctx), []);
  assert.deepEqual((await def.validate!(vac(undefined), ctx)).map(message), ["driverName: Required value", "parameters: Required value: must contain at least one key/value pair"]);
  assert.deepEqual((await def.validate!(vac("csi.example.com", { "": "x" }), ctx)).map(message), ['parameters: Invalid value: "": field can not be empty.']);
});

test("Its driver and parameters cannot change.", async () => {
  const old = vac("csi.example.com", { iops: "5000" });
  assert.deepEqual(await def.validateUpdate!(vac("csi.example.com", { iops: "5000" }), old, ctx), []);
  assert.deepEqual((await def.validateUpdate!(vac("other.example.com", { iops: "6000" }), old, ctx)).map(message), [
    "driverName: Forbidden: updates to driverName are forbidden.",
    "parameters: Forbidden: updates to parameters are forbidden.",
  ]);
});

test("The table shows the driver; the short name is vac.", () => {
  const obj = { ...vac("csi.example.com", { iops: "1" }), metadata: { name: "gold", creationTimestamp: "2024-05-01T11:59:00Z" } };
  assert.deepEqual(def.columns!.map((c) => c.cell(obj, { now: TEST_NOW })), ["csi.example.com", "60s"]);
  assert.deepEqual(def.shortNames, ["vac"]);
});
