import { test } from "node:test";
import assert from "node:assert/strict";
import type { KubeObject, SubresourceRegistry } from "../types.js";
import { fieldErrorMessage, type FieldError } from "../validation/field.js";
import { namespaces, type NamespaceObject } from "./namespaces.js";
import { testContext } from "../testing/hook-context.js";

const ctx = testContext({ now: 0 });
const ns = (extra: Partial<NamespaceObject> = {}): NamespaceObject => ({ metadata: { name: "team-a" }, ...extra }) as NamespaceObject;

test("A new namespace is Active, carries the kubernetes finalizer and its name label.", async () => {
  const n = ns();
  namespaces.defaults!(n);
  await namespaces.prepareForCreate!(n, ctx);
  assert.deepEqual(n.status, { phase: "Active" });
  assert.deepEqual(n.spec?.finalizers, ["kubernetes"]);
  assert.equal(n.metadata.labels?.["kubernetes.io/metadata.name"], "team-a");
});

test("Deleting a namespace makes it Terminating and it is finalized only when both finalizer lists are empty.", () => {
  const n = ns({ spec: { finalizers: ["kubernetes"] }, status: { phase: "Active" } });
  const out = namespaces.beforeDelete!(n, ctx)!;
  assert.equal(out.status?.phase, "Terminating");
  assert.equal(namespaces.isFinalized!(out), false);
  assert.equal(namespaces.isFinalized!(ns({ spec: {}, metadata: { name: "x", finalizers: ["a/b"] } })), false);
  assert.equal(namespaces.isFinalized!(ns({ spec: {} })), true);
});

test("The main endpoint cannot change finalizers or phase.", async () => {
  const old = ns({ spec: { finalizers: ["kubernetes"] }, status: { phase: "Active" } });
  const next = ns({ spec: { finalizers: [] }, status: { phase: "Terminating" } });
  await namespaces.prepareForUpdate!(next, old, ctx);
  assert.deepEqual(next.spec?.finalizers, ["kubernetes"]);
  assert.equal(next.status?.phase, "Active");
});

test("The finalize subresource replaces spec.finalizers only.", async () => {
  let stored: KubeObject = ns({ spec: { finalizers: ["kubernetes"] }, status: { phase: "Terminating" }, metadata: { name: "team-a", labels: { a: "b" } } });
  const registry: SubresourceRegistry = {
    get: async () => stored,
    update: async (_ns, _name, fn) => (stored = await fn(stored)),
    delete: async () => stored,
  };
  const body = ns({ spec: { finalizers: [] }, metadata: { name: "team-a", labels: {} } });
  const out = (await namespaces.subresources!.finalize.handler({ verb: "update", name: "team-a", body, query: new URLSearchParams(), ctx }, registry)) as NamespaceObject;
  assert.equal(out.spec?.finalizers, undefined);
  assert.deepEqual(out.metadata.labels, { a: "b" });
  assert.equal(out.status?.phase, "Terminating");
});

test("Finalizer names must be standard or qualified.", () => {
  const errs = namespaces.validate!(ns({ spec: { finalizers: ["custom"] } }), ctx) as FieldError[];
  assert.deepEqual(errs.map(fieldErrorMessage), ['spec.finalizers[0]: Invalid value: "custom": name is neither a standard finalizer name nor is it fully qualified']);
});

test("Status phase must agree with the deletion timestamp.", () => {
  const errs = namespaces.validateStatusUpdate!(ns({ status: { phase: "Terminating" } }), ns(), ctx);
  assert.deepEqual(errs.map(fieldErrorMessage), ['status.Phase: Invalid value: "Terminating": may only be \'Active\' if `deletionTimestamp` is empty']);
});

test("Namespace names are DNS labels, cells and field selectors follow upstream.", () => {
  assert.deepEqual(namespaces.validateName!("a.b", false), ["must not contain dots"]);
  const n = ns({ status: { phase: "Active" }, metadata: { name: "x", creationTimestamp: "2024-01-01T00:00:00Z" } });
  assert.deepEqual(namespaces.columns!.map((c) => c.cell(n, { now: Date.parse("2024-01-01T00:00:30Z") })), ["Active", "30s"]);
  assert.deepEqual(namespaces.selectableFields!(n), { "status.phase": "Active", name: "x" });
});
