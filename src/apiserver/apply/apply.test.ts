import { test } from "node:test";
import assert from "node:assert/strict";
import { applyObject, updateManagedFields } from "./apply.js";
import { ApiError } from "../../api/errors.js";
import { DEPLOYMENT, POD, SERVICE, testSchema } from "../patch/testing-definitions.js";
import type { JsonObject } from "../patch/json-value.js";
import type { ManagedFieldsEntry } from "./managed-fields.js";

const T0 = Date.UTC(2026, 0, 1, 10, 0, 0);
const opts = (manager: string, extra: { force?: boolean; now?: number; definition?: string } = {}) => ({
  manager,
  schema: testSchema,
  definition: extra.definition ?? DEPLOYMENT,
  now: extra.now ?? T0,
  force: extra.force,
});
const upd = (manager: string, now = T0, definition = DEPLOYMENT) => ({ manager, schema: testSchema, definition, now, operation: "Update" as const });

function deployment(spec: JsonObject, labels: Record<string, string> = { app: "web" }): JsonObject {
  return { apiVersion: "apps/v1", kind: "Deployment", metadata: { name: "web", labels }, spec };
}
const managed = (o: JsonObject) => (o.metadata as { managedFields?: ManagedFieldsEntry[] }).managedFields ?? [];
const entry = (o: JsonObject, manager: string) => managed(o).find((m) => m.manager === manager);
const spec = (o: JsonObject) => o.spec as JsonObject;

function apiErrorOf(fn: () => unknown): ApiError {
  try {
    fn();
  } catch (err) {
    assert.ok(err instanceof ApiError);
    return err;
  }
  assert.fail("expected an API error");
}

test("The first apply creates the object and records the applier's fields in FieldsV1.", () => {
  const applied = {
    apiVersion: "v1",
    kind: "Pod",
    metadata: { name: "p", labels: { app: "web" } },
    spec: { containers: [{ name: "nginx", image: "nginx:1", ports: [{ containerPort: 80 }] }] },
  };
  const out = applyObject(undefined, applied, opts("kubectl", { definition: POD }));
  assert.deepEqual(spec(out), applied.spec);
  assert.deepEqual(managed(out), [
    {
      manager: "kubectl",
      operation: "Apply",
      apiVersion: "v1",
      time: "2026-01-01T10:00:00Z",
      fieldsType: "FieldsV1",
      fieldsV1: {
        "f:metadata": { "f:labels": { "f:app": {} } },
        "f:spec": {
          "f:containers": {
            'k:{"name":"nginx"}': {
              ".": {},
              "f:image": {},
              "f:name": {},
              "f:ports": { 'k:{"containerPort":80,"protocol":"TCP"}': { ".": {}, "f:containerPort": {} } },
            },
          },
        },
      },
    },
  ]);
});

test("Atomic structs are owned whole.", () => {
  const out = applyObject(undefined, deployment({ selector: { matchLabels: { app: "web" } } }), opts("kubectl"));
  assert.deepEqual(entry(out, "kubectl")!.fieldsV1, { "f:metadata": { "f:labels": { "f:app": {} } }, "f:spec": { "f:selector": {} } });
});

test("Re-applying without a field removes it.", () => {
  const first = applyObject(undefined, deployment({ replicas: 2, paused: true }, { app: "web", tier: "fe" }), opts("kubectl"));
  const second = applyObject(first, deployment({ replicas: 2 }), opts("kubectl"));
  assert.deepEqual(spec(second), { replicas: 2 });
  assert.deepEqual((second.metadata as JsonObject).labels, { app: "web" });
});

test("A field the applier drops stays when another manager also owns it.", () => {
  const a = applyObject(undefined, deployment({ replicas: 2 }), opts("a"));
  const b = applyObject(a, deployment({ replicas: 2 }), opts("b"));
  const again = applyObject(b, deployment({}), opts("a"));
  assert.equal(spec(again).replicas, 2);
  assert.deepEqual(entry(again, "b")!.fieldsV1, { "f:metadata": { "f:labels": { "f:app": {} } }, "f:spec": { "f:replicas": {} } });
});

