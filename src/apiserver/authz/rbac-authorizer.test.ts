import assert from "node:assert/strict";
import { test } from "node:test";
import type { AuthorizationAttributes, UserInfo } from "../../api/types.js";
import { RbacIndex } from "./rbac-index.js";
import { createRbacAuthorizer } from "./rbac-authorizer.js";
import { buildAuthorizerChain } from "./modes.js";
import { forbiddenError } from "./forbidden.js";
import { NO_OPINION, type Authorizer } from "./authorizer.js";

const G = "rbac.authorization.k8s.io";
const alice: UserInfo = { username: "alice", groups: ["devs", "system:authenticated"] };
const sa: UserInfo = { username: "system:serviceaccount:team:builder", groups: ["system:serviceaccounts", "system:serviceaccounts:team", "system:authenticated"] };

function index(): RbacIndex {
  const ix = new RbacIndex();
  ix.apply("ClusterRole", { metadata: { name: "node-reader" }, rules: [{ verbs: ["get", "list"], apiGroups: [""], resources: ["nodes"] }] }, false);
  ix.apply("ClusterRole", { metadata: { name: "healthz" }, rules: [{ verbs: ["get"], nonResourceURLs: ["/healthz", "/apis/*"] }] }, false);
  ix.apply("Role", { metadata: { name: "pod-reader", namespace: "team" }, rules: [{ verbs: ["get", "list", "watch"], apiGroups: [""], resources: ["pods", "pods/log"] }] }, false);
  ix.apply("ClusterRoleBinding", { metadata: { name: "devs-read-nodes" }, roleRef: { apiGroup: G, kind: "ClusterRole", name: "node-reader" }, subjects: [{ kind: "Group", apiGroup: G, name: "devs" }] }, false);
  ix.apply("ClusterRoleBinding", { metadata: { name: "all-healthz" }, roleRef: { apiGroup: G, kind: "ClusterRole", name: "healthz" }, subjects: [{ kind: "Group", apiGroup: G, name: "system:authenticated" }] }, false);
  // A service account subject without a namespace is the binding's namespace's.
  ix.apply("RoleBinding", { metadata: { name: "builders-read-pods", namespace: "team" }, roleRef: { apiGroup: G, kind: "Role", name: "pod-reader" }, subjects: [{ kind: "ServiceAccount", name: "builder" }] }, false);
  ix.apply("RoleBinding", { metadata: { name: "alice-dangling", namespace: "other" }, roleRef: { apiGroup: G, kind: "Role", name: "gone" }, subjects: [{ kind: "User", apiGroup: G, name: "alice" }] }, false);
  return ix;
}

const rbac = () => createRbacAuthorizer(index(), Promise.resolve());
const pods = (user: UserInfo, verb: string, namespace?: string, name?: string, subresource?: string): AuthorizationAttributes => ({ user, verb, resource: { group: "", resource: "pods", namespace, name, subresource } });

const decisions: { name: string; attrs: AuthorizationAttributes; allowed: boolean; reason: string }[] = [
  { name: "a service account lists pods through its namespace's RoleBinding", attrs: pods(sa, "list", "team"), allowed: true, reason: 'RBAC: allowed by RoleBinding "builders-read-pods/team" of Role "pod-reader" to ServiceAccount "builder/team"' },
  { name: "the same service account may read pod logs", attrs: pods(sa, "get", "team", "p", "log"), allowed: true, reason: 'RBAC: allowed by RoleBinding "builders-read-pods/team" of Role "pod-reader" to ServiceAccount "builder/team"' },
  { name: "but not delete pods", attrs: pods(sa, "delete", "team", "p"), allowed: false, reason: "" },
  { name: "nor list pods in another namespace", attrs: pods(sa, "list", "default"), allowed: false, reason: "" },
  { name: "a group member lists nodes through a ClusterRoleBinding", attrs: { user: alice, verb: "list", resource: { group: "", resource: "nodes" } }, allowed: true, reason: 'RBAC: allowed by ClusterRoleBinding "devs-read-nodes" of ClusterRole "node-reader" to Group "devs"' },
  { name: "a non-resource path under a prefix rule", attrs: { user: alice, verb: "get", path: "/apis/apps" }, allowed: true, reason: 'RBAC: allowed by ClusterRoleBinding "all-healthz" of ClusterRole "healthz" to Group "system:authenticated"' },
  { name: "a binding to a missing role is a resolution error in the reason", attrs: pods(alice, "get", "other", "p"), allowed: false, reason: 'RBAC: role.rbac.authorization.k8s.io "gone" not found' },
];
for (const c of decisions) {
  test(`RBAC authorizer: ${c.name}`, async () => {
    const d = await rbac().authorize(c.attrs);
    assert.deepEqual({ allowed: d.allowed, reason: d.reason }, { allowed: c.allowed, reason: c.reason });
  });
}

