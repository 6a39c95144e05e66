import { test } from "node:test";
import assert from "node:assert/strict";
import { indexFacts, parseTypeFacts, type TypeFacts } from "./field-facts.js";
import { allFacts } from "./index.js";

test("fact lines parse into field facts", () => {
  const cases: [string, TypeFacts][] = [
    ["containers=patch:merge;key:name;list:map:name", { fields: { containers: { patchStrategy: "merge", patchMergeKey: "name", listType: "map", listMapKeys: ["name"] } } }],
    ["ports=list:map:containerPort,protocol", { fields: { ports: { listType: "map", listMapKeys: ["containerPort", "protocol"] } } }],
    ["volumes=patch:merge,retainKeys;key:name", { fields: { volumes: { patchStrategy: "merge,retainKeys", patchMergeKey: "name" } } }],
    ["@map:atomic", { mapType: "atomic", fields: {} }],
    ["generation=int64 data=byte max=double", { fields: { generation: { numberFormat: "int64" }, data: { byteFormat: true }, max: { numberFormat: "double" } } }],
    ['protocol=default:"TCP" replicas=default:1', { fields: { protocol: { default: "TCP" }, replicas: { default: 1 } } }],
    ["labels=map:granular args=list:atomic", { fields: { labels: { mapType: "granular" }, args: { listType: "atomic" } } }],
  ];
  for (const [line, want] of cases) assert.deepEqual(parseTypeFacts(line), want, line);
});

test("malformed fact lines are rejected", () => {
  for (const line of ["containers", "x=list:bag", "x=map:deep", "x=colour:red", "x=default:{"]) {
    assert.throws(() => parseTypeFacts(line), /openapi facts|JSON/, line);
  }
});

test("every shipped facts table parses", () => {
  const index = indexFacts(allFacts);
  assert.ok(index.size > 100);
  assert.equal(index.get("io.k8s.api.core.v1.PodSpec")?.fields.containers?.patchMergeKey, "name");
});
