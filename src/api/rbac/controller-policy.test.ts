import assert from "node:assert/strict";
import { test } from "node:test";
import { bootstrapObjects } from "../bootstrap-objects.js";
import { CONTROLLER_SERVICE_ACCOUNTS } from "./controller-policy.js";
import type { KubeObject } from "../types.js";

const objects = bootstrapObjects();
type Rbac = KubeObject & { rules: unknown[]; roleRef: { name: string }; subjects: unknown[] };
const find = (kind: string, name: string, namespace?: string) => objects.find((o) => o.kind === kind && o.metadata.name === name && o.metadata.namespace === namespace) as Rbac | undefined;

test("Every controller role is bound to its ServiceAccount in kube-system.", () => {
  assert.ok(CONTROLLER_SERVICE_ACCOUNTS.length >= 25);
  for (const sa of CONTROLLER_SERVICE_ACCOUNTS) {
    assert.ok(find("ClusterRole", `system:controller:${sa}`), sa);
    const binding = find("ClusterRoleBinding", `system:controller:${sa}`)!;
    assert.deepEqual(binding.subjects, [{ kind: "ServiceAccount", name: sa, namespace: "kube-system" }]);
    assert.deepEqual(binding.roleRef, { apiGroup: "rbac.authorization.k8s.io", kind: "ClusterRole", name: `system:controller:${sa}` });
  }
});

test("The controllers Skiff runs have upstream's roles.", () => {
  for (const sa of ["deployment-controller", "replicaset-controller", "generic-garbage-collector", "namespace-controller", "node-controller", "endpointslice-controller", "root-ca-cert-publisher", "service-account-controller", "ttl-after-finished-controller"]) {
    assert.ok(CONTROLLER_SERVICE_ACCOUNTS.includes(sa), sa);
  }
  const deployment = find("ClusterRole", "system:controller:deployment-controller")!;
  assert.deepEqual(deployment.rules[0], { apiGroups: ["apps", "extensions"], resources: ["deployments"], verbs: ["get", "list", "update", "watch"] });
  const gc = find("ClusterRole", "system:controller:generic-garbage-collector")!;
  assert.deepEqual(gc.rules[0], { apiGroups: ["*"], resources: ["*"], verbs: ["delete", "get", "list", "patch", "update", "watch"] });
});

test("The bootstrap signer's Role exists in kube-system and kube-public, each bound to its account.", () => {
  for (const ns of ["kube-system", "kube-public"]) {
    assert.ok(find("Role", "system:controller:bootstrap-signer", ns), ns);
    assert.deepEqual(find("RoleBinding", "system:controller:bootstrap-signer", ns)!.subjects, [{ kind: "ServiceAccount", name: "bootstrap-signer", namespace: "kube-system" }]);
  }
  assert.deepEqual(find("Role", "extension-apiserver-authentication-reader", "kube-system")!.rules, [
    { apiGroups: [""], resourceNames: ["extension-apiserver-authentication"], resources: ["configmaps"], verbs: ["get", "list", "watch"] },
  ]);
  assert.equal(find("RoleBinding", "system::extension-apiserver-authentication-reader", "kube-system")!.roleRef.name, "extension-apiserver-authentication-reader");
});
