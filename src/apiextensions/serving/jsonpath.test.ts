import assert from "node:assert/strict";
import { test } from "node:test";
import { findResults, JSONPathError, parseJSONPath } from "./jsonpath.js";
import { printerColumns } from "./printer-columns.js";

const obj = {
  metadata: { name: "a", creationTimestamp: "2024-01-01T00:00:00Z", labels: { "app.kubernetes.io/name": "x" } },
  spec: { replicas: 3, items: [{ name: "p", port: 80 }, { name: "q", port: 90 }] },
  status: { conditions: [{ type: "Ready", status: "True" }, { type: "Synced", status: "False" }] },
};

test("JSONPath reaches fields, indices, wildcards and filtered items", () => {
  assert.deepEqual(findResults(obj, ".spec.replicas"), [3]);
  assert.deepEqual(findResults(obj, ".spec.items[1].port"), [90]);
  assert.deepEqual(findResults(obj, ".spec.items[-1].name"), ["q"]);
  assert.deepEqual(findResults(obj, ".spec.items[*].name"), ["p", "q"]);
  assert.deepEqual(findResults(obj, '.status.conditions[?(@.type=="Ready")].status'), ["True"]);
  assert.deepEqual(findResults(obj, ".status.conditions[?(@.type!='Ready')].type"), ["Synced"]);
  assert.deepEqual(findResults(obj, ".metadata.labels['app.kubernetes.io/name']"), ["x"]);
  assert.deepEqual(findResults(obj, ".spec.missing.deeper"), []);
  assert.throws(() => parseJSONPath(".spec.items[?(junk)]"), JSONPathError);
});

test("printer columns: cells typed as upstream's cellForJSONValue, dates as ages, Age when none", () => {
  const now = Date.parse("2024-01-01T00:05:00Z");
  const cols = printerColumns([
    { name: "Replicas", type: "integer", jsonPath: ".spec.replicas" },
    { name: "Ports", type: "string", jsonPath: ".spec.items[*].port" },
    { name: "Ready", type: "string", jsonPath: '.status.conditions[?(@.type=="Ready")].status', priority: 1 },
    { name: "Missing", type: "string", jsonPath: ".spec.nothing" },
    { name: "Wrong", type: "boolean", jsonPath: ".spec.replicas" },
    { name: "Created", type: "date", jsonPath: ".metadata.creationTimestamp" },
  ]);
  assert.deepEqual(cols.map((c) => c.cell(obj as never, { now })), [3, "80", "True", null, null, "5m"]);
  assert.equal(cols[2]!.priority, 1);
  assert.equal(cols[0]!.description, "Custom resource definition column (in JSONPath format): .spec.replicas");
  const defaults = printerColumns(undefined);
  assert.deepEqual(defaults.map((c) => [c.name, c.type]), [["Age", "date"]]);
  assert.equal(defaults[0]!.cell(obj as never, { now }), "5m");
});
