import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { faults, type FaultObject } from "./faults.js";

const fault = (spec: Record<string, unknown>): FaultObject => ({ apiVersion: "chaos.skiff.dev/v1", kind: "Fault", metadata: { name: "f" }, spec: spec as unknown as FaultObject["spec"] });
const errors = (spec: Record<string, unknown>) => (faults.validate!(fault(spec), {} as never) as { field: string; type: string }[]).map((e) => `${e.field}: ${e.type}`);

describe("Fault validation", () => {
  it("accepts each type with its own fields, and cluster faults without a target", () => {
    for (const spec of [
      { type: "RuntimeHang", target: "node-1" },
      { type: "RuntimeSlow", target: "node-1", delay: "500ms" },
      { type: "CNIHang", target: "node-1", duration: "5m" },
      { type: "UnkillableProcess", target: "node-1", pod: "default/web" },
      { type: "RegistryAuth", target: "node-1", registry: "registry.example", reason: "Unreachable" },
      { type: "RouteLoss" },
      { type: "ServiceRecreate", target: "kube-system/kube-dns" },
      { type: "SecurityGroupRule", preset: "KubeletPort" },
      { type: "SecurityGroupRule", action: "Add", rule: { direction: "Ingress", protocol: "TCP", cidr: "10.0.0.0/8" } },
    ])
      assert.deepEqual(errors(spec), [], JSON.stringify(spec));
  });

  it("names each wrong field", () => {
    assert.deepEqual(errors({ type: "RuntimeHang" }), ["spec.target: FieldValueRequired"]);
    assert.deepEqual(errors({ type: "Meteor", target: "x" }), ["spec.type: FieldValueNotSupported"]);
    assert.deepEqual(errors({ type: "UnkillableProcess", target: "node-1" }), ["spec.pod: FieldValueRequired"]);
    assert.deepEqual(errors({ type: "RegistryAuth", target: "node-1", reason: "Gone" }), ["spec.reason: FieldValueNotSupported"]);
    assert.deepEqual(errors({ type: "ServiceRecreate", target: "kube-dns", preset: "KubeletPort" }), ["spec.target: FieldValueInvalid", "spec.preset: FieldValueForbidden"]);
    assert.deepEqual(errors({ type: "SecurityGroupRule" }), ["spec.preset: FieldValueRequired"]);
    assert.deepEqual(errors({ type: "SecurityGroupRule", preset: "KubeletPort", rule: { direction: "Ingress", protocol: "TCP", cidr: "1.2.3.4/32" } }), ["spec.rule: FieldValueForbidden"]);
    assert.deepEqual(errors({ type: "RouteLoss", delay: "1s" }), ["spec.delay: FieldValueForbidden"]);
  });

  it("keeps spec immutable: what a fault changed is recorded against it", () => {
    const old = fault({ type: "RouteLoss" });
    const changed = fault({ type: "RouteLoss", target: "node-2" });
    assert.deepEqual((faults.validateUpdate!(changed, old, {} as never) as { field: string }[]).map((e) => e.field), ["spec"]);
    assert.deepEqual(faults.validateUpdate!(fault({ type: "RouteLoss" }), old, {} as never), []);
  });
});
