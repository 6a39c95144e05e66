import { test } from "node:test";
import assert from "node:assert/strict";
import { mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { pathToFileURL } from "node:url";
import { createOpenApiService, loadDefinitions, negotiateV2, V2_PROTOBUF, V2_PROTOBUF_ACCEPT } from "./index.js";
import { builtDefinitions, fixtureResources, podsFixture } from "./testing/fixtures.js";
import { decodeMessage, str } from "./testing/proto-decode.js";

const service = createOpenApiService(fixtureResources, { version: "v1.35.0+skiff", definitions: builtDefinitions() });

interface V3Param { name: string; in: string }
interface V3Op { operationId: string; parameters?: V3Param[]; requestBody?: { content: Record<string, unknown>; required?: boolean }; "x-kubernetes-group-version-kind"?: unknown; "x-kubernetes-action"?: string }
interface V3Doc { openapi: string; paths: Record<string, Record<string, V3Op> & { parameters?: V3Param[] }>; components: { schemas: Record<string, { properties?: Record<string, Record<string, unknown>> }> } }

function v3(path: string): V3Doc {
  const d = service.v3(path);
  assert.ok(d, `${path} is served`);
  assert.equal(d.contentType, "application/json");
  return JSON.parse(d.body.toString()) as V3Doc;
}

test("v2 is JSON by default and protobuf when kubectl asks for it", () => {
  const json = service.v2("application/json");
  assert.equal(json.contentType, "application/json");
  const parsed = JSON.parse(json.body.toString()) as { swagger: string; paths: Record<string, unknown> };
  assert.equal(parsed.swagger, "2.0");
  assert.ok(parsed.paths["/api/v1/namespaces/{namespace}/pods"]);

  const pb = service.v2(V2_PROTOBUF_ACCEPT);
  assert.equal(pb.contentType, V2_PROTOBUF);
  assert.equal(str(decodeMessage(pb.body), 1), "2.0");
  assert.notEqual(pb.etag, json.etag);
  assert.match(json.etag, /^"[0-9A-F]{128}"$/);
  assert.equal(service.v2("*/*").body, json.body, "documents are built once and cached");
});

test("v2 negotiation follows the Accept header's order and q values", () => {
  const cases: [string, "json" | "protobuf"][] = [
    ["", "json"],
    ["application/json", "json"],
    [V2_PROTOBUF_ACCEPT, "protobuf"],
    [V2_PROTOBUF, "protobuf"],
    [`${V2_PROTOBUF_ACCEPT}, application/json`, "protobuf"],
    [`application/json, ${V2_PROTOBUF_ACCEPT}`, "json"],
    [`application/json;q=0.5, ${V2_PROTOBUF_ACCEPT}`, "protobuf"],
    ["*/*", "json"],
    ["text/html", "json"],
  ];
  for (const [accept, want] of cases) assert.equal(negotiateV2(accept), want, accept);
});

test("the v3 index lists every served group-version with a hash", () => {
  const index = JSON.parse(service.v3Index().body.toString()) as { paths: Record<string, { serverRelativeURL: string }> };
  assert.deepEqual(Object.keys(index.paths), ["api", "api/v1", "apis", "apis/apps", "apis/apps/v1", "apis/rbac.authorization.k8s.io", "apis/rbac.authorization.k8s.io/v1", "version"]);
  for (const [p, { serverRelativeURL }] of Object.entries(index.paths)) {
    const m = serverRelativeURL.match(/^\/openapi\/v3\/(.+)\?hash=([0-9A-F]{128})$/);
    assert.ok(m, serverRelativeURL);
    assert.equal(m[1], p);
    assert.equal(service.v3(p)?.etag, `"${m[2]}"`, `${p}: the hash is the document's etag`);
  }
});

test("v3 api/v1 has the pod operations with fieldValidation on create, update and patch", () => {
  const doc = v3("api/v1");
  assert.equal(doc.openapi, "3.0.0");
  const collection = doc.paths["/api/v1/namespaces/{namespace}/pods"]!;
  const item = doc.paths["/api/v1/namespaces/{namespace}/pods/{name}"]!;
  const status = doc.paths["/api/v1/namespaces/{namespace}/pods/{name}/status"]!;
  const cases: [string, V3Op | undefined, string, string][] = [
    ["create", collection.post, "createCoreV1NamespacedPod", "post"],
    ["replace", item.put, "replaceCoreV1NamespacedPod", "put"],
    ["patch", item.patch, "patchCoreV1NamespacedPod", "patch"],
    ["status patch", status.patch, "patchCoreV1NamespacedPodStatus", "patch"],
  ];
  for (const [name, op, id, action] of cases) {
    assert.ok(op, name);
    assert.equal(op.operationId, id);
    assert.equal(op["x-kubernetes-action"], action);
    assert.deepEqual(op["x-kubernetes-group-version-kind"], { group: "", kind: "Pod", version: "v1" });
    assert.ok(op.parameters?.some((p) => p.name === "fieldValidation" && p.in === "query"), `${name} has fieldValidation`);
    assert.equal(op.requestBody?.required, true);
  }
  assert.deepEqual(Object.keys(item.patch!.requestBody!.content).sort(), ["application/apply-patch+yaml", "application/json-patch+json", "application/merge-patch+json", "application/strategic-merge-patch+json"]);
  assert.deepEqual(collection.get!.parameters!.map((p) => p.name), ["allowWatchBookmarks", "continue", "fieldSelector", "labelSelector", "limit", "resourceVersion", "resourceVersionMatch", "sendInitialEvents", "timeoutSeconds", "watch"]);
  assert.deepEqual(item.delete!.parameters!.map((p) => p.name), ["dryRun", "gracePeriodSeconds", "orphanDependents", "propagationPolicy"]);
  assert.deepEqual(item.parameters!.map((p) => p.name), ["name", "namespace", "pretty"]);
  assert.equal(doc.paths["/api/v1/namespaces/{namespace}/pods/{name}/eviction"]?.post?.operationId, "createCoreV1NamespacedPodEviction");
  assert.equal(doc.paths["/api/v1/pods"]?.get?.operationId, "listCoreV1PodForAllNamespaces");
  assert.equal(doc.paths["/api/v1/nodes/{name}"]?.get?.operationId, "readCoreV1Node");
  assert.equal(doc.paths["/apis/apps/v1/namespaces/{namespace}/deployments"], undefined, "other groups stay out");
});

test("v3 components hold only what the group-version reaches, in v3 form", () => {
  const doc = v3("api/v1");
  const schemas = doc.components.schemas;
  assert.ok(schemas["io.k8s.api.core.v1.Pod"] && schemas["io.k8s.api.core.v1.Container"] && schemas["io.k8s.apimachinery.pkg.api.resource.Quantity"]);
  assert.ok(schemas["io.k8s.api.policy.v1.Eviction"], "subresource kinds are included");
  assert.equal(schemas["io.k8s.api.apps.v1.Deployment"], undefined);
  assert.deepEqual(schemas["io.k8s.api.core.v1.Pod"]!.properties!.metadata!.allOf, [{ $ref: "#/components/schemas/io.k8s.apimachinery.pkg.apis.meta.v1.ObjectMeta" }]);
  assert.ok(!doc.components.schemas["io.k8s.api.core.v1.Pod"]!.properties!.metadata!.$ref, "a described ref is wrapped in allOf");
  assert.ok(!JSON.stringify(doc).includes("#/definitions/"), "no v2 refs remain");
});

test("v3 apps/v1 has scale with the autoscaling/v1 Scale kind", () => {
  const doc = v3("apis/apps/v1");
  const scale = doc.paths["/apis/apps/v1/namespaces/{namespace}/deployments/{name}/scale"]!;
  assert.equal(scale.get?.operationId, "readAppsV1NamespacedDeploymentScale");
  assert.deepEqual(scale.patch?.["x-kubernetes-group-version-kind"], { group: "autoscaling", kind: "Scale", version: "v1" });
  assert.ok(doc.components.schemas["io.k8s.api.autoscaling.v1.Scale"]);
});

test("verbs limit the operations served", () => {
  const doc = v3("apis/rbac.authorization.k8s.io/v1");
  const item = doc.paths["/apis/rbac.authorization.k8s.io/v1/clusterroles/{name}"]!;
  assert.equal(item.get?.operationId, "readRbacAuthorizationV1ClusterRole");
  assert.equal(item.put, undefined);
  assert.equal(item.patch, undefined);
  assert.equal(doc.paths["/apis/rbac.authorization.k8s.io/v1/clusterroles"]?.post, undefined);
});

test("discovery documents and unknown paths", () => {
  assert.equal(v3("api").paths["/api/"]?.get?.operationId, "getCoreAPIVersions");
  assert.equal(v3("apis").paths["/apis/"]?.get?.operationId, "getAPIVersions");
  assert.equal(v3("apis/apps").paths["/apis/apps/"]?.get?.operationId, "getAppsAPIGroup");
  assert.equal(v3("version").paths["/version/"]?.get?.operationId, "getCodeVersion");
  assert.equal(v3("/api/v1/").paths["/api/v1/"]?.get?.operationId, "getCoreV1APIResources");
  for (const p of ["apis/batch/v1", "apis/nope", "api/v2", ""]) assert.equal(service.v3(p), undefined, p);
});

test("a change to the served resources changes the group-version's hash only", () => {
  const other = createOpenApiService([...fixtureResources.filter((r) => r !== podsFixture), { ...podsFixture, verbs: ["get"] }], { version: "v1.35.0+skiff", definitions: builtDefinitions() });
  assert.notEqual(other.v3("api/v1")?.etag, service.v3("api/v1")?.etag);
  assert.equal(other.v3("apis/apps/v1")?.etag, service.v3("apis/apps/v1")?.etag);
});

test("definitions load from the file the build writes", () => {
  const dir = mkdtempSync(join(tmpdir(), "skiff-openapi-"));
  const file = join(dir, "definitions.json");
  writeFileSync(file, JSON.stringify(builtDefinitions()));
  const { file: loaded } = loadDefinitions(pathToFileURL(file));
  assert.deepEqual(Object.keys(loaded.definitions).length, Object.keys(builtDefinitions().definitions).length);
  assert.throws(() => loadDefinitions(pathToFileURL(join(dir, "missing.json"))), /npm run build/);
});

test("defaults are in v3 only, as upstream publishes them: {} for non-pointer structs, the zero of required scalars, +default values", () => {
  const pod = v3("api/v1").components.schemas;
  assert.deepEqual(pod["io.k8s.api.core.v1.Pod"]?.properties?.spec?.default, {});
  assert.equal(pod["io.k8s.api.core.v1.Container"]?.properties?.name?.default, "");
  assert.equal(pod["io.k8s.api.core.v1.ContainerPort"]?.properties?.protocol?.default, "TCP");
  const v2 = JSON.parse(service.v2("application/json").body.toString()) as { definitions: Record<string, { properties?: Record<string, { default?: unknown }> }> };
  const withDefault = Object.entries(v2.definitions).flatMap(([n, d]) => Object.entries(d.properties ?? {}).filter(([, p]) => p.default !== undefined).map(([k]) => `${n}.${k}`));
  assert.deepEqual(withDefault, []);
});
