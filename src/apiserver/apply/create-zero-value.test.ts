import { test } from "node:test";
import assert from "node:assert/strict";
import { updateManagedFields } from "./apply.js";
import type { ManagedFieldsEntry } from "./managed-fields.js";
import type { JsonObject } from "../patch/json-value.js";
import { schemaFromOpenApiDefinitions } from "../patch/schema.js";
import { loadDefinitions } from "../openapi/load.js";

const defs = loadDefinitions().file.definitions as Record<string, unknown>;
const builtin = schemaFromOpenApiDefinitions(defs, { goTypes: true });
const DEPLOYMENT = "io.k8s.api.apps.v1.Deployment";

/** `kubectl create deployment web --image=nginx` after the server's defaults. */
function createdDeployment(): JsonObject {
  const labels = { app: "web" };
  return {
    apiVersion: "apps/v1",
    kind: "Deployment",
    metadata: { name: "web", namespace: "default", labels },
    spec: {
      replicas: 1,
      selector: { matchLabels: labels },
      template: {
        metadata: { labels },
        spec: {
          containers: [{ name: "nginx", image: "nginx", resources: {}, terminationMessagePath: "/dev/termination-log", terminationMessagePolicy: "File", imagePullPolicy: "Always" }],
          restartPolicy: "Always",
          terminationGracePeriodSeconds: 30,
          dnsPolicy: "ClusterFirst",
          securityContext: {},
          schedulerName: "default-scheduler",
        },
      },
      strategy: { type: "RollingUpdate", rollingUpdate: { maxUnavailable: "25%", maxSurge: "25%" } },
      revisionHistoryLimit: 10,
      progressDeadlineSeconds: 600,
    },
    status: {},
  };
}

test("a built-in type's zero value holds what Go always writes: non-pointer structs and required fields", () => {
  assert.deepEqual(builtin.zero?.(DEPLOYMENT), {
    metadata: { creationTimestamp: null },
    spec: { selector: null, strategy: {}, template: { metadata: { creationTimestamp: null }, spec: { containers: null } } },
    status: {},
  });
  const custom = schemaFromOpenApiDefinitions(defs);
  assert.equal(custom.zero?.(DEPLOYMENT), undefined, "schemas of custom resources have no Go zero value");
});

test("a create's managed fields mark '.' only where the zero value lacks the field, as upstream's field manager", () => {
  const created = updateManagedFields(undefined, createdDeployment(), { manager: "kubectl-create", schema: builtin, definition: DEPLOYMENT, now: Date.UTC(2026, 0, 1), operation: "Update", ignoredFields: [["status"]] });
  const entry = (created.metadata as unknown as { managedFields: ManagedFieldsEntry[] }).managedFields[0]!;
  // As a real cluster records `kubectl create deployment` (fieldsV1 of its kubectl-create entry).
  assert.deepEqual(entry.fieldsV1, {
    "f:metadata": { "f:labels": { ".": {}, "f:app": {} } },
    "f:spec": {
      "f:progressDeadlineSeconds": {},
      "f:replicas": {},
      "f:revisionHistoryLimit": {},
      "f:selector": {},
      "f:strategy": { "f:rollingUpdate": { ".": {}, "f:maxSurge": {}, "f:maxUnavailable": {} }, "f:type": {} },
      "f:template": {
        "f:metadata": { "f:labels": { ".": {}, "f:app": {} } },
        "f:spec": {
          "f:containers": {
            'k:{"name":"nginx"}': { ".": {}, "f:image": {}, "f:imagePullPolicy": {}, "f:name": {}, "f:resources": {}, "f:terminationMessagePath": {}, "f:terminationMessagePolicy": {} },
          },
          "f:dnsPolicy": {},
          "f:restartPolicy": {},
          "f:schedulerName": {},
          "f:securityContext": {},
          "f:terminationGracePeriodSeconds": {},
        },
      },
    },
  });
});
