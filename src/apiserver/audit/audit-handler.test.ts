import { test } from "node:test";
import assert from "node:assert/strict";
import { VirtualClock } from "../../util/clock.js";
import type { ApiRequest, ApiResponse, StreamSink } from "../http/types.js";
import { withAudit, type Handle } from "./audit-handler.js";
import type { AuditBackend } from "./log-backend.js";
import { createAuditMetrics } from "./metrics.js";
import { createPolicyEvaluator, parsePolicy } from "./policy.js";
import type { AuditEvent } from "./types.js";

const admin = { username: "admin", groups: ["system:masters", "system:authenticated"] };

function request(over: Partial<ApiRequest> & { remoteAddress?: string } = {}): ApiRequest {
  return { method: "GET", path: "/api/v1/namespaces/default/secrets/db", query: new URLSearchParams(), headers: { "user-agent": "kubectl/v1.35.0 (linux/amd64) kubernetes/abc" }, user: admin, signal: new AbortController().signal, ...over };
}

function policy(level: string, extra = "") {
  return createPolicyEvaluator(parsePolicy(`apiVersion: audit.k8s.io/v1\nkind: Policy\n${extra}rules:\n- level: ${level}\n`));
}

/** A backend that keeps what it is given, as the JSON log would write it. */
function collector(): AuditBackend & { events: AuditEvent[] } {
  const events: AuditEvent[] = [];
  return { events, process: (ev) => void events.push(JSON.parse(JSON.stringify(ev)) as AuditEvent), flush: async () => undefined, close: async () => undefined };
}

const json = (status: number, body: unknown): ApiResponse => ({ status, headers: { "content-type": "application/json" }, body: `${JSON.stringify(body)}\n` });

test("A create at RequestResponse logs upstream's Event shape at RequestReceived and ResponseComplete", async () => {
  const clock = new VirtualClock(Date.UTC(2026, 11, 3, 10, 0, 0, 123));
  const backend = collector();
  const created = { kind: "Secret", apiVersion: "v1", metadata: { name: "db", namespace: "default", uid: "u-1", resourceVersion: "7", managedFields: [{ manager: "kubectl" }] }, data: { k: "dg==" } };
  const inner: Handle = async () => {
    await clock.advance(5);
    return json(201, created);
  };
  const handle = withAudit(inner, { clock, policy: policy("RequestResponse"), backend });
  const body = { apiVersion: "v1", kind: "Secret", metadata: { name: "db" }, data: { k: "dg==" } };
  const res = await handle(
    request({
      method: "POST",
      path: "/api/v1/namespaces/default/secrets",
      query: new URLSearchParams("fieldManager=kubectl-create"),
      headers: { "content-type": "application/json", "user-agent": "kubectl/v1.35.0", "x-forwarded-for": "10.0.0.9" },
      body: Buffer.from(JSON.stringify(body)),
      remoteAddress: "::ffff:127.0.0.1",
    }),
  );
  assert.equal(res.status, 201);
  const [received, complete] = backend.events;
  assert.equal(backend.events.length, 2);
  assert.equal(res.headers["audit-id"], received!.auditID);
  assert.match(received!.auditID, /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/);
  assert.deepEqual(Object.keys(complete!), ["kind", "apiVersion", "level", "auditID", "stage", "requestURI", "verb", "user", "sourceIPs", "userAgent", "objectRef", "responseStatus", "requestObject", "responseObject", "requestReceivedTimestamp", "stageTimestamp"]);
  assert.deepEqual(complete, {
    kind: "Event",
    apiVersion: "audit.k8s.io/v1",
    level: "RequestResponse",
    auditID: received!.auditID,
    stage: "ResponseComplete",
    requestURI: "/api/v1/namespaces/default/secrets?fieldManager=kubectl-create",
    verb: "create",
    user: { username: "admin", groups: ["system:masters", "system:authenticated"] },
    sourceIPs: ["10.0.0.9", "127.0.0.1"],
    userAgent: "kubectl/v1.35.0",
    objectRef: { resource: "secrets", namespace: "default", name: "db", apiVersion: "v1" },
    responseStatus: { metadata: {}, code: 201 },
    requestObject: body,
    responseObject: created,
    requestReceivedTimestamp: "2026-12-03T10:00:00.123000Z",
    stageTimestamp: "2026-12-03T10:00:00.128000Z",
  });
  assert.equal(received!.stage, "RequestReceived");
  assert.equal(received!.stageTimestamp, received!.requestReceivedTimestamp);
  assert.equal(received!.responseStatus, undefined);
});