test("RBAC authorizer: a binding change is seen by the next decision", async () => {
  const ix = index();
  const authz = createRbacAuthorizer(ix, Promise.resolve());
  assert.equal((await authz.authorize(pods(sa, "list", "team"))).allowed, true);
  ix.apply("RoleBinding", { metadata: { name: "builders-read-pods", namespace: "team" }, roleRef: { apiGroup: G, kind: "Role", name: "pod-reader" } }, true);
  assert.equal((await authz.authorize(pods(sa, "list", "team"))).allowed, false);
});

test("RBAC authorizer: the rules a user holds in a namespace, as SelfSubjectRulesReview lists them", async () => {
  const rules = await rbac().rulesFor(sa, "team");
  assert.deepEqual(rules, {
    resourceRules: [{ verbs: ["get", "list", "watch"], apiGroups: [""], resources: ["pods", "pods/log"] }],
    nonResourceRules: [{ verbs: ["get"], nonResourceURLs: ["/healthz", "/apis/*"] }],
    incomplete: false,
  });
  assert.equal((await rbac().rulesFor(alice, "other")).evaluationError, 'role.rbac.authorization.k8s.io "gone" not found');
});

const deny: Authorizer = { authorize: async () => ({ allowed: false, denied: true, reason: "denied by policy" }), rulesFor: async () => ({ resourceRules: [], nonResourceRules: [], incomplete: true }) };
const silent: Authorizer = { authorize: async () => ({ ...NO_OPINION, reason: "no idea" }), rulesFor: async () => ({ resourceRules: [], nonResourceRules: [], incomplete: true }) };

test("The chain: system:masters may do anything, whatever the modes", async () => {
  const chain = buildAuthorizerChain(["RBAC"], { rbac });
  assert.equal((await chain.authorize(pods({ username: "root", groups: ["system:masters"] }, "delete", "x", "p"))).allowed, true);
});

test("The chain: an explicit deny wins over what follows; no opinion falls through with its reason", async () => {
  assert.deepEqual(await buildAuthorizerChain(["Node", "RBAC"], { rbac, node: deny }).authorize(pods(sa, "list", "team")), { allowed: false, denied: true, reason: "denied by policy" });
  assert.equal((await buildAuthorizerChain(["Node", "RBAC"], { rbac, node: silent }).authorize(pods(sa, "list", "team"))).allowed, true);
  assert.deepEqual(await buildAuthorizerChain(["Node", "RBAC"], { rbac, node: silent }).authorize(pods(sa, "delete", "team", "p")), { allowed: false, reason: "no idea" });
  assert.equal((await buildAuthorizerChain(["Node", "RBAC"], { rbac, node: silent }).rulesFor(sa, "team")).incomplete, true);
});

test("The chain: Node without a Node authorizer has no opinion, and AlwaysAllow allows anonymous users", async () => {
  const anonymous = { username: "system:anonymous", groups: ["system:unauthenticated"] };
  assert.equal((await buildAuthorizerChain(["Node"], { rbac }).authorize(pods(anonymous, "list", "x"))).allowed, false);
  assert.equal((await buildAuthorizerChain(["AlwaysAllow"], { rbac }).authorize(pods(anonymous, "list", "x"))).allowed, true);
});

const messages: { attrs: AuthorizationAttributes; reason?: string; want: string; details?: object }[] = [
  { attrs: pods({ username: "x", groups: [] }, "list", "y"), want: 'pods is forbidden: User "x" cannot list resource "pods" in API group "" in the namespace "y"', details: { kind: "pods" } },
  { attrs: pods({ username: "x", groups: [] }, "delete", "y", "p"), want: 'pods "p" is forbidden: User "x" cannot delete resource "pods" in API group "" in the namespace "y"', details: { name: "p", kind: "pods" } },
  { attrs: { user: { username: "x", groups: [] }, verb: "list", resource: { group: "", resource: "nodes" } }, want: 'nodes is forbidden: User "x" cannot list resource "nodes" in API group "" at the cluster scope', details: { kind: "nodes" } },
  { attrs: { user: { username: "x", groups: [] }, verb: "update", resource: { group: "apps", resource: "deployments", subresource: "scale", namespace: "y", name: "d" } }, want: 'deployments.apps "d" is forbidden: User "x" cannot update resource "deployments/scale" in API group "apps" in the namespace "y"', details: { name: "d", group: "apps", kind: "deployments" } },
  { attrs: { user: { username: "system:anonymous", groups: [] }, verb: "get", path: "/apis" }, want: 'forbidden: User "system:anonymous" cannot get path "/apis"', details: {} },
  { attrs: pods({ username: "x", groups: [] }, "get", "y", "p"), reason: 'RBAC: role.rbac.authorization.k8s.io "gone" not found', want: 'pods "p" is forbidden: User "x" cannot get resource "pods" in API group "" in the namespace "y": RBAC: role.rbac.authorization.k8s.io "gone" not found' },
];
for (const m of messages) {
  test(`The 403: ${m.want}`, () => {
    const status = forbiddenError(m.attrs, m.reason ?? "").toStatus();
    assert.equal(status.message, m.want);
    assert.equal(status.code, 403);
    assert.equal(status.reason, "Forbidden");
    if (m.details) assert.deepEqual(JSON.parse(JSON.stringify(status.details)), m.details);
  });
}
