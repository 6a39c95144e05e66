import { test } from "node:test";
import assert from "node:assert/strict";
import { validatingadmissionpolicies, validatingadmissionpolicybindings } from "../../../api/admissionregistration/validating-admission-policies.js";
import { ApiError } from "../../../api/errors.js";
import type { KubeObject } from "../../../api/types.js";
import type { AdmissionAttributes } from "../types.js";
import { compilePolicy } from "./compile.js";
import { createValidatingAdmissionPolicy, type BindingObject, type PolicyDeps } from "./plugin.js";

const configMaps: Record<string, KubeObject> = { "default/limits": { apiVersion: "v1", kind: "ConfigMap", metadata: { name: "limits", namespace: "default" }, data: { maxReplicas: "3" } } };
const deps: PolicyDeps = {
  namespaceLabels: () => ({ env: "test" }),
  namespaceObject: async (name) => ({ apiVersion: "v1", kind: "Namespace", metadata: { name, labels: { env: "test" } } }),
  resourceForKind: (av, kind) => (av === "v1" && kind === "ConfigMap" ? { group: "", version: "v1", resource: "configmaps", namespaced: true } : undefined),
  paramObject: async (_r, ns, name) => configMaps[`${ns}/${name}`],
  paramObjects: async () => Object.values(configMaps),
};

function policy(name: string, spec: Record<string, unknown>) {
  const p = { metadata: { name, resourceVersion: "1" }, spec: { matchConstraints: { resourceRules: [{ apiGroups: ["apps"], apiVersions: ["v1"], operations: ["CREATE", "UPDATE"], resources: ["deployments"] }] }, ...spec } } as KubeObject;
  validatingadmissionpolicies.defaults!(p as never);
  return compilePolicy(p as never);
}

function binding(name: string, policyName: string, spec: Record<string, unknown> = {}): BindingObject {
  const b = { metadata: { name }, spec: { policyName, validationActions: ["Deny"], ...spec } } as KubeObject;
  validatingadmissionpolicybindings.defaults!(b as never);
  return b as BindingObject;
}

function deployment(replicas: number): AdmissionAttributes {
  const object = { apiVersion: "apps/v1", kind: "Deployment", metadata: { name: "web", namespace: "default", labels: { app: "web" } }, spec: { replicas } };
  return { operation: "CREATE", resource: { group: "apps", resource: "deployments" }, kind: "Deployment", namespace: "default", name: "web", object, dryRun: false, warnings: [] };
}

const plugin = (policies: ReturnType<typeof policy>[], bindings: BindingObject[]) => createValidatingAdmissionPolicy(async () => ({ policies: new Map(policies.map((p) => [p.name, p])), bindings }), deps);

test("A failed validation denies with upstream's message, reason Invalid and the message as a cause.", async () => {
  const p = plugin([policy("replicas.example.com", { validations: [{ expression: "object.spec.replicas <= 5" }] })], [binding("replicas-binding", "replicas.example.com")]);
  await p.validate!(deployment(5));
  await assert.rejects(p.validate!(deployment(6)), (err: ApiError) => {
    const message = "ValidatingAdmissionPolicy 'replicas.example.com' with binding 'replicas-binding' denied request: failed expression: object.spec.replicas <= 5";
    assert.equal(err.message, `deployments.apps "web" is forbidden: ${message}`);
    assert.equal(err.code, 422);
    assert.equal(err.reason, "Invalid");
    assert.deepEqual(err.details?.causes, [{ message }]);
    return true;
  });
});

test("Params come from the binding's paramRef; messageExpression, variables and reason shape the denial.", async () => {
  const p = plugin(
    [
      policy("max.example.com", {
        paramKind: { apiVersion: "v1", kind: "ConfigMap" },
        variables: [{ name: "max", expression: "int(params.data.maxReplicas)" }],
        validations: [{ expression: "object.spec.replicas <= variables.max", messageExpression: "'at most ' + string(variables.max) + ' replicas'", reason: "Forbidden" }],
      }),
    ],
    [binding("max-binding", "max.example.com", { paramRef: { name: "limits" } })],
  );
  await p.validate!(deployment(3));
  await assert.rejects(p.validate!(deployment(4)), { code: 403, reason: "Forbidden", message: "deployments.apps \"web\" is forbidden: ValidatingAdmissionPolicy 'max.example.com' with binding 'max-binding' denied request: at most 3 replicas" });
});

test("A missing parameter denies unless the binding allows it.", async () => {
  const pol = policy("max.example.com", { paramKind: { apiVersion: "v1", kind: "ConfigMap" }, validations: [{ expression: "true" }] });
  await assert.rejects(plugin([pol], [binding("b", "max.example.com", { paramRef: { name: "absent" } })]).validate!(deployment(1)), /no params found for policy binding with `Deny` parameterNotFoundAction/);
  await plugin([pol], [binding("b", "max.example.com", { paramRef: { name: "absent", parameterNotFoundAction: "Allow" } })]).validate!(deployment(1));
});

test("Warn turns a failure into a warning; failurePolicy Ignore skips expression errors.", async () => {
  const attrs = deployment(9);
  await plugin([policy("warn.example.com", { validations: [{ expression: "object.spec.replicas <= 5", message: "too many" }] })], [binding("warn-binding", "warn.example.com", { validationActions: ["Warn"] })]).validate!(attrs);
  assert.deepEqual(attrs.warnings, ["Validation failed for ValidatingAdmissionPolicy 'warn.example.com' with binding 'warn-binding': too many"]);
  const broken = (failurePolicy: string) => plugin([policy("err.example.com", { failurePolicy, validations: [{ expression: "object.spec.missing > 1" }] })], [binding("b", "err.example.com")]);
  await broken("Ignore").validate!(deployment(1));
  await assert.rejects(broken("Fail").validate!(deployment(1)), /expression 'object.spec.missing > 1' resulted in error: no such key: missing/);
});

test("Policies validate their CEL expressions as upstream.", async () => {
  const p = { metadata: { name: "p" }, spec: { matchConstraints: { resourceRules: [] }, validations: [{ expression: "object.spec.replicas <=" }] } } as KubeObject;
  const errs = await validatingadmissionpolicies.validate!(p as never, {} as never);
  assert.deepEqual(errs.map((e) => e.field), ["spec.matchConstraints.resourceRules", "spec.validations[0].expression"]);
  assert.match(errs[1]!.detail, /^compilation failed: ERROR: <input>:1:/);
});

test("Audit records the failure and the policy's auditAnnotations as audit annotations.", async () => {
  const attrs = deployment(7);
  const pol = policy("audit.example.com", { validations: [{ expression: "object.spec.replicas <= 5" }], auditAnnotations: [{ key: "replicas", valueExpression: "'requested ' + string(object.spec.replicas)" }] });
  await plugin([pol], [binding("audit-binding", "audit.example.com", { validationActions: ["Audit"] })]).validate!(attrs);
  assert.deepEqual(attrs.auditAnnotations, {
    "validation.policy.admission.k8s.io/validation_failure": JSON.stringify([{ message: "failed expression: object.spec.replicas <= 5", policy: "audit.example.com", binding: "audit-binding", expressionIndex: 0, validationActions: ["Audit"] }]),
    "audit.example.com/replicas": "requested 7",
  });
});
