import { test } from "node:test";
import assert from "node:assert/strict";
import { fieldErrorMessage } from "../validation/field.js";
import { apfBootstrapConfiguration } from "./bootstrap-configuration.js";
import { flowschemas, type FlowSchemaObject } from "./flowschemas.js";
import { prioritylevelconfigurations, type PriorityLevelObject } from "./prioritylevelconfigurations.js";
import { danglingCondition } from "../../controllers/apf-config/flowschema-status.js";
import { testContext } from "../testing/hook-context.js";

const ctx = testContext();

test("Every APF bootstrap object is valid after defaulting, and priority levels come before schemas.", async () => {
  const objs = apfBootstrapConfiguration();
  const firstSchema = objs.findIndex((o) => o.kind === "FlowSchema");
  assert.ok(objs.slice(firstSchema).every((o) => o.kind === "FlowSchema"));
  for (const o of objs) {
    const def = o.kind === "FlowSchema" ? flowschemas : prioritylevelconfigurations;
    def.defaults?.(o as never);
    assert.deepEqual((await def.validate!(o as never, ctx)).map(fieldErrorMessage), [], o.metadata.name);
  }
  const levels = new Set(objs.filter((o) => o.kind !== "FlowSchema").map((o) => o.metadata.name));
  for (const fs of objs.filter((o) => o.kind === "FlowSchema") as FlowSchemaObject[]) assert.ok(levels.has(fs.spec!.priorityLevelConfiguration.name), fs.metadata.name);
});

test("A FlowSchema's matchingPrecedence must be within 1..10000.", async () => {
  const fs = { metadata: { name: "x" }, spec: { priorityLevelConfiguration: { name: "global-default" }, matchingPrecedence: 20000 } } as FlowSchemaObject;
  assert.deepEqual((await flowschemas.validate!(fs, ctx)).map(fieldErrorMessage), ["spec.matchingPrecedence: Invalid value: 20000: must be between 1 and 10000, inclusive"]);
});

test("A Limited priority level needs its limited configuration, and queuing defaults apply.", async () => {
  const pl = { metadata: { name: "x" }, spec: { type: "Limited" } } as PriorityLevelObject;
  assert.deepEqual((await prioritylevelconfigurations.validate!(pl, ctx)).map(fieldErrorMessage), ["spec.limited: Required value: must not be empty when type is Limited"]);
  const q = { metadata: { name: "y" }, spec: { type: "Limited", limited: { limitResponse: { type: "Queue", queuing: {} } } } } as PriorityLevelObject;
  prioritylevelconfigurations.defaults!(q);
  assert.deepEqual(q.spec!.limited!.limitResponse!.queuing, { handSize: 8, queues: 64, queueLengthLimit: 50 });
  assert.equal(q.spec!.limited!.nominalConcurrencyShares, 30);
});

test("The Dangling condition says whether the named priority level exists.", () => {
  assert.equal(danglingCondition("a", true).status, "False");
  assert.equal(danglingCondition("a", false).reason, "NotFound");
});
