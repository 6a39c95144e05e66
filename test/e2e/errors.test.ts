/**
 * Errors as upstream words them, through kubectl and through raw HTTPS:
 * NotFound, AlreadyExists, Invalid with causes, BadRequest for malformed
 * bodies, 413, 405, 404, 403 for anonymous requests, namespace lifecycle, strict field validation.
 */
import { after, before, describe, test } from "node:test";
import assert from "node:assert/strict";
import { startTestCluster, type TestCluster } from "./cluster.js";
import { rawClient, type RawClient } from "./api-client.js";
import { configMap, deploymentYaml } from "./fixtures.js";

describe("errors", { concurrency: false }, () => {
  let c: TestCluster;
  let api: RawClient;
  before(async () => {
    c = await startTestCluster();
    api = rawClient(c.kubeconfig);
  });
  after(async () => {
    await c?.stop();
  });

  test("a missing object is NotFound", async () => {
    const r = await c.kubectl(["get", "cm", "nope"]);
    assert.equal(r.code, 1);
    assert.equal(r.stderr.trim(), 'Error from server (NotFound): configmaps "nope" not found');
    const raw = await api.request("GET", "/apis/apps/v1/namespaces/default/deployments/nope");
    assert.equal(raw.status, 404);
    assert.deepEqual(raw.json(), { kind: "Status", apiVersion: "v1", metadata: {}, status: "Failure", message: 'deployments.apps "nope" not found', reason: "NotFound", details: { name: "nope", group: "apps", kind: "deployments" }, code: 404 });
  });

  test("creating an existing object is AlreadyExists", async () => {
    await c.k(["create", "-f", "-"], configMap("twice", { a: "b" }));
    const r = await c.kubectl(["create", "-f", "-"], { input: configMap("twice", { a: "b" }) });
    assert.equal(r.code, 1);
    assert.match(r.stderr, /Error from server \(AlreadyExists\): error when creating "STDIN": configmaps "twice" already exists/);
  });

  test("an invalid object is Invalid with one cause per field", async () => {
    const r = await c.kubectl(["apply", "-f", "-"], { input: configMap("Bad_Name", { a: "b" }) });
    assert.equal(r.code, 1);
    assert.match(r.stderr, /The ConfigMap "Bad_Name" is invalid: metadata\.name: Invalid value: "Bad_Name": a lowercase RFC 1123 subdomain must consist of lower case alphanumeric characters, '-' or '\.', and must start and end with an alphanumeric character \(e\.g\. 'example\.com', regex used for validation is '\[a-z0-9\]\(\[-a-z0-9\]\*\[a-z0-9\]\)\?\(\\\.\[a-z0-9\]\(\[-a-z0-9\]\*\[a-z0-9\]\)\?\)\*'\)/);
    const raw = await api.request("POST", "/apis/apps/v1/namespaces/default/deployments", {
      headers: { "content-type": "application/json" },
      body: JSON.stringify({ apiVersion: "apps/v1", kind: "Deployment", metadata: { name: "broken" }, spec: { replicas: -1, selector: { matchLabels: { a: "b" } }, template: { metadata: { labels: { a: "c" } }, spec: { containers: [{ name: "x", image: "y" }] } } } }),
    });
    assert.equal(raw.status, 422);
    const st = raw.json<{ reason: string; details: { causes: { field: string }[] } }>();
    assert.equal(st.reason, "Invalid");
    const fields = st.details.causes.map((x) => x.field);
    assert.ok(fields.includes("spec.replicas"), JSON.stringify(st));
    assert.ok(fields.includes("spec.template.metadata.labels"), JSON.stringify(st));
  });

  test("unknown fields are refused with fieldValidation=Strict and warned about otherwise", async () => {
    const bad = deploymentYaml("strict", 1).replace("  replicas: 1", "  replicas: 1\n  replicaz: 2");
    const r = await c.kubectl(["apply", "-f", "-"], { input: bad });
    assert.equal(r.code, 1);
    assert.match(r.stderr, /Error from server \(BadRequest\): error when creating "STDIN": Deployment in version "v1" cannot be handled as a Deployment: strict decoding error: unknown field "spec\.replicaz"/);
    const warned = await c.kubectl(["apply", "--validate=warn", "-f", "-"], { input: bad });
    assert.equal(warned.code, 0, warned.stderr);
    assert.match(warned.stderr, /Warning: unknown field "spec\.replicaz"/);
    assert.equal(await c.k(["get", "deploy", "strict", "-o", "jsonpath={.spec.replicaz}"]), "");
  });

  test("malformed bodies are BadRequest and nothing is stored", async () => {
    const json = await api.request("POST", "/api/v1/namespaces/default/configmaps", { headers: { "content-type": "application/json" }, body: '{"metadata": {"name": "x"' });
    assert.equal(json.status, 400);
    assert.equal(json.json().reason, "BadRequest");
    assert.match(String(json.json().message), /json parse error/);
    const yaml = await api.request("POST", "/api/v1/namespaces/default/configmaps", { headers: { "content-type": "application/yaml" }, body: "metadata: [unclosed" });
    assert.equal(yaml.status, 400);
    // As upstream's transformDecodeError: the kind could not be read, so the object is unrecognized.
    assert.match(String(yaml.json().message), /^the object provided is unrecognized \(must be of type ConfigMap\): error converting YAML to JSON: yaml: /);
    const wrongKind = await api.request("POST", "/api/v1/namespaces/default/configmaps", { headers: { "content-type": "application/json" }, body: JSON.stringify({ apiVersion: "v1", kind: "Secret", metadata: { name: "x" } }) });
    assert.equal(wrongKind.status, 400);
    assert.equal(wrongKind.json().message, 'Secret in version "v1" cannot be handled as a ConfigMap: converting (v1.Secret) to (core.ConfigMap): unknown conversion');
    assert.equal((await c.kubectl(["get", "cm", "x"])).code, 1);
  });

  test("bodies over 3 MiB are refused with 413", async () => {
    const big = configMap("big", { blob: "x".repeat(3 * 1024 * 1024) });
    const r = await api.request("POST", "/api/v1/namespaces/default/configmaps", { headers: { "content-type": "application/json" }, body: big });
    assert.equal(r.status, 413);
    assert.equal(r.json().reason, "RequestEntityTooLarge");
    const alive = await api.request("GET", "/healthz");
    assert.equal(alive.body, "ok");
  });

  test("unknown paths are 404 and unsupported verbs 405", async () => {
    assert.equal((await api.request("GET", "/apis/nope.example.com/v1/things")).status, 404);
    assert.equal((await api.request("GET", "/api/v1/namespaces/default/widgets")).status, 404);
    const r = await api.request("POST", "/api/v1/namespaces/default/configmaps/named", { headers: { "content-type": "application/json" }, body: configMap("named", {}) });
    assert.equal(r.status, 405);
    assert.equal(r.json().reason, "MethodNotAllowed");
  });

  test("anonymous requests are forbidden except the health and version endpoints", async () => {
    const denied = await api.request("GET", "/api/", { anonymous: true });
    assert.equal(denied.status, 403);
    assert.deepEqual(denied.json(), { kind: "Status", apiVersion: "v1", metadata: {}, status: "Failure", message: 'forbidden: User "system:anonymous" cannot get path "/api/"', reason: "Forbidden", details: {}, code: 403 });
    for (const p of ["/healthz", "/livez", "/readyz", "/version"]) assert.equal((await api.request("GET", p, { anonymous: true })).status, 200, p);
    const ok = await api.request("GET", "/api/");
    assert.deepEqual(Object.keys(ok.json()).sort(), ["kind", "serverAddressByClientCIDRs", "versions"]);
    assert.equal(ok.json().kind, "APIVersions");
  });

  test("content cannot be created in a missing or terminating namespace", async () => {
    const missing = await c.kubectl(["apply", "-n", "nowhere", "-f", "-"], { input: configMap("a", {}) });
    assert.equal(missing.code, 1);
    assert.match(missing.stderr, /namespaces "nowhere" not found/);
    await c.k(["create", "ns", "leaving"]);
    // A finalizer nobody removes keeps the namespace Terminating while the namespace controller waits for it.
    await c.k(["apply", "-n", "leaving", "-f", "-"], JSON.stringify({ apiVersion: "v1", kind: "ConfigMap", metadata: { name: "stay", finalizers: ["example.com/hold"] } }));
    assert.match(await c.k(["delete", "ns", "leaving", "--wait=false"]), /namespace "leaving" deleted/);
    assert.match(await c.k(["get", "ns", "leaving"]), /leaving\s+Terminating/);
    const refused = await c.kubectl(["apply", "-n", "leaving", "-f", "-"], { input: configMap("new", {}) });
    assert.equal(refused.code, 1);
    assert.match(refused.stderr, /Error from server \(Forbidden\): error when creating "STDIN": configmaps "new" is forbidden: unable to create new content in namespace leaving because it is being terminated/);
    const immortal = await c.kubectl(["delete", "ns", "default"]);
    assert.match(immortal.stderr, /Error from server \(Forbidden\): namespaces "default" is forbidden: this namespace may not be deleted/);
  });

  test("deletion preconditions conflict as upstream", async () => {
    await c.k(["apply", "-f", "-"], configMap("guarded", {}));
    const r = await api.request("DELETE", "/api/v1/namespaces/default/configmaps/guarded", { headers: { "content-type": "application/json" }, body: JSON.stringify({ preconditions: { uid: "00000000-0000-0000-0000-000000000000" } }) });
    assert.equal(r.status, 409);
    assert.match(String(r.json().message), /^Operation cannot be fulfilled on configmaps "guarded": StorageError: invalid object, Code: 4, Key: .*Precondition failed: UID in precondition: 00000000-0000-0000-0000-000000000000, UID in object meta: /);
  });
});