test("Fields the applier never owned survive its re-apply.", () => {
  const created = updateManagedFields(undefined, deployment({ replicas: 1, paused: false }), upd("kubectl-create"));
  const applied = applyObject(created, deployment({ replicas: 1 }), opts("kubectl"));
  const again = applyObject(applied, deployment({}), opts("kubectl"));
  assert.deepEqual(spec(again), { replicas: 1, paused: false });
});

test("Changing a field another manager owns is a conflict worded as upstream's.", () => {
  const live = updateManagedFields(undefined, deployment({ replicas: 1 }), upd("kubectl-client-side-apply"));
  const err = apiErrorOf(() => applyObject(live, deployment({ replicas: 3 }), opts("kubectl")));
  assert.equal(err.code, 409);
  assert.equal(err.reason, "Conflict");
  assert.equal(err.message, 'Apply failed with 1 conflict: conflict with "kubectl-client-side-apply" using apps/v1: .spec.replicas');
  assert.deepEqual(err.details?.causes, [{ reason: "FieldManagerConflict", message: 'conflict with "kubectl-client-side-apply" using apps/v1', field: ".spec.replicas" }]);
});

test("Several conflicts are listed per manager.", () => {
  const a = applyObject(undefined, deployment({ replicas: 1, paused: false }), opts("a"));
  const err = apiErrorOf(() => applyObject(a, deployment({ replicas: 2, paused: true }, { app: "other" }), opts("b")));
  assert.equal(err.message, 'Apply failed with 3 conflicts: conflicts with "a":\n- .metadata.labels.app\n- .spec.paused\n- .spec.replicas');
});

test("Applying the value another manager set is no conflict and shares ownership.", () => {
  const a = applyObject(undefined, deployment({ replicas: 1 }), opts("a"));
  const b = applyObject(a, deployment({ replicas: 1 }), opts("b"));
  assert.ok(entry(b, "a") && entry(b, "b"));
});

test("A forced apply takes the field from the other manager.", () => {
  const live = updateManagedFields(undefined, deployment({ replicas: 1, paused: false }), upd("kubectl-client-side-apply"));
  const out = applyObject(live, deployment({ replicas: 3 }), opts("kubectl", { force: true }));
  assert.equal(spec(out).replicas, 3);
  assert.deepEqual(entry(out, "kubectl-client-side-apply")!.fieldsV1, {
    "f:metadata": { "f:labels": { ".": {}, "f:app": {} } },
    "f:spec": { ".": {}, "f:paused": {} },
  });
});

test("List-map items merge by their keys, keeping items others own in place.", () => {
  const svc = (ports: JsonObject[]) => ({ apiVersion: "v1", kind: "Service", metadata: { name: "s" }, spec: { ports } });
  const live = updateManagedFields(undefined, svc([{ port: 53, protocol: "UDP" }, { port: 80, protocol: "TCP", targetPort: 8080 }]), upd("kubectl-create", T0, SERVICE));
  const out = applyObject(live, svc([{ port: 80, targetPort: 8080, name: "http" }, { port: 443 }]), { ...opts("kubectl", { definition: SERVICE }) });
  assert.deepEqual(spec(out).ports, [
    { port: 53, protocol: "UDP" },
    { port: 80, protocol: "TCP", targetPort: 8080, name: "http" },
    { port: 443 },
  ]);
});

test("Set lists union with values others own, and atomic lists are replaced.", () => {
  const pod = (finalizers: string[], args: string[]) => ({ apiVersion: "v1", kind: "Pod", metadata: { name: "p", finalizers }, spec: { containers: [{ name: "c", args }] } });
  const live = updateManagedFields(undefined, pod(["y"], ["a", "b"]), upd("creator", T0, POD));
  const out = applyObject(live, pod(["x"], ["z"]), { ...opts("kubectl", { definition: POD, force: true }) });
  assert.deepEqual((out.metadata as JsonObject).finalizers, ["y", "x"]);
  assert.deepEqual((spec(out).containers as JsonObject[])[0]!.args, ["z"]);
});

