import { test } from "node:test";
import assert from "node:assert/strict";
import { bootstrapObjects } from "./bootstrap-objects.js";
import { resources as rbac } from "./rbac/index.js";
import { resources as scheduling } from "./scheduling/index.js";
import { testContext, message } from "./testing/hook-context.js";
import type { KubeObject, ResourceDefinition } from "./types.js";

const byKind = new Map<string, ResourceDefinition<KubeObject>>([...rbac, ...scheduling].map((d) => [d.kind, d]));
const objects = bootstrapObjects();
const named = (kind: string, name: string) => objects.find((o) => o.kind === kind && o.metadata.name === name);

test("Every bootstrap object passes its resource's defaults and validation.", async () => {
  for (const obj of objects) {
    const def = byKind.get(obj.kind ?? "");
    if (!def) continue;
    const copy = structuredClone(obj);
    def.defaults?.(copy);
    assert.deepEqual((await def.validate!(copy, testContext())).map(message), [], `${obj.kind} ${obj.metadata.name}`);
    assert.deepEqual(def.validateName?.(obj.metadata.name ?? "", false) ?? [], []);
  }
});

test("No two bootstrap objects share a kind, namespace and name.", () => {
  const keys = objects.map((o) => `${o.kind}/${o.metadata.namespace ?? ""}/${o.metadata.name}`);
  assert.equal(new Set(keys).size, keys.length);
});

const expected: { name: string; kind: string; objName: string; check: (o: KubeObject) => void }[] = [
  { name: "The four system namespaces exist.", kind: "Namespace", objName: "kube-node-lease", check: () => assert.deepEqual(objects.filter((o) => o.kind === "Namespace").map((o) => o.metadata.name), ["default", "kube-system", "kube-public", "kube-node-lease"]) },
  { name: "system-node-critical has upstream's value.", kind: "PriorityClass", objName: "system-node-critical", check: (o) => assert.equal(o.value, 2000001000) },
  { name: "cluster-admin grants everything.", kind: "ClusterRole", objName: "cluster-admin", check: (o) => assert.deepEqual(o.rules, [{ apiGroups: ["*"], resources: ["*"], verbs: ["*"] }, { nonResourceURLs: ["*"], verbs: ["*"] }]) },
  { name: "admin aggregates the aggregate-to-admin roles.", kind: "ClusterRole", objName: "admin", check: (o) => assert.deepEqual(o.aggregationRule, { clusterRoleSelectors: [{ matchLabels: { "rbac.authorization.k8s.io/aggregate-to-admin": "true" } }] }) },
  { name: "edit is itself aggregated into admin.", kind: "ClusterRole", objName: "edit", check: (o) => assert.equal(o.metadata.labels?.["rbac.authorization.k8s.io/aggregate-to-admin"], "true") },
  { name: "Default roles carry the bootstrapping label and autoupdate annotation.", kind: "ClusterRole", objName: "view", check: (o) => assert.deepEqual([o.metadata.labels?.["kubernetes.io/bootstrapping"], o.metadata.annotations?.["rbac.authorization.kubernetes.io/autoupdate"]], ["rbac-defaults", "true"]) },
  { name: "system:masters is bound to cluster-admin.", kind: "ClusterRoleBinding", objName: "cluster-admin", check: (o) => assert.deepEqual(o.subjects, [{ apiGroup: "rbac.authorization.k8s.io", kind: "Group", name: "system:masters" }]) },
  { name: "Public info is open to unauthenticated users.", kind: "ClusterRoleBinding", objName: "system:public-info-viewer", check: (o) => assert.deepEqual((o.subjects as { name: string }[]).map((s) => s.name), ["system:authenticated", "system:unauthenticated"]) },
  { name: "The scheduler's user is bound to its role.", kind: "ClusterRoleBinding", objName: "system:kube-scheduler", check: (o) => assert.deepEqual(o.subjects, [{ apiGroup: "rbac.authorization.k8s.io", kind: "User", name: "system:kube-scheduler" }]) },
];
for (const e of expected) {
  test(e.name, () => {
    const o = named(e.kind, e.objName);
    assert.ok(o, `${e.kind} ${e.objName} is missing`);
    e.check(o);
  });
}

test("Each call returns fresh objects that callers may mutate.", () => {
  const a = bootstrapObjects();
  a[0].metadata.name = "changed";
  assert.equal(bootstrapObjects()[0].metadata.name, "default");
});
