import assert from "node:assert/strict";
import { test } from "node:test";
import type { KubeObject } from "../../api/types.js";
import { reconciled } from "./reconcile.js";

const AUTO = "rbac.authorization.kubernetes.io/autoupdate";
const role = (rules: object[], annotations: Record<string, string> = { [AUTO]: "true" }, labels: Record<string, string> = {}) => ({ metadata: { name: "system:discovery", annotations, labels }, rules }) as KubeObject;

test("Reconciliation adds the default's missing rules and labels, keeping what was added", () => {
  const expected = role([{ verbs: ["get"], nonResourceURLs: ["/healthz", "/version"] }], { [AUTO]: "true" }, { "kubernetes.io/bootstrapping": "rbac-defaults" });
  const existing = role([{ verbs: ["get"], nonResourceURLs: ["/healthz"] }, { verbs: ["get"], nonResourceURLs: ["/custom"] }], { [AUTO]: "true" });
  const out = reconciled(expected, existing) as KubeObject & { rules: object[] };
  assert.deepEqual(out.rules, [{ verbs: ["get"], nonResourceURLs: ["/healthz"] }, { verbs: ["get"], nonResourceURLs: ["/custom"] }, { verbs: ["get"], nonResourceURLs: ["/version"] }]);
  assert.deepEqual(out.metadata.labels, { "kubernetes.io/bootstrapping": "rbac-defaults" });
});

test("Reconciliation leaves alone a role that has everything, or is marked autoupdate=false", () => {
  const expected = role([{ verbs: ["get"], nonResourceURLs: ["/healthz"] }]);
  assert.equal(reconciled(expected, role([{ verbs: ["*"], nonResourceURLs: ["*"] }])), undefined);
  assert.equal(reconciled(expected, role([], { [AUTO]: "false" })), undefined);
});

test("Reconciliation adds a binding's missing subjects", () => {
  const G = "rbac.authorization.k8s.io";
  const binding = (subjects: object[]) => ({ metadata: { name: "system:basic-user", annotations: { [AUTO]: "true" } }, roleRef: { apiGroup: G, kind: "ClusterRole", name: "system:basic-user" }, subjects }) as KubeObject;
  const out = reconciled(binding([{ apiGroup: G, kind: "Group", name: "system:authenticated" }]), binding([{ apiGroup: G, kind: "User", name: "bob" }])) as KubeObject & { subjects: object[] };
  assert.deepEqual(out.subjects, [{ apiGroup: G, kind: "User", name: "bob" }, { apiGroup: G, kind: "Group", name: "system:authenticated" }]);
});
