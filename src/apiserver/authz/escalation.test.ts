import assert from "node:assert/strict";
import { after, before, describe, it } from "node:test";
import { isApiError, type ApiError } from "../../api/errors.js";
import type { UserInfo } from "../../api/types.js";
import { createClient, createLoopbackTransport } from "../../client/index.js";
import { CLUSTERROLEBINDINGS, CLUSTERROLES, PODS, ROLEBINDINGS, ROLES } from "../../client/resources.js";
import type { Client } from "../../client/types.js";
import { startTestCluster, type TestCluster } from "../../client/test-fixtures.js";

const G = "rbac.authorization.k8s.io";
const alice: UserInfo = { username: "alice", groups: ["devs", "system:authenticated"] };
const role = (name: string, rules: object[]) => ({ apiVersion: `${G}/v1`, kind: "Role", metadata: { name, namespace: "default" }, rules });
const roleBinding = (name: string, kind: string, roleName: string) => ({
  apiVersion: `${G}/v1`,
  kind: "RoleBinding",
  metadata: { name, namespace: "default" },
  roleRef: { apiGroup: G, kind, name: roleName },
  subjects: [{ apiGroup: G, kind: "User", name: "alice" }],
});

/** Retries fn while RBAC has not seen the last write yet (the index follows the watch cache). */
async function settled<T>(fn: () => Promise<T>): Promise<T> {
  for (let i = 0; ; i++) {
    try {
      return await fn();
    } catch (err) {
      if (i >= 200 || !isApiError(err, "Forbidden")) throw err;
      await new Promise((r) => setImmediate(r));
    }
  }
}

async function refusal(p: Promise<unknown>): Promise<ApiError> {
  try {
    await p;
  } catch (err) {
    if (isApiError(err)) return err;
    throw err;
  }
  assert.fail("the write was allowed");
}

describe("RBAC escalation prevention", () => {
  let cluster: TestCluster;
  let asAlice: Client;

  before(async () => {
    cluster = await startTestCluster();
    asAlice = createClient({ transport: createLoopbackTransport(cluster.server, alice), identity: "alice" });
    // alice may manage roles and bindings in default, and read pods there.
    await cluster.client.create(ROLES, "default", role("rbac-manager", [
      { apiGroups: [G], resources: ["roles", "rolebindings"], verbs: ["create", "update", "get"] },
      { apiGroups: [""], resources: ["pods"], verbs: ["get", "list"] },
    ]));
    await cluster.client.create(ROLEBINDINGS, "default", roleBinding("alice-rbac-manager", "Role", "rbac-manager"));
    await settled(() => asAlice.list(PODS, { namespace: "default" }));
  });
  after(() => cluster.close());

  it("lets a user grant what it holds", async () => {
    await asAlice.create(ROLES, "default", role("readers", [{ apiGroups: [""], resources: ["pods"], verbs: ["get"] }]));
    await asAlice.create(ROLEBINDINGS, "default", roleBinding("alice-readers", "Role", "readers"));
  });

  it("refuses a Role granting more, in upstream's words", async () => {
    const err = await refusal(asAlice.create(ROLES, "default", role("deleters", [{ apiGroups: [""], resources: ["pods"], verbs: ["get", "delete"] }])));
    assert.equal(err.code, 403);
    assert.equal(
      err.message,
      'roles.rbac.authorization.k8s.io "deleters" is forbidden: user "alice" (groups=["devs" "system:authenticated"]) is attempting to grant RBAC permissions not currently held:\n{APIGroups:[""], Resources:["pods"], Verbs:["delete"]}',
    );
  });

  it("refuses a binding to a role with more, and names a missing role", async () => {
    const err = await refusal(asAlice.create(ROLEBINDINGS, "default", roleBinding("alice-admin", "ClusterRole", "cluster-admin")));
    assert.equal(err.code, 403);
    assert.match(err.message, /^rolebindings\.rbac\.authorization\.k8s\.io "alice-admin" is forbidden: user "alice" \(groups=\["devs" "system:authenticated"\]\) is attempting to grant RBAC permissions not currently held:\n/);
    const missing = await refusal(asAlice.create(ROLEBINDINGS, "default", roleBinding("alice-ghost", "Role", "ghost")));
    assert.deepEqual([missing.code, missing.message], [404, 'role.rbac.authorization.k8s.io "ghost" not found']);
  });

  it("allows what escalate and bind allow", async () => {
    await cluster.client.create(CLUSTERROLES, undefined, { apiVersion: `${G}/v1`, kind: "ClusterRole", metadata: { name: "alice-delegate" }, rules: [
      { apiGroups: [G], resources: ["roles"], verbs: ["escalate"] },
      { apiGroups: [G], resources: ["clusterroles"], verbs: ["bind"], resourceNames: ["view"] },
    ] });
    await cluster.client.create(CLUSTERROLEBINDINGS, undefined, { apiVersion: `${G}/v1`, kind: "ClusterRoleBinding", metadata: { name: "alice-delegate" }, roleRef: { apiGroup: G, kind: "ClusterRole", name: "alice-delegate" }, subjects: [{ apiGroup: G, kind: "User", name: "alice" }] });
    await settled(() => asAlice.create(ROLES, "default", role("deleters", [{ apiGroups: [""], resources: ["pods"], verbs: ["delete"] }])));
    await asAlice.create(ROLEBINDINGS, "default", roleBinding("alice-view", "ClusterRole", "view"));
    assert.equal((await refusal(asAlice.create(ROLEBINDINGS, "default", roleBinding("alice-admin", "ClusterRole", "cluster-admin")))).code, 403);
  });

  it("never holds back system:masters", async () => {
    await cluster.client.create(CLUSTERROLES, undefined, { apiVersion: `${G}/v1`, kind: "ClusterRole", metadata: { name: "everything" }, rules: [{ apiGroups: ["*"], resources: ["*"], verbs: ["*"] }] });
  });
});