test("An update records the writer as owner of what it added, members included.", () => {
  const out = updateManagedFields(undefined, deployment({ replicas: 1 }), upd("kubectl-create"));
  assert.deepEqual(managed(out), [
    {
      manager: "kubectl-create",
      operation: "Update",
      apiVersion: "apps/v1",
      time: "2026-01-01T10:00:00Z",
      fieldsType: "FieldsV1",
      fieldsV1: { "f:metadata": { "f:labels": { ".": {}, "f:app": {} } }, "f:spec": { ".": {}, "f:replicas": {} } },
    },
  ]);
});

test("An update takes the fields it changes from the applier.", () => {
  const applied = applyObject(undefined, deployment({ replicas: 1, paused: false }), opts("kubectl"));
  const edited = updateManagedFields(applied, { ...applied, spec: { replicas: 5, paused: false } }, upd("kubectl-edit", T0 + 60_000));
  assert.deepEqual(entry(edited, "kubectl")!.fieldsV1, { "f:metadata": { "f:labels": { "f:app": {} } }, "f:spec": { "f:paused": {} } });
  assert.deepEqual(entry(edited, "kubectl-edit")!.fieldsV1, { "f:spec": { "f:replicas": {} } });
  assert.deepEqual(managed(edited).map((m) => m.manager), ["kubectl", "kubectl-edit"]);
});

test("An apply that changes nothing keeps the applier's time.", () => {
  const first = applyObject(undefined, deployment({ replicas: 1 }), opts("kubectl"));
  const again = applyObject(first, deployment({ replicas: 1 }), opts("kubectl", { now: T0 + 3_600_000 }));
  assert.equal(entry(again, "kubectl")!.time, "2026-01-01T10:00:00Z");
});

test("Fields of an object with no managed fields go to before-first-apply on its first apply.", () => {
  const live = deployment({ replicas: 1 });
  const out = applyObject(live, deployment({ paused: true }), opts("kubectl"));
  assert.deepEqual(entry(out, "before-first-apply")?.fieldsV1, { "f:metadata": { "f:labels": { ".": {}, "f:app": {} } }, "f:spec": { ".": {}, "f:replicas": {} } });
  assert.deepEqual(spec(out), { replicas: 1, paused: true });
});

test("Setting managedFields to [{}] clears them, and later updates stay untracked.", () => {
  const live = updateManagedFields(undefined, deployment({ replicas: 1 }), upd("kubectl-create"));
  const reset = updateManagedFields(live, { ...live, metadata: { ...(live.metadata as JsonObject), managedFields: [{}] } }, upd("kubectl-edit"));
  assert.deepEqual(managed(reset), []);
  const later = updateManagedFields(reset, { ...reset, spec: { replicas: 2 } }, upd("kubectl-edit"));
  assert.deepEqual(managed(later), []);
});

test("More than ten update managers fold the oldest into ancient-changes.", () => {
  let obj = updateManagedFields(undefined, deployment({}), upd("m0"));
  const labels: Record<string, string> = { app: "web" };
  for (let i = 1; i <= 11; i++) {
    labels[`l${i}`] = "x";
    obj = updateManagedFields(obj, { ...obj, metadata: { ...(obj.metadata as JsonObject), labels: { ...labels } } }, upd(`m${i}`, T0 + i * 1000));
  }
  const names = managed(obj).map((m) => m.manager);
  assert.equal(names.length, 10);
  assert.ok(names.includes("ancient-changes"));
});

test("An applied list-map item without any key field is refused.", () => {
  const pod = { apiVersion: "v1", kind: "Pod", metadata: { name: "p" }, spec: { containers: [{ image: "x" }] } };
  const err = apiErrorOf(() => applyObject(undefined, pod, opts("kubectl", { definition: POD })));
  assert.equal(err.code, 500);
  assert.match(err.message, /omits all key fields \["name"\]/);
});
