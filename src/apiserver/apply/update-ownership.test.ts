import { test } from "node:test";
import assert from "node:assert/strict";
import { updateManagedFields, type UpdateOptions } from "./apply.js";
import { FieldSet } from "./field-set.js";
import type { ManagedFieldsEntry } from "./managed-fields.js";
import { isJsonObject, type JsonObject, type JsonValue } from "../patch/json-value.js";
import { DEPLOYMENT, POD, testSchema } from "../patch/testing-definitions.js";

const T0 = Date.UTC(2026, 0, 1, 10, 0, 0);
const opts = (manager: string, at: number, extra: Partial<UpdateOptions> = {}): UpdateOptions => ({ manager, schema: testSchema, definition: POD, now: T0 + at * 1000, operation: "Update", ...extra });
const managed = (o: JsonObject) => (o.metadata as { managedFields?: ManagedFieldsEntry[] }).managedFields ?? [];

function pod(): JsonObject {
  return { apiVersion: "v1", kind: "Pod", metadata: { name: "p", labels: { app: "web" } }, spec: { containers: [{ name: "c", image: "i", ports: [{ containerPort: 80 }] }], restartPolicy: "Always" } };
}

/** A pod created, bound by the scheduler and given status by the kubelet, as the API server tracks it. */
function lifecycle(): JsonObject[] {
  const created = updateManagedFields(undefined, pod(), opts("kubectl", 0, { ignoredFields: [["status"]] }));
  const binding = structuredClone(created);
  (binding.spec as JsonObject).nodeName = "n1";
  const bound = updateManagedFields(created, binding, opts("kube-scheduler", 1, { subresource: "binding" }));
  const status = structuredClone(bound);
  status.status = { phase: "Running", conditions: [{ type: "Ready", status: "True" }] };
  return [created, bound, updateManagedFields(bound, status, opts("kubelet", 2, { subresource: "status" }))];
}

test("A create, a binding and a status write record exactly these managers and fields.", () => {
  const [, , last] = lifecycle();
  assert.equal(
    JSON.stringify(managed(last!)),
    JSON.stringify([
      {
        manager: "kubectl",
        operation: "Update",
        apiVersion: "v1",
        time: "2026-01-01T10:00:00Z",
        fieldsType: "FieldsV1",
        fieldsV1: {
          "f:metadata": { "f:labels": { ".": {}, "f:app": {} } },
          "f:spec": {
            ".": {},
            "f:containers": {
              ".": {},
              'k:{"name":"c"}': { ".": {}, "f:image": {}, "f:name": {}, "f:ports": { ".": {}, 'k:{"containerPort":80,"protocol":"TCP"}': { ".": {}, "f:containerPort": {} } } },
            },
            "f:restartPolicy": {},
          },
        },
      },
      { manager: "kube-scheduler", operation: "Update", apiVersion: "v1", time: "2026-01-01T10:00:01Z", fieldsType: "FieldsV1", fieldsV1: { "f:spec": { "f:nodeName": {} } }, subresource: "binding" },
      {
        manager: "kubelet",
        operation: "Update",
        apiVersion: "v1",
        time: "2026-01-01T10:00:02Z",
        fieldsType: "FieldsV1",
        fieldsV1: { "f:status": { ".": {}, "f:conditions": {}, "f:phase": {} } },
        subresource: "status",
      },
    ]),
  );
});

test("Updates leave their inputs as they were.", () => {
  const created = updateManagedFields(undefined, pod(), opts("kubectl", 0));
  const next = structuredClone(created);
  (next.spec as JsonObject).nodeName = "n1";
  const [liveText, nextText] = [JSON.stringify(created), JSON.stringify(next)];
  const out = updateManagedFields(created, next, opts("kube-scheduler", 1, { subresource: "binding" }));
  assert.equal(JSON.stringify(created), liveText);
  assert.equal(JSON.stringify(next), nextText);
  assert.notEqual(out.metadata, next.metadata);
});

/** FieldsV1 with every level's keys in reverse: the same set, not its canonical spelling. */
function reversed(v: JsonValue): JsonValue {
  if (!isJsonObject(v)) return v;
  const out: JsonObject = {};
  for (const k of Object.keys(v).reverse()) out[k] = reversed(v[k]!);
  return out;
}

test("An unchanged manager's FieldsV1 is kept when canonical and written canonically when not, to the same bytes.", () => {
  const deployment = (replicas: number, image: string): JsonObject => ({
    apiVersion: "apps/v1",
    kind: "Deployment",
    metadata: { name: "d", labels: { app: "x", tier: "web" } },
    spec: { replicas, selector: { matchLabels: { app: "x" } }, template: { metadata: { labels: { app: "x" } }, spec: { containers: [{ name: "c", image }, { name: "s", image: "side" }] } } },
  });
  const d = (m: string, at: number) => opts(m, at, { definition: DEPLOYMENT });
  let live = updateManagedFields(undefined, deployment(1, "a"), d("helm", 0));
  live = updateManagedFields(live, deployment(2, "a"), d("hpa", 1));
  const canonicalLive = live;
  const reorderedLive: JsonObject = { ...live, metadata: { ...(live.metadata as JsonObject), managedFields: managed(live).map((e) => ({ ...e, fieldsV1: reversed(e.fieldsV1!) })) as unknown as JsonValue } };
  for (const [i, next] of [deployment(3, "a"), deployment(2, "b"), deployment(2, "a")].entries()) {
    const kept = updateManagedFields(canonicalLive, structuredClone(next), d("ci", 2 + i));
    const rewritten = updateManagedFields(reorderedLive, structuredClone(next), d("ci", 2 + i));
    assert.equal(JSON.stringify(managed(kept)), JSON.stringify(managed(rewritten)));
    for (const e of managed(rewritten)) assert.equal(JSON.stringify(e.fieldsV1), JSON.stringify(FieldSet.fromFieldsV1(e.fieldsV1).toFieldsV1()));
  }
  // The scheduler-like write takes nothing from helm: helm's entry is its old FieldsV1, unchanged.
  const bumped = updateManagedFields(canonicalLive, deployment(3, "a"), d("ci", 5));
  const helm = (o: JsonObject) => managed(o).find((e) => e.manager === "helm")!.fieldsV1;
  assert.equal(JSON.stringify(helm(bumped)), JSON.stringify(helm(canonicalLive)));
});

test("Decoding FieldsV1 tells its canonical spelling from others.", () => {
  const canonical = { "f:metadata": { "f:labels": { ".": {}, "f:a": {} } }, "f:spec": { "f:ports": { 'k:{"port":80,"protocol":"TCP"}': { ".": {}, "f:port": {} } } } };
  assert.equal(FieldSet.decodeFieldsV1(canonical).canonical, true);
  const others: JsonObject[] = [
    { "f:spec": {}, "f:metadata": {} },
    { "f:spec": { "f:ports": { 'k:{"protocol":"TCP","port":80}': { ".": {}, "f:port": {} } } } },
    { "f:spec": { "f:a": { "f:b": {}, ".": {} } } },
    { "f:spec": { "f:a": { ".": {} } } },
    { "f:spec": { "f:a": 1 } },
    { ".": {}, "f:spec": {} },
    { "f:spec": { "f:a": { ".": { x: 1 }, "f:b": {} } } },
  ];
  for (const other of others) {
    const { set, canonical: isCanonical } = FieldSet.decodeFieldsV1(other);
    assert.equal(isCanonical, false, JSON.stringify(other));
    assert.equal(FieldSet.decodeFieldsV1(set.toFieldsV1()).canonical, true);
  }
});