test("At Metadata a failure keeps the Status's fields but no bodies", async () => {
  const backend = collector();
  const status = { kind: "Status", apiVersion: "v1", metadata: {}, status: "Failure", message: 'secrets "db" not found', reason: "NotFound", details: { name: "db", kind: "secrets" }, code: 404 };
  const handle = withAudit(async () => json(404, status), { clock: new VirtualClock(), policy: policy("Metadata"), backend });
  await handle(request({ method: "DELETE", body: Buffer.from('{"propagationPolicy":"Background"}'), headers: { "content-type": "application/json" } }));
  const complete = backend.events[1]!;
  assert.equal(complete.verb, "delete");
  assert.deepEqual(complete.objectRef, { resource: "secrets", namespace: "default", name: "db", apiVersion: "v1" });
  assert.deepEqual(complete.responseStatus, { metadata: {}, status: "Failure", message: 'secrets "db" not found', reason: "NotFound", details: { name: "db", kind: "secrets" }, code: 404 });
  assert.equal(complete.requestObject, undefined);
  assert.equal(complete.responseObject, undefined);
  assert.equal(complete.sourceIPs, undefined);
});

test("A watch logs ResponseStarted when it begins and ResponseComplete when its stream ends", async () => {
  const backend = collector();
  let finish!: () => void;
  const inner: Handle = async () => ({ status: 200, headers: { "content-type": "application/json" }, stream: () => new Promise<void>((r) => (finish = r)) });
  const handle = withAudit(inner, { clock: new VirtualClock(), policy: policy("Request"), backend });
  const res = await handle(request({ path: "/apis/apps/v1/deployments", query: new URLSearchParams("watch=true") }));
  assert.deepEqual(backend.events.map((e) => e.stage), ["RequestReceived", "ResponseStarted"]);
  assert.equal(backend.events[1]!.verb, "watch");
  assert.deepEqual(backend.events[1]!.objectRef, { resource: "deployments", apiGroup: "apps", apiVersion: "v1" });
  const sink: StreamSink = { write: () => true, end: () => undefined, drained: async () => undefined };
  const streaming = res.stream!(sink, new AbortController().signal);
  finish();
  await streaming;
  assert.deepEqual(backend.events.map((e) => e.stage), ["RequestReceived", "ResponseStarted", "ResponseComplete"]);
  assert.deepEqual(backend.events[2]!.responseStatus, { metadata: {}, code: 200 });
});

test("Stages and managed fields are omitted as the policy says", async () => {
  const backend = collector();
  const obj = { kind: "ConfigMap", metadata: { name: "c", managedFields: [{ manager: "m" }] } };
  const handle = withAudit(async () => json(200, { kind: "ConfigMapList", items: [obj] }), { clock: new VirtualClock(), policy: policy("RequestResponse", "omitStages: [RequestReceived]\nomitManagedFields: true\n"), backend });
  await handle(request({ path: "/api/v1/configmaps" }));
  assert.deepEqual(backend.events.map((e) => e.stage), ["ResponseComplete"]);
  assert.deepEqual(backend.events[0]!.responseObject, { kind: "ConfigMapList", items: [{ kind: "ConfigMap", metadata: { name: "c" } }] });
});

