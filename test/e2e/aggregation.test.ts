/**
 * API aggregation against `skiff up` with the real kubectl: an APIService
 * whose Service has no endpoints is unavailable (MissingEndpoints) and
 * keeps a deleted namespace Terminating with NamespaceDeletionDiscoveryFailure
 * until the APIService is fixed, or removed; a working extension API server
 * (test/e2e/wardle-server.ts) behind a selectorless Service and a hand-made
 * EndpointSlice is reached through the API server with the user passed on,
 * and kubectl api-resources lists its resource.
 */
import { after, before, describe, test } from "node:test";
import assert from "node:assert/strict";
import { readFileSync } from "node:fs";
import https from "node:https";
import { join } from "node:path";
import { startTestCluster, type TestCluster } from "./cluster.js";
import { condition, getJson, until, untilKubectl, type Obj } from "./wait.js";
import { startWardleServer, WARDLE_GROUP, WARDLE_VERSION, type WardleServer } from "./wardle-server.js";

const NS = "wardle";
const APISERVICE = `${WARDLE_VERSION}.${WARDLE_GROUP}`;
const SLOW = { timeoutMs: 120_000, intervalMs: 500 };

function backendManifests(port: number): string {
  return [
    { apiVersion: "v1", kind: "Namespace", metadata: { name: NS } },
    // Selects nothing: its EndpointSlice has no endpoints.
    { apiVersion: "v1", kind: "Service", metadata: { name: "broken", namespace: NS }, spec: { selector: { app: "nothing-runs-this" }, ports: [{ name: "https", port: 443, targetPort: 8443 }] } },
    // No selector: the EndpointSlice below is its only source of endpoints.
    { apiVersion: "v1", kind: "Service", metadata: { name: "api", namespace: NS }, spec: { ports: [{ name: "https", port: 443, targetPort: port }] } },
    {
      apiVersion: "discovery.k8s.io/v1",
      kind: "EndpointSlice",
      metadata: { name: "api-1", namespace: NS, labels: { "kubernetes.io/service-name": "api" } },
      addressType: "IPv4",
      endpoints: [{ addresses: ["127.0.0.1"], conditions: { ready: true } }],
      ports: [{ name: "https", port, protocol: "TCP" }],
    },
  ]
    .map((o) => JSON.stringify(o))
    .join("\n---\n");
}

function apiService(service: string, caPem: string): string {
  return JSON.stringify({
    apiVersion: "apiregistration.k8s.io/v1",
    kind: "APIService",
    metadata: { name: APISERVICE },
    spec: { group: WARDLE_GROUP, version: WARDLE_VERSION, groupPriorityMinimum: 1000, versionPriority: 15, caBundle: Buffer.from(caPem).toString("base64"), service: { namespace: NS, name: service, port: 443 } },
  });
}

async function availability(c: TestCluster, want: string): Promise<Obj> {
  return until(
    `APIService ${APISERVICE} is ${want}`,
    async (seen) => {
      const svc = await getJson(c, ["get", "apiservice", APISERVICE]);
      const cond = condition(svc, "Available");
      seen(JSON.stringify(cond));
      const shown = cond ? (cond.status === "True" ? "True" : `${cond.status} (${cond.reason})`) : "Unknown";
      return shown === want ? svc : undefined;
    },
    { timeoutMs: 30_000 },
  );
}

/** Deletes a fresh namespace holding a ConfigMap and waits until discovery failure holds it Terminating. */
async function stuckNamespace(c: TestCluster, name: string): Promise<void> {
  await c.k(["create", "namespace", name]);
  await c.k(["create", "configmap", "keep", "-n", name, "--from-literal=a=b"]);
  await c.k(["delete", "namespace", name, "--wait=false"]);
  const ns = await until(
    `namespace ${name} reports NamespaceDeletionDiscoveryFailure`,
    async (seen) => {
      const o = await getJson(c, ["get", "namespace", name]);
      seen(JSON.stringify(o.status));
      return condition(o, "NamespaceDeletionDiscoveryFailure")?.status === "True" ? o : undefined;
    },
    { timeoutMs: 30_000 },
  );
  assert.equal((ns.status as { phase?: string }).phase, "Terminating");
  const failure = condition(ns, "NamespaceDeletionDiscoveryFailure")!;
  assert.equal(failure.reason, "DiscoveryFailed");
  assert.match(failure.message ?? "", new RegExp(`${WARDLE_GROUP}/${WARDLE_VERSION}: the server is currently unable to handle the request`));
}

