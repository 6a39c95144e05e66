import { test } from "node:test";
import assert from "node:assert/strict";
import type { AuthorizationAttributes } from "../../api/types.js";
import type { ApiRequest } from "../http/types.js";
import { authorizeRequest } from "./authorize-request.js";

const req = (method: string, path: string): ApiRequest => ({ method, path, query: new URLSearchParams(), headers: {}, user: { username: "bob", groups: ["system:authenticated"] }, signal: new AbortController().signal });
const deny = async () => ({ allowed: false, reason: "" });

test("The request's attributes are what the authorizer is asked about.", async () => {
  const asked: AuthorizationAttributes[] = [];
  await authorizeRequest(req("GET", "/apis/wardle.example.com/v1alpha1/namespaces/wardle/flunders"), async (a) => (asked.push(a), { allowed: true, reason: "" }));
  assert.deepEqual(asked[0].resource, { group: "wardle.example.com", version: "v1alpha1", resource: "flunders", subresource: undefined, namespace: "wardle", name: undefined });
  assert.equal(asked[0].verb, "list");
});

const denied: { path: string; method?: string; message: string }[] = [
  { path: "/apis/wardle.example.com/v1alpha1/namespaces/wardle/flunders", message: 'flunders.wardle.example.com is forbidden: User "bob" cannot list resource "flunders" in API group "wardle.example.com" in the namespace "wardle"' },
  { path: "/apis/metrics.k8s.io/v1beta1/nodes/node-1", message: 'nodes.metrics.k8s.io "node-1" is forbidden: User "bob" cannot get resource "nodes" in API group "metrics.k8s.io" at the cluster scope' },
  { path: "/apis/metrics.k8s.io/v1beta1", message: 'forbidden: User "bob" cannot get path "/apis/metrics.k8s.io/v1beta1"' },
];
for (const d of denied) {
  test(`A denied request is 403 as upstream words it: ${d.message}`, async () => {
    await assert.rejects(authorizeRequest(req(d.method ?? "GET", d.path), deny), (err: { code: number; reason: string; message: string }) => {
      assert.equal(err.code, 403);
      assert.equal(err.reason, "Forbidden");
      assert.equal(err.message, d.message);
      return true;
    });
  });
}