test("Annotations and the impersonated user written by later stages, even on a copy of the request, reach the event", async () => {
  const backend = collector();
  const inner: Handle = async (req) => {
    const impersonated = { ...req, user: { username: "bob", groups: ["dev", "system:authenticated"] } };
    impersonated.audit!.impersonatedUser = impersonated.user;
    impersonated.audit!.annotations["authorization.k8s.io/decision"] = "allow";
    impersonated.audit!.annotations["authorization.k8s.io/reason"] = 'RBAC: allowed by RoleBinding "r/default" of Role "r" to User "bob"';
    return json(200, { kind: "Secret" });
  };
  const handle = withAudit(inner, { clock: new VirtualClock(), policy: policy("Metadata"), backend });
  await handle(request());
  const complete = backend.events[1]!;
  assert.deepEqual(complete.user, { username: "admin", groups: ["system:masters", "system:authenticated"] });
  assert.deepEqual(complete.impersonatedUser, { username: "bob", groups: ["dev", "system:authenticated"] });
  assert.deepEqual(complete.annotations, { "authorization.k8s.io/decision": "allow", "authorization.k8s.io/reason": 'RBAC: allowed by RoleBinding "r/default" of Role "r" to User "bob"' });
  assert.equal(backend.events[0]!.annotations, undefined);
});

test("Without a policy nothing is logged, but every answer carries an Audit-Id, the client's when it sent one", async () => {
  const handle = withAudit(async () => json(200, {}), { clock: new VirtualClock() });
  const res = await handle(request({ headers: { "audit-id": "my-id" } }));
  assert.equal(res.headers["audit-id"], "my-id");
  const a = (await handle(request())).headers["audit-id"];
  const b = (await handle(request())).headers["audit-id"];
  assert.ok(a && b && a !== b);
});

test("A level of None logs nothing; levels are counted once per request", async () => {
  const backend = collector();
  const metrics = createAuditMetrics();
  const evaluator = createPolicyEvaluator(parsePolicy("apiVersion: audit.k8s.io/v1\nkind: Policy\nrules:\n- level: None\n  nonResourceURLs: ['/healthz']\n- level: Metadata\n"));
  const handle = withAudit(async () => json(200, {}), { clock: new VirtualClock(), policy: evaluator, backend, metrics });
  await handle(request({ path: "/healthz", user: undefined }));
  assert.equal(backend.events.length, 0);
  await handle(request({ path: "/version", user: undefined }));
  assert.equal(backend.events.length, 2);
  assert.deepEqual(backend.events[0]!.user, {});
  assert.equal(backend.events[0]!.verb, "get");
  assert.equal(backend.events[0]!.objectRef, undefined);
});

test("A pipeline that throws logs a Panic event", async () => {
  const backend = collector();
  const handle = withAudit(async () => Promise.reject(new Error("boom")), { clock: new VirtualClock(), policy: policy("Metadata"), backend });
  await assert.rejects(handle(request()), /boom/);
  assert.deepEqual(backend.events.map((e) => e.stage), ["RequestReceived", "Panic"]);
  assert.deepEqual(backend.events[1]!.responseStatus, { metadata: {}, status: "Failure", message: "APIServer panic'd: boom", reason: "InternalError", code: 500 });
});

test("Connect subresources take their verb from the method, and a namespace names itself", async () => {
  const backend = collector();
  const handle = withAudit(async () => json(200, {}), { clock: new VirtualClock(), policy: policy("Metadata"), backend });
  await handle(request({ method: "POST", path: "/api/v1/namespaces/default/pods/web/exec", query: new URLSearchParams("command=sh") }));
  await handle(request({ path: "/api/v1/namespaces/kube-system" }));
  const exec = backend.events.filter((e) => e.objectRef?.subresource === "exec");
  assert.deepEqual(exec.map((e) => e.stage), ["RequestReceived", "ResponseStarted", "ResponseComplete"]);
  assert.equal(exec[0]!.verb, "create");
  assert.deepEqual(backend.events.at(-1)!.objectRef, { resource: "namespaces", namespace: "kube-system", name: "kube-system", apiVersion: "v1" });
});

test("A long user agent is cut as upstream cuts it", async () => {
  const backend = collector();
  const handle = withAudit(async () => json(200, {}), { clock: new VirtualClock(), policy: policy("Metadata"), backend });
  await handle(request({ headers: { "user-agent": "x".repeat(2000) } }));
  assert.equal(backend.events[0]!.userAgent, `${"x".repeat(1024)}...TRUNCATED`);
});