describe("server-side features over raw HTTPS", { concurrency: false }, () => {
  let c: TestCluster;
  let api: RawClient;
  before(async () => {
    c = await startTestCluster({ args: ["--etcd-compaction-interval", "1s"] });
    api = rawClient(c.kubeconfig);
  });
  after(async () => {
    await c?.stop();
  });

  test("dryRun=All runs the whole pipeline and stores nothing", async () => {
    const out = await c.k(["create", "deployment", "dry", "--image=nginx", "--dry-run=server", "-o", "jsonpath={.spec.strategy.type}"]);
    assert.equal(out, "RollingUpdate");
    assert.equal((await c.kubectl(["get", "deploy", "dry"])).code, 1);
    const bad = await c.kubectl(["create", "configmap", "Bad", "--dry-run=server"]);
    assert.match(bad.stderr, /is invalid/);
  });

  test("Tables and PartialObjectMetadata are served on request", async () => {
    await c.k(["create", "configmap", "shown", "--from-literal=a=b"]);
    const table = await api.request("GET", "/api/v1/namespaces/default/configmaps?limit=10", { headers: { accept: "application/json;as=Table;v=v1;g=meta.k8s.io" } });
    const t = table.json<{ kind: string; columnDefinitions: { name: string }[]; rows: { cells: unknown[]; object: { kind: string } }[] }>();
    assert.equal(t.kind, "Table");
    assert.deepEqual(t.columnDefinitions.map((d) => d.name), ["Name", "Data", "Age"]);
    const row = t.rows.find((r) => r.cells[0] === "shown");
    assert.equal(row?.cells[1], 1);
    assert.equal(row?.object.kind, "PartialObjectMetadata");
    const partial = await api.request("GET", "/api/v1/namespaces/default/configmaps", { headers: { accept: "application/json;as=PartialObjectMetadataList;g=meta.k8s.io;v=v1" } });
    const p = partial.json<{ kind: string; items: { metadata: { name: string }; data?: unknown }[] }>();
    assert.equal(p.kind, "PartialObjectMetadataList");
    assert.ok(p.items.some((i) => i.metadata.name === "shown" && i.data === undefined));
  });

  test("NodePort services get a port from the node port range and keep a requested one unique", async () => {
    await c.k(["create", "service", "nodeport", "np1", "--tcp=80:8080", "--node-port=30080"]);
    assert.match(await c.k(["get", "svc", "np1"]), /np1\s+NodePort\s+10\.\d+\.\d+\.\d+\s+<none>\s+80:30080\/TCP/);
    const dup = await c.kubectl(["create", "service", "nodeport", "np2", "--tcp=80:8080", "--node-port=30080"]);
    assert.match(dup.stderr, /spec\.ports\[0\]\.nodePort: Invalid value: 30080: provided port is already allocated/);
    await c.k(["create", "service", "nodeport", "np3", "--tcp=80:8080"]);
    const port = Number(await c.k(["get", "svc", "np3", "-o", "jsonpath={.spec.ports[0].nodePort}"]));
    assert.ok(port >= 30000 && port <= 32767, String(port));
  });

  test("a list at a compacted resourceVersion is 410 Gone", async () => {
    await c.k(["create", "configmap", "old", "--from-literal=v=0"]);
    const rv = await c.k(["get", "cm", "old", "-o", "jsonpath={.metadata.resourceVersion}"]);
    for (let i = 1; i <= 3; i++) await c.k(["patch", "cm", "old", "-p", `{"data":{"v":"${i}"}}`]);
    await new Promise((r) => setTimeout(r, 2500));
    const r = await api.request("GET", `/api/v1/namespaces/default/configmaps?resourceVersion=${rv}&resourceVersionMatch=Exact`);
    assert.equal(r.status, 410);
    assert.equal(r.json().reason, "Expired");
    assert.match(String(r.json().message), new RegExp(`^too old resource version: ${rv} \\(\\d+\\)$`));
  });
});
