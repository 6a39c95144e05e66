import assert from "node:assert/strict";
import { test } from "node:test";
import { parseRequestInfo, type ResourceRequestInfo } from "../apiserver/request-info.js";
import { requestLabels } from "./request-labels.js";

function labels(method: string, url: string, contentType?: string) {
  const u = new URL(url, "https://x.invalid");
  const info = parseRequestInfo(method, u.pathname, u.searchParams) as ResourceRequestInfo;
  assert.equal(info.isResourceRequest, true);
  return requestLabels(method, info, u.searchParams, contentType);
}

test("GET of one object is GET with scope resource; of a collection LIST with its scope", () => {
  assert.deepEqual(labels("GET", "/api/v1/namespaces/default/pods/p"), { verb: "GET", dry_run: "", group: "", version: "v1", resource: "pods", subresource: "", scope: "resource" });
  assert.equal(labels("GET", "/api/v1/namespaces/default/pods").verb, "LIST");
  assert.equal(labels("GET", "/api/v1/namespaces/default/pods").scope, "namespace");
  assert.equal(labels("GET", "/api/v1/pods").scope, "cluster");
  assert.equal(labels("GET", "/apis/apps/v1/namespaces/ns/deployments/d/status").subresource, "status");
  assert.equal(labels("GET", "/api/v1/namespaces/ns").scope, "resource");
});

test("watches are WATCH, by query or by path", () => {
  assert.equal(labels("GET", "/api/v1/namespaces/default/configmaps?watch=true").verb, "WATCH");
  assert.equal(labels("GET", "/api/v1/watch/namespaces/default/configmaps").verb, "WATCH");
});

test("writes: POST is scoped to the resource, apply patches are APPLY, collection deletes are DELETE", () => {
  const create = labels("POST", "/apis/apps/v1/namespaces/ns/deployments");
  assert.deepEqual([create.verb, create.scope, create.group], ["POST", "resource", "apps"]);
  assert.equal(labels("PATCH", "/api/v1/namespaces/ns/configmaps/c", "application/apply-patch+yaml").verb, "APPLY");
  assert.equal(labels("PATCH", "/api/v1/namespaces/ns/configmaps/c", "application/merge-patch+json").verb, "PATCH");
  assert.deepEqual([labels("DELETE", "/api/v1/namespaces/ns/configmaps").verb, labels("DELETE", "/api/v1/namespaces/ns/configmaps").scope], ["DELETE", "namespace"]);
  assert.equal(labels("PUT", "/api/v1/namespaces/ns/configmaps/c").verb, "PUT");
});

test("log, exec and proxy subresources are CONNECT, the proxy path cut to its subresource", () => {
  assert.equal(labels("GET", "/api/v1/namespaces/ns/pods/p/log").verb, "CONNECT");
  assert.equal(labels("POST", "/api/v1/namespaces/ns/pods/p/exec").verb, "CONNECT");
  const proxy = labels("GET", "/api/v1/nodes/node-1/proxy/metrics/cadvisor");
  assert.deepEqual([proxy.verb, proxy.subresource, proxy.scope], ["CONNECT", "proxy", "resource"]);
});

test("dry_run lists the sorted distinct values, or invalid", () => {
  assert.equal(labels("POST", "/api/v1/namespaces/ns/configmaps?dryRun=All&dryRun=All").dry_run, "All");
  assert.equal(labels("POST", "/api/v1/namespaces/ns/configmaps?dryRun=Some").dry_run, "invalid");
  assert.equal(labels("POST", "/api/v1/namespaces/ns/configmaps").dry_run, "");
});

test("methods upstream does not report are other", () => {
  assert.equal(labels("OPTIONS", "/api/v1/namespaces/ns/configmaps").verb, "other");
});
