import { test } from "node:test";
import assert from "node:assert/strict";
import { clusterroles, roles } from "./roles.js";
import { clusterrolebindings, rolebindings } from "./rolebindings.js";
import { message, testContext } from "../testing/hook-context.js";

const ctx = testContext();
const role = (rules: unknown[], extra: Record<string, unknown> = {}) => ({ metadata: { name: "r", namespace: "default" }, rules, ...extra }) as never;

const ruleCases: { name: string; def: typeof roles | typeof clusterroles; rules: unknown[]; extra?: Record<string, unknown>; want: string[] }[] = [
  { name: "A rule without verbs is refused.", def: roles, rules: [{ apiGroups: [""], resources: ["pods"] }], want: ["rules[0].verbs: Required value: verbs must contain at least one value"] },
  { name: "A resource rule without api groups is refused.", def: roles, rules: [{ resources: ["pods"], verbs: ["get"] }], want: ["rules[0].apiGroups: Required value: resource rules must supply at least one api group"] },
  { name: "A namespaced role cannot grant non-resource URLs.", def: roles, rules: [{ nonResourceURLs: ["/healthz"], verbs: ["get"] }], want: ['rules[0].nonResourceURLs: Invalid value: []string{"/healthz"}: namespaced rules cannot apply to non-resource URLs'] },
  { name: "A cluster role may grant non-resource URLs.", def: clusterroles, rules: [{ nonResourceURLs: ["/healthz"], verbs: ["get"] }], want: [] },
  { name: "An aggregation rule needs a selector.", def: clusterroles, rules: [], extra: { aggregationRule: { clusterRoleSelectors: [] } }, want: ["aggregationRule.clusterRoleSelectors: Required value: at least one clusterRoleSelector required if aggregationRule is non-nil"] },
];
for (const c of ruleCases) {
  test(c.name, async () => assert.deepEqual((await c.def.validate!(role(c.rules, c.extra), ctx)).map(message), c.want));
}

const binding = (roleRef: Record<string, unknown>, subjects: unknown[]) => ({ metadata: { name: "b", namespace: "default", creationTimestamp: "2024-05-01T11:00:00Z" }, roleRef, subjects }) as never;

test("Bindings default the RBAC api group on roleRef and on users and groups.", () => {
  const b = binding({ kind: "ClusterRole", name: "view" }, [{ kind: "User", name: "alice" }, { kind: "ServiceAccount", name: "default", namespace: "default" }]);
  rolebindings.defaults!(b);
  const { roleRef, subjects } = b as { roleRef: { apiGroup: string }; subjects: { apiGroup: string }[] };
  assert.equal(roleRef.apiGroup, "rbac.authorization.k8s.io");
  assert.deepEqual(subjects.map((s) => s.apiGroup), ["rbac.authorization.k8s.io", ""]);
});

test("Changing a binding's roleRef is refused.", async () => {
  const old = binding({ apiGroup: "rbac.authorization.k8s.io", kind: "ClusterRole", name: "view" }, []);
  const next = binding({ apiGroup: "rbac.authorization.k8s.io", kind: "ClusterRole", name: "admin" }, []);
  const msgs = (await rolebindings.validateUpdate!(next, old, ctx)).map(message);
  assert.deepEqual(msgs, ['roleRef: Invalid value: {"apiGroup":"rbac.authorization.k8s.io","kind":"ClusterRole","name":"admin"}: cannot change roleRef']);
});

const bindingCases: { name: string; def: typeof rolebindings | typeof clusterrolebindings; roleRef: Record<string, unknown>; subjects: unknown[]; want: string[] }[] = [
  { name: "A ClusterRoleBinding cannot reference a Role.", def: clusterrolebindings, roleRef: { apiGroup: "rbac.authorization.k8s.io", kind: "Role", name: "r" }, subjects: [], want: ['roleRef.kind: Unsupported value: "Role": supported values: "ClusterRole"'] },
  { name: "A ClusterRoleBinding service account needs a namespace.", def: clusterrolebindings, roleRef: { apiGroup: "rbac.authorization.k8s.io", kind: "ClusterRole", name: "view" }, subjects: [{ kind: "ServiceAccount", name: "sa" }], want: ["subjects[0].namespace: Required value"] },
  { name: "A RoleBinding service account may omit its namespace.", def: rolebindings, roleRef: { apiGroup: "rbac.authorization.k8s.io", kind: "Role", name: "r" }, subjects: [{ kind: "ServiceAccount", name: "sa" }], want: [] },
  { name: "An unknown subject kind is refused.", def: rolebindings, roleRef: { apiGroup: "rbac.authorization.k8s.io", kind: "Role", name: "r" }, subjects: [{ kind: "Robot", name: "r2" }], want: ['subjects[0].kind: Unsupported value: "Robot": supported values: "ServiceAccount", "User", "Group"'] },
];
for (const c of bindingCases) {
  test(c.name, async () => assert.deepEqual((await c.def.validate!(binding(c.roleRef, c.subjects), ctx)).map(message), c.want));
}

test("RBAC names are path segments, so colons are fine and slashes are not.", () => {
  assert.deepEqual(clusterroles.validateName!("system:node", false), []);
  assert.deepEqual(clusterroles.validateName!("a/b", false), ["may not contain '/'"]);
});

test("The binding table shows Kind/name and the wide subject lists.", () => {
  const b = binding({ kind: "ClusterRole", name: "edit" }, [
    { kind: "User", name: "alice" },
    { kind: "User", name: "bob" },
    { kind: "Group", name: "devs" },
    { kind: "ServiceAccount", name: "ci", namespace: "tools" },
  ]);
  const cells = Object.fromEntries(rolebindings.columns!.map((c) => [c.name, c.cell(b, { now: Date.parse("2024-05-01T12:00:00Z") })]));
  assert.deepEqual(cells, { Role: "ClusterRole/edit", Age: "60m", Users: "alice, bob", Groups: "devs", ServiceAccounts: "tools/ci" });
});

test("Roles print their creation time as the only column.", () => {
  const cols = roles.columns!;
  assert.deepEqual(cols.map((c) => [c.name, c.type]), [["Created At", "date"]]);
  assert.equal(cols[0].cell({ metadata: { creationTimestamp: "2024-05-01T11:00:00Z" } } as never, { now: 0 }), "2024-05-01T11:00:00Z");
});
