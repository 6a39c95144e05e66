import { test } from "node:test";
import assert from "node:assert/strict";
import type { AuthorizationAttributes, UserInfo } from "../../api/types.js";
import type { ApiRequest, ApiResponse } from "../http/types.js";
import { withImpersonation } from "./impersonation.js";

const alice: UserInfo = { username: "alice", groups: ["dev", "system:authenticated"] };

/** Allows exactly the "verb resource/name" strings given; records what was asked. */
function authorizer(allowed: string[]) {
  const asked: string[] = [];
  return {
    asked,
    async authorize(a: AuthorizationAttributes) {
      const r = a.resource!;
      const what = `${a.verb} ${r.group ? `${r.group}/` : ""}${r.resource}${r.subresource ? `/${r.subresource}` : ""}${r.namespace ? `@${r.namespace}` : ""}/${r.name}`;
      asked.push(what);
      return { allowed: allowed.includes(what), reason: "" };
    },
  };
}

function request(headers: Record<string, string>, headerValues?: Record<string, string[]>): ApiRequest {
  return { method: "GET", path: "/api/v1/pods", query: new URLSearchParams(), headers, headerValues, user: alice, signal: new AbortController().signal };
}

async function run(allowed: string[], req: ApiRequest) {
  let seen: ApiRequest | undefined;
  const authz = authorizer(allowed);
  const handle = withImpersonation(async (r): Promise<ApiResponse> => ((seen = r), { status: 200, headers: {} }), authz);
  const res = await handle(req);
  const body = res.body === undefined ? undefined : String(res.body);
  return { res, seen, asked: authz.asked, status: body && res.headers["content-type"] === "application/json" ? JSON.parse(body) : body };
}

test("Without impersonation headers the request passes untouched and nothing is authorized.", async () => {
  const req = request({ accept: "application/json" });
  const { seen, asked } = await run([], req);
  assert.equal(seen, req);
  assert.deepEqual(asked, []);
});

test("Impersonating a user, groups, a uid and extras, each authorized, as upstream builds the user.", async () => {
  const req = request(
    { "impersonate-user": "bob", "impersonate-group": "a, b", "impersonate-uid": "1234", "impersonate-extra-scopes": "view", "impersonate-extra-acme.com%2fproject": "p1", accept: "*/*" },
    { "impersonate-user": ["bob"], "impersonate-group": ["a, b", "ops"], "impersonate-uid": ["1234"], "impersonate-extra-scopes": ["view", "edit"], "impersonate-extra-acme.com%2fproject": ["p1"] },
  );
  const allowed = ["impersonate users/bob", "impersonate groups/a, b", "impersonate groups/ops", "impersonate authentication.k8s.io/userextras/scopes/view", "impersonate authentication.k8s.io/userextras/scopes/edit", "impersonate authentication.k8s.io/userextras/acme.com/project/p1", "impersonate authentication.k8s.io/uids/1234"];
  const { seen, asked } = await run(allowed, req);
  assert.deepEqual(asked, allowed);
  assert.deepEqual(seen?.user, { username: "bob", uid: "1234", groups: ["a, b", "ops", "system:authenticated"], extra: { scopes: ["view", "edit"], "acme.com/project": ["p1"] } });
  assert.deepEqual(seen?.headers, { accept: "*/*" }, "the impersonation headers are gone");
});

test("The implicit groups of impersonated users are upstream's.", async () => {
  const cases: { name: string; headers: Record<string, string>; values?: Record<string, string[]>; allowed: string[]; groups: string[] }[] = [
    { name: "a service account", headers: { "impersonate-user": "system:serviceaccount:team:robot" }, allowed: ["impersonate serviceaccounts@team/robot"], groups: ["system:serviceaccounts", "system:serviceaccounts:team", "system:authenticated"] },
    { name: "a service account with groups given", headers: { "impersonate-user": "system:serviceaccount:team:robot", "impersonate-group": "x" }, allowed: ["impersonate serviceaccounts@team/robot", "impersonate groups/x"], groups: ["x", "system:authenticated"] },
    { name: "a user in system:unauthenticated", headers: { "impersonate-user": "bob", "impersonate-group": "system:unauthenticated" }, allowed: ["impersonate users/bob", "impersonate groups/system:unauthenticated"], groups: ["system:unauthenticated"] },
    { name: "the anonymous user", headers: { "impersonate-user": "system:anonymous" }, allowed: ["impersonate users/system:anonymous"], groups: ["system:unauthenticated"] },
    { name: "a malformed service account name is a user", headers: { "impersonate-user": "system:serviceaccount:team" }, allowed: ["impersonate users/system:serviceaccount:team"], groups: ["system:authenticated"] },
  ];
  for (const c of cases) assert.deepEqual((await run(c.allowed, request(c.headers, c.values))).seen?.user?.groups, c.groups, c.name);
});

test("Impersonation without the right is a 403 in upstream's words, and nothing runs.", async () => {
  const cases: { name: string; headers: Record<string, string>; allowed: string[]; message: string; details: Record<string, string> }[] = [
    { name: "a user", headers: { "impersonate-user": "bob" }, allowed: [], message: 'users "bob" is forbidden: User "alice" cannot impersonate resource "users" in API group "" at the cluster scope', details: { name: "bob", kind: "users" } },
    { name: "a group", headers: { "impersonate-user": "bob", "impersonate-group": "system:masters" }, allowed: ["impersonate users/bob"], message: 'groups "system:masters" is forbidden: User "alice" cannot impersonate resource "groups" in API group "" at the cluster scope', details: { name: "system:masters", kind: "groups" } },
    { name: "a service account", headers: { "impersonate-user": "system:serviceaccount:kube-system:admin" }, allowed: [], message: 'serviceaccounts "admin" is forbidden: User "alice" cannot impersonate resource "serviceaccounts" in API group "" in the namespace "kube-system"', details: { name: "admin", kind: "serviceaccounts" } },
    { name: "an extra", headers: { "impersonate-user": "bob", "impersonate-extra-scopes": "admin" }, allowed: ["impersonate users/bob"], message: 'userextras.authentication.k8s.io "admin" is forbidden: User "alice" cannot impersonate resource "userextras/scopes" in API group "authentication.k8s.io" at the cluster scope', details: { name: "admin", group: "authentication.k8s.io", kind: "userextras" } },
  ];
  for (const c of cases) {
    const { res, seen, status } = await run(c.allowed, request(c.headers));
    assert.equal(res.status, 403, c.name);
    assert.equal(seen, undefined, c.name);
    assert.deepEqual(status, { kind: "Status", apiVersion: "v1", metadata: {}, status: "Failure", message: c.message, reason: "Forbidden", details: c.details, code: 403 }, c.name);
  }
});

test("Groups, extras or a uid without a user are refused as upstream refuses them.", async () => {
  const { res, seen, status } = await run(["impersonate groups/system:masters"], request({ "impersonate-group": "system:masters" }));
  assert.equal(res.status, 500);
  assert.equal(seen, undefined);
  assert.equal(status, 'Internal Server Error: "/api/v1/pods": requested [{Group  system:masters    }] without impersonating a user\n');
  const uid = await run([], request({ "impersonate-uid": "1" }));
  assert.equal(uid.status, 'Internal Server Error: "/api/v1/pods": requested [{UID  1  authentication.k8s.io/v1  }] without impersonating a user\n');
});
