import { test } from "node:test";
import assert from "node:assert/strict";
import { message, testContext } from "../testing/hook-context.js";
import type { KubeObject } from "../types.js";
import { validatingadmissionpolicies, validatingadmissionpolicybindings } from "./validating-admission-policies.js";
import { mutatingwebhookconfigurations } from "./webhook-configurations.js";

const ctx = testContext();
const cells = (def: { columns?: { name: string; cell(o: never, c: { now: number }): unknown }[] }, obj: KubeObject) => def.columns!.filter((c) => c.name !== "Age").map((c) => c.cell(obj as never, { now: 0 }));

test("Mutating webhooks default as upstream's v1, reinvocationPolicy and the service port included.", () => {
  const cfg = { metadata: { name: "m" }, webhooks: [{ name: "a.b.c", clientConfig: { service: { namespace: "ns", name: "svc" } }, rules: [{ operations: ["CREATE"], apiGroups: [""], apiVersions: ["v1"], resources: ["pods"] }], sideEffects: "None", admissionReviewVersions: ["v1"] }] } as KubeObject;
  mutatingwebhookconfigurations.defaults!(cfg as never);
  const w = (cfg.webhooks as Record<string, unknown>[])[0]!;
  assert.deepEqual(
    { failurePolicy: w.failurePolicy, matchPolicy: w.matchPolicy, timeoutSeconds: w.timeoutSeconds, reinvocationPolicy: w.reinvocationPolicy, scope: (w.rules as { scope: string }[])[0]!.scope, port: (w.clientConfig as { service: { port: number } }).service.port },
    { failurePolicy: "Fail", matchPolicy: "Equivalent", timeoutSeconds: 10, reinvocationPolicy: "Never", scope: "*", port: 443 },
  );
  assert.deepEqual(cells(mutatingwebhookconfigurations, cfg), [1]);
});

test("Rules refuse overlapping wildcards and unknown operations in upstream's words.", async () => {
  const cfg = { metadata: { name: "m" }, webhooks: [{ name: "a.b.c", clientConfig: { url: "https://h/p" }, rules: [{ operations: ["PATCH"], apiGroups: ["*", "apps"], apiVersions: ["v1"], resources: ["*", "pods"] }], sideEffects: "None", admissionReviewVersions: ["v1"] }] } as KubeObject;
  const errs = (await mutatingwebhookconfigurations.validate!(cfg as never, ctx)).map(message);
  assert.deepEqual(errs, [
    'webhooks[0].rules[0].operations[0]: Unsupported value: "PATCH": supported values: "*", "CONNECT", "CREATE", "DELETE", "UPDATE"',
    'webhooks[0].rules[0].apiGroups: Invalid value: []string{"*", "apps"}: if \'*\' is present, must not specify other API groups',
    'webhooks[0].rules[0].resources: Invalid value: []string{"*", "pods"}: if \'*\' is present, must not specify other resources without subresources',
  ]);
});

test("Bindings need a policy and validation actions, never Deny with Warn; tables show the policy and its param.", async () => {
  const b = { metadata: { name: "b" }, spec: { validationActions: ["Deny", "Warn"], paramRef: { name: "limits", namespace: "default" } } } as KubeObject;
  validatingadmissionpolicybindings.defaults!(b as never);
  assert.equal((b.spec as { paramRef: { parameterNotFoundAction: string } }).paramRef.parameterNotFoundAction, "Deny");
  assert.deepEqual((await validatingadmissionpolicybindings.validate!(b as never, ctx)).map(message), [
    "spec.policyName: Required value",
    'spec.validationActions: Invalid value: []string{"Deny", "Warn"}: must not contain both Deny and Warn (repeating the same validation failure information in the API response and headers serves no purpose)',
  ]);
  assert.deepEqual(cells(validatingadmissionpolicybindings, b), ["", "default/limits"]);
  const p = { metadata: { name: "p" }, spec: { paramKind: { apiVersion: "v1", kind: "ConfigMap" }, validations: [{ expression: "true" }, { expression: "false" }] } } as KubeObject;
  assert.deepEqual(cells(validatingadmissionpolicies, p), [2, "v1/ConfigMap"]);
});
