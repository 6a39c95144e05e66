import assert from "node:assert/strict";
import { test } from "node:test";
import { parseRequestInfo } from "./request-info.js";

const q = (s = "") => new URLSearchParams(s);

test("resource paths give group, version, namespace, resource, name, subresource and verb", () => {
  assert.deepEqual(parseRequestInfo("POST", "/api/v1/namespaces/ns/pods/p/binding", q()), {
    isResourceRequest: true, verb: "create", apiPrefix: "api", group: "", version: "v1", namespace: "ns", resource: "pods", name: "p", subresource: "binding", path: "/api/v1/namespaces/ns/pods/p/binding",
  });
  const watch = parseRequestInfo("GET", "/apis/apps/v1/watch/namespaces/ns/deployments", q());
  assert.equal(watch.verb, "watch");
  assert.equal(parseRequestInfo("GET", "/api/v1/namespaces/ns", q()).verb, "get");
  assert.equal(parseRequestInfo("GET", "/api/v1/pods", q("watch=true")).verb, "watch");
  assert.equal(parseRequestInfo("DELETE", "/api/v1/namespaces/ns/configmaps", q()).verb, "deletecollection");
  assert.equal(parseRequestInfo("GET", "/apis/apps", q()).isResourceRequest, false);
});

test("escaped segments are decoded, a malformed escape throws as decodeURIComponent does", () => {
  const info = parseRequestInfo("GET", "/api/v1/namespaces/ns/configmaps/a%3Ab", q());
  assert.ok(info.isResourceRequest && info.name === "a:b");
  assert.throws(() => parseRequestInfo("GET", "/api/v1/namespaces/ns/configmaps/a%zz", q()), URIError);
});