async function gone(c: TestCluster, name: string): Promise<void> {
  await until(
    `namespace ${name} is gone`,
    async (seen) => {
      const r = await c.kubectl(["get", "namespace", name, "-o", "json"]);
      seen(`${r.stdout}${r.stderr}`);
      return r.code !== 0 && /NotFound/.test(r.stderr);
    },
    SLOW,
  );
}

/** GET through the API server with the admin certificate and extra headers, bypassing kubectl. */
function adminGet(c: TestCluster, path: string, headers: Record<string, string>): Promise<{ status: number; body: string }> {
  const server = /server:\s*(\S+)/.exec(readFileSync(c.kubeconfig, "utf8"))![1].replace(/^"|"$/g, "");
  const pki = join(c.dataDir, "pki");
  return new Promise((resolve, reject) => {
    const req = https.request(`${server}${path}`, { ca: readFileSync(join(pki, "ca.crt")), cert: readFileSync(join(pki, "admin.crt")), key: readFileSync(join(pki, "admin.key")), headers }, (res) => {
      let body = "";
      res.on("data", (d) => (body += d));
      res.on("end", () => resolve({ status: res.statusCode ?? 0, body }));
    });
    req.on("error", reject);
    req.end();
  });
}

describe("API aggregation", () => {
  let c: TestCluster;
  let wardle: WardleServer;

  before(async () => {
    c = await startTestCluster();
    const cm = await until(
      "kube-system/extension-apiserver-authentication is published",
      async () => {
        const r = await c.kubectl(["get", "configmap", "-n", "kube-system", "extension-apiserver-authentication", "-o", "json"]);
        return r.code === 0 ? (JSON.parse(r.stdout) as { data: Record<string, string> }) : undefined;
      },
      { timeoutMs: 20_000 },
    );
    wardle = await startWardleServer({ service: "api", namespace: NS, requestHeaderCAPem: cm.data["requestheader-client-ca-file"], allowedNames: JSON.parse(cm.data["requestheader-allowed-names"]) as string[] });
    await c.k(["apply", "-f", "-"], backendManifests(wardle.port));
  });

  after(async () => {
    await wardle?.close();
    await c?.stop();
  });

  test("kubectl get apiservices lists the built-in group versions as Local and available, with upstream's columns.", async () => {
    const out = await untilKubectl(c, ["get", "apiservices"], "local APIServices are Available", (s) => /^v1\.apps\s+Local\s+True\s/m.test(s));
    assert.match(out.split("\n")[0], /^NAME\s+SERVICE\s+AVAILABLE\s+AGE$/);
    assert.match(out, /^v1\.\s+Local\s+True\s/m);
  });

  test("The ConfigMap for extension API servers carries upstream's keys.", async () => {
    const cm = await getJson<{ data: Record<string, string> }>(c, ["get", "configmap", "-n", "kube-system", "extension-apiserver-authentication"]);
    assert.deepEqual(Object.keys(cm.data).sort(), [
      "client-ca-file",
      "requestheader-allowed-names",
      "requestheader-client-ca-file",
      "requestheader-extra-headers-prefix",
      "requestheader-group-headers",
      "requestheader-uid-headers",
      "requestheader-username-headers",
    ]);
    assert.equal(cm.data["requestheader-allowed-names"], '["front-proxy-client"]');
    assert.equal(cm.data["requestheader-username-headers"], '["X-Remote-User"]');
    assert.equal(cm.data["client-ca-file"], readFileSync(join(c.dataDir, "pki", "ca.crt"), "utf8"));
    assert.equal(cm.data["requestheader-client-ca-file"], readFileSync(join(c.dataDir, "pki", "front-proxy-ca.crt"), "utf8"));
  });

  test("A Service without endpoints makes the APIService unavailable; a namespace deleted meanwhile stays Terminating until the APIService is fixed.", async () => {
    await c.k(["apply", "-f", "-"], apiService("broken", wardle.caPem));
    const svc = await availability(c, "False (MissingEndpoints)");
    assert.equal(condition(svc, "Available")!.message, 'endpointslices for service/broken in "wardle" have no addresses with port name "https"');
    const listed = await untilKubectl(c, ["get", "apiservice", APISERVICE], "the APIService prints its Service and reason", (s) => /MissingEndpoints/.test(s));
    assert.match(listed, new RegExp(`^${APISERVICE.replace(/\./g, "\\.")}\\s+wardle/broken\\s+False \\(MissingEndpoints\\)\\s`, "m"));
    const raw = await c.kubectl(["get", "--raw", `/apis/${WARDLE_GROUP}/${WARDLE_VERSION}`]);
    assert.notEqual(raw.code, 0);
    assert.match(raw.stderr, /the server is currently unable to handle the request/);

    await stuckNamespace(c, "doomed-fixed");
    await c.k(["patch", "apiservice", APISERVICE, "--type=merge", "-p", JSON.stringify({ spec: { service: { name: "api" } } })]);
    const fixed = await availability(c, "True");
    assert.equal(condition(fixed, "Available")!.reason, "Passed");
    await gone(c, "doomed-fixed");
  });

  test("A working extension API server is reached through the API server, with the user passed on.", async () => {
    await availability(c, "True");
    const list = await untilKubectl(c, ["get", "flunders", "-n", NS, "-o", "json"], "flunders are listed through the API server", (s) => /"hello"/.test(s));
    const item = (JSON.parse(list) as { items: { metadata: { name: string }; spec: { user: string; groups: string[] } }[] }).items[0];
    assert.equal(item.metadata.name, "hello");
    assert.equal(item.spec.user, "admin");
    assert.ok(item.spec.groups.includes("system:masters"), JSON.stringify(item.spec.groups));
    assert.ok(wardle.requests.every((r) => r.clientCN === "front-proxy-client"));
    assert.equal(await c.k(["get", "flunder", "hello", "-n", NS, "-o", "jsonpath={.spec.user}"]), "admin");
    const table = await c.k(["get", "fl", "-n", NS]);
    assert.match(table, /^NAME\s+AGE\n?/);
    assert.match(table, /^hello\s/m);

    const resources = await untilKubectl(c, ["api-resources", "--api-group", WARDLE_GROUP], "api-resources lists flunders", (s) => /flunders/.test(s));
    assert.match(resources, new RegExp(`^flunders\\s+fl\\s+${WARDLE_GROUP}/${WARDLE_VERSION}\\s+true\\s+Flunder$`, "m"));

    // Identity headers a client sends are replaced by the API server's own.
    const spoofed = await adminGet(c, `/apis/${WARDLE_GROUP}/${WARDLE_VERSION}/namespaces/${NS}/flunders/hello`, { "X-Remote-User": "mallory", "X-Remote-Group": "system:masters" });
    assert.equal(spoofed.status, 200);
    assert.equal((JSON.parse(spoofed.body) as { spec: { user: string } }).spec.user, "admin");
  });

  test("Removing the unavailable APIService lets a stuck namespace finish.", async () => {
    await c.k(["patch", "apiservice", APISERVICE, "--type=merge", "-p", JSON.stringify({ spec: { service: { name: "broken" } } })]);
    await availability(c, "False (MissingEndpoints)");
    await stuckNamespace(c, "doomed-removed");
    await c.k(["delete", "apiservice", APISERVICE]);
    await gone(c, "doomed-removed");
    const groups = await c.k(["get", "--raw", "/apis"]);
    assert.doesNotMatch(groups, new RegExp(WARDLE_GROUP.replace(/\./g, "\\.")));
  });
});
