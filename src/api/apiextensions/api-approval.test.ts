import assert from "node:assert/strict";
import { test } from "node:test";
import { fieldErrorMessage } from "../validation/field.js";
import { approvalCondition } from "../../apiextensions/controllers/api-approval.js";
import type { CustomResourceDefinition } from "./crd-types.js";
import { validateCRDCreate, validateCRDUpdate } from "./crd-validation.js";

function crd(group: string, annotation?: string): CustomResourceDefinition {
  return {
    metadata: { name: `foos.${group}`, ...(annotation === undefined ? {} : { annotations: { "api-approved.kubernetes.io": annotation } }) },
    spec: {
      group,
      scope: "Namespaced",
      names: { plural: "foos", singular: "foo", kind: "Foo", listKind: "FooList" },
      versions: [{ name: "v1", served: true, storage: true, schema: { openAPIV3Schema: { type: "object", "x-kubernetes-preserve-unknown-fields": true } } }],
    },
    status: { storedVersions: ["v1"] },
  };
}

const MISSING = 'metadata.annotations[api-approved.kubernetes.io]: Required value: protected groups must have approval annotation "api-approved.kubernetes.io", see https://github.com/kubernetes/enhancements/pull/1111';
const INVALID = 'metadata.annotations[api-approved.kubernetes.io]: Invalid value: "invalid": protected groups must have approval annotation "api-approved.kubernetes.io" with either a URL or a reason starting with "unapproved", see https://github.com/kubernetes/enhancements/pull/1111';

test("protected groups need the approval annotation on create, and when its state changes", () => {
  const create = (c: CustomResourceDefinition) => validateCRDCreate(c).map(fieldErrorMessage);
  assert.deepEqual(create(crd("other.io", "invalid")), []);
  assert.deepEqual(create(crd("sigs.k8s.io")), [MISSING]);
  assert.deepEqual(create(crd("sigs.k8s.io", "invalid")), [INVALID]);
  assert.deepEqual(create(crd("sigs.k8s.io", "https://github.com/kubernetes/kubernetes/pull/79724")), []);
  assert.deepEqual(create(crd("x.kubernetes.io", "unapproved, other reason")), []);
  const update = (n: CustomResourceDefinition, o: CustomResourceDefinition) => validateCRDUpdate(n, o).map(fieldErrorMessage);
  assert.deepEqual(update(crd("sigs.k8s.io", "invalid"), crd("sigs.k8s.io", "invalid")), []);
  assert.deepEqual(update(crd("sigs.k8s.io"), crd("sigs.k8s.io")), []);
  assert.deepEqual(update(crd("sigs.k8s.io"), crd("sigs.k8s.io", "invalid")), [MISSING]);
  assert.deepEqual(update(crd("sigs.k8s.io", "invalid"), crd("sigs.k8s.io")), [INVALID]);
});

test("the KubernetesAPIApprovalPolicyConformant condition, on protected groups only", () => {
  assert.equal(approvalCondition(crd("other.io")), undefined);
  assert.deepEqual(approvalCondition(crd("sigs.k8s.io", "https://github.com/kubernetes/kubernetes/pull/79724")), {
    type: "KubernetesAPIApprovalPolicyConformant",
    status: "True",
    reason: "ApprovedAnnotation",
    message: "approved in https://github.com/kubernetes/kubernetes/pull/79724",
  });
  assert.deepEqual(approvalCondition(crd("sigs.k8s.io", "unapproved, testing")), { type: "KubernetesAPIApprovalPolicyConformant", status: "False", reason: "UnapprovedAnnotation", message: 'not approved: "unapproved, testing"' });
  assert.equal(approvalCondition(crd("sigs.k8s.io"))?.reason, "MissingAnnotation");
  assert.equal(approvalCondition(crd("sigs.k8s.io", "bad value"))?.reason, "InvalidAnnotation");
});
