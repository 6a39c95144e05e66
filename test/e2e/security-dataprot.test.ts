/**
 * Data protection with the real kubectl against `skiff up` on SQLite:
 * Secrets encrypted at rest (--encryption-provider-config), readable again
 * after a restart, moved to a new key by rewriting them; and the audit log
 * (--audit-policy-file, --audit-log-path) holding upstream's Event lines
 * for kubectl's create, get and delete.
 */
import { after, before, describe, test } from "node:test";
import assert from "node:assert/strict";
import { execFile } from "node:child_process";
import { randomBytes } from "node:crypto";
import { mkdtempSync, readFileSync, readdirSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import Database from "better-sqlite3";
import { startTestCluster, type TestCluster } from "./cluster.js";
import { rawClient } from "./api-client.js";
import { repoRoot } from "./tools.js";

const key1 = randomBytes(32).toString("base64");
const key2 = randomBytes(32).toString("base64");

const encryptionConfig = (...keys: [string, string][]) => `apiVersion: apiserver.config.k8s.io/v1
kind: EncryptionConfiguration
resources:
- resources: [secrets]
  providers:
  - aescbc:
      keys:
${keys.map(([name, secret]) => `      - name: ${name}\n        secret: ${secret}`).join("\n")}
  - identity: {}
`;

const auditPolicy = `apiVersion: audit.k8s.io/v1
kind: Policy
omitStages: [ResponseStarted]
rules:
- level: None
  nonResourceURLs: ["/healthz*", "/readyz*", "/livez*", "/version"]
# Secret values must not reach the log: metadata only.
- level: Metadata
  resources: [{group: "", resources: ["secrets"]}]
- level: RequestResponse
  resources: [{group: "", resources: ["configmaps"]}]
  namespaces: ["default"]
- level: None
`;

interface AuditEventLine {
  kind: string;
  apiVersion: string;
  level: string;
  auditID: string;
  stage: string;
  requestURI: string;
  verb: string;
  user: { username?: string; groups?: string[] };
  userAgent?: string;
  objectRef?: { resource?: string; namespace?: string; name?: string; apiVersion?: string };
  responseStatus?: { code: number; reason?: string };
  requestObject?: { metadata?: { name?: string }; data?: Record<string, string> };
  responseObject?: { metadata?: { name?: string } };
  requestReceivedTimestamp: string;
  stageTimestamp: string;
}

/** Every byte the SQLite store keeps on disk: the database, its write-ahead log and shared memory. */
function storeBytes(dataDir: string): Buffer {
  const dir = join(dataDir, "db");
  return Buffer.concat(readdirSync(dir).map((f) => readFileSync(join(dir, f))));
}

/** The value of a key's latest revision, read from the SQLite file beside the running server. */
function latestStoredValue(dataDir: string, key: string): string {
  const db = new Database(join(dataDir, "db", "state.db"), { readonly: true, fileMustExist: true });
  try {
    const row = db.prepare("SELECT value FROM kv WHERE name = ? ORDER BY id DESC LIMIT 1").get(key) as { value: string } | undefined;
    assert.ok(row, `no row for ${key}`);
    return row.value;
  } finally {
    db.close();
  }
}

function readAudit(file: string): AuditEventLine[] {
  return readFileSync(file, "utf8")
    .split("\n")
    .filter(Boolean)
    .map((l) => JSON.parse(l) as AuditEventLine);
}

async function until<T>(what: string, check: () => T | undefined, timeoutMs = 10_000): Promise<T> {
  const end = Date.now() + timeoutMs;
  for (;;) {
    const v = check();
    if (v !== undefined) return v;
    if (Date.now() > end) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 50));
  }
}

describe("data protection: encryption at rest and audit logging", { concurrency: false }, () => {
  const work = mkdtempSync(join(tmpdir(), "skiff-dataprot-"));
  const dataDir = join(work, "data");
  const encFile = join(work, "encryption.yaml");
  const policyFile = join(work, "audit-policy.yaml");
  const auditLog = join(work, "audit", "audit.log");
  const args = ["--storage", "sqlite", "--encryption-provider-config", encFile, "--audit-policy-file", policyFile, "--audit-log-path", auditLog];
  const password = `pw-${randomBytes(12).toString("hex")}`;
  const plainNote = `note-${randomBytes(12).toString("hex")}`;
  let c: TestCluster | undefined;

  before(() => {
    writeFileSync(encFile, encryptionConfig(["key1", key1]));
    writeFileSync(policyFile, auditPolicy);
  });
  after(async () => {
    await c?.stop();
    rmSync(work, { recursive: true, force: true });
  });

  test("a Secret created with kubectl is stored encrypted: the SQLite files hold the aescbc prefix, never the value", async () => {
    c = await startTestCluster({ dataDir, args });
    await c.k(["create", "secret", "generic", "db", `--from-literal=password=${password}`]);
    await c.k(["create", "configmap", "notes", `--from-literal=note=${plainNote}`]);
    assert.equal(Buffer.from(await c.k(["get", "secret", "db", "-o", "jsonpath={.data.password}"]), "base64").toString(), password);
    await c.stop();
    c = undefined;
    const bytes = storeBytes(dataDir);
    assert.equal(bytes.indexOf(password), -1, "the password is in the store's files");
    assert.equal(bytes.indexOf(Buffer.from(password).toString("base64")), -1, "the password's base64 is in the store's files");
    assert.notEqual(bytes.indexOf("k8s:enc:aescbc:v1:key1:"), -1);
    // ConfigMaps are not configured: their plaintext is there, so the search above can find what is there.
    assert.notEqual(bytes.indexOf(plainNote), -1);
  });

  test("after a restart the Secret reads back decoded", async () => {
    c = await startTestCluster({ dataDir, args });
    assert.equal(Buffer.from(await c.k(["get", "secret", "db", "-o", "jsonpath={.data.password}"]), "base64").toString(), password);
    const listed = JSON.parse(await c.k(["get", "secrets", "-o", "json"])) as { items: { metadata: { name: string }; data?: Record<string, string> }[] };
    assert.equal(Buffer.from(listed.items.find((s) => s.metadata.name === "db")!.data!.password!, "base64").toString(), password);
  });

  test("rotation: with the new key first, rewriting every Secret moves it to the new key", async () => {
    await c!.stop();
    c = undefined;
    const key = "/registry/secrets/default/db";
    assert.ok(latestStoredValue(dataDir, key).startsWith("k8s:enc:aescbc:v1:key1:"));
    writeFileSync(encFile, encryptionConfig(["key2", key2], ["key1", key1]));
    c = await startTestCluster({ dataDir, args });
    const all = await c.k(["get", "secrets", "-A", "-o", "json"]);
    await c.k(["replace", "-f", "-"], all);
    assert.equal(Buffer.from(await c.k(["get", "secret", "db", "-o", "jsonpath={.data.password}"]), "base64").toString(), password);
    const metrics = await c.k(["get", "--raw", "/metrics"]);
    assert.match(metrics, /apiserver_storage_transformation_operations_total\{status="OK",transformation_type="to_storage",transformer_prefix="k8s:enc:aescbc:v1:"\} [1-9]/);
    assert.match(metrics, /apiserver_storage_transformation_operations_total\{status="OK",transformation_type="from_storage",transformer_prefix="key1:"\} [1-9]/);
    // The store holds its files exclusively while it runs: look once it has stopped.
    await c.stop();
    c = undefined;
    assert.ok(latestStoredValue(dataDir, key).startsWith("k8s:enc:aescbc:v1:key2:"));
    c = await startTestCluster({ dataDir, args });
  });

  test("the audit log holds upstream's Event lines for kubectl create, get and delete, with the Audit-Id the client saw", async () => {
    await c!.k(["create", "configmap", "audited", "--from-literal=k=v"]);
    await c!.k(["get", "configmap", "audited"]);
    await c!.k(["delete", "configmap", "audited"]);
    const mine = (evs: AuditEventLine[]) => evs.filter((e) => e.objectRef?.resource === "configmaps" && e.objectRef.name === "audited");
    const events = await until("the delete's ResponseComplete", () => {
      const evs = mine(readAudit(auditLog));
      return evs.some((e) => e.verb === "delete" && e.stage === "ResponseComplete") ? evs : undefined;
    });
    // One request, two events: kubectl delete reads the object before deleting it, so there are several gets.
    const byRequest = new Map<string, AuditEventLine[]>();
    for (const e of events) byRequest.set(e.auditID, [...(byRequest.get(e.auditID) ?? []), e]);
    for (const [id, evs] of byRequest) assert.deepEqual(evs.map((e) => e.stage), ["RequestReceived", "ResponseComplete"], `${evs[0]!.verb} ${id}`);
    const verbs = [...byRequest.values()].map((evs) => evs[0]!.verb);
    assert.equal(verbs.filter((v) => v === "create").length, 1);
    assert.equal(verbs.filter((v) => v === "delete").length, 1);
    assert.ok(verbs.includes("get"));
    for (const e of events) {
      assert.equal(e.kind, "Event");
      assert.equal(e.apiVersion, "audit.k8s.io/v1");
      assert.equal(e.level, "RequestResponse");
      assert.equal(e.user.username, "admin");
      assert.ok(e.user.groups?.includes("system:masters"));
      assert.match(e.userAgent ?? "", /^kubectl\//);
      assert.deepEqual(e.objectRef, { resource: "configmaps", namespace: "default", name: "audited", apiVersion: "v1" });
      assert.match(e.requestReceivedTimestamp, /^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{6}Z$/);
      assert.match(e.stageTimestamp, /^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{6}Z$/);
    }
    const done = (verb: string) => events.find((e) => e.verb === verb && e.stage === "ResponseComplete")!;
    assert.equal(done("create").responseStatus?.code, 201);
    assert.equal(done("create").requestObject?.data?.k, "v");
    assert.equal(done("create").responseObject?.metadata?.name, "audited");
    assert.equal(done("get").responseStatus?.code, 200);
    assert.match(done("get").requestURI, /^\/api\/v1\/namespaces\/default\/configmaps\/audited/);
    assert.equal(done("delete").responseStatus?.code, 200);
    const received = events.find((e) => e.verb === "create" && e.stage === "RequestReceived")!;
    assert.equal(received.auditID, done("create").auditID);
    assert.equal(received.responseStatus, undefined);

    // Secrets are audited at Metadata: their values never reach the log.
    const log = readFileSync(auditLog, "utf8");
    assert.match(log, /"resource":"secrets"/);
    assert.equal(log.indexOf(Buffer.from(password).toString("base64")), -1);
    assert.equal(log.indexOf(password), -1);

    // The Audit-Id a client is answered with names its events.
    const res = await rawClient(c!.kubeconfig).request("GET", "/api/v1/namespaces/default/configmaps/notes");
    assert.equal(res.status, 200);
    const id = String(res.headers["audit-id"]);
    const byId = await until("the raw request's events", () => {
      const evs = readAudit(auditLog).filter((e) => e.auditID === id);
      return evs.length === 2 ? evs : undefined;
    });
    assert.deepEqual(byId.map((e) => [e.stage, e.objectRef?.name]), [["RequestReceived", "notes"], ["ResponseComplete", "notes"]]);
  });
});

describe("data protection: bad configuration stops start-up with a clear error", () => {
  const run = (args: string[]) =>
    new Promise<{ code: number; stderr: string }>((resolve) => {
      execFile(process.execPath, [join(repoRoot, "bin", "skiff"), "server", "--port", "0", ...args], { timeout: 30_000 }, (err, _stdout, stderr) => {
        resolve({ code: err ? Number((err as { code?: unknown }).code ?? 1) : 0, stderr });
      });
    });

  test("an encryption key of the wrong length, an empty policy and an unwritable log path are refused", async () => {
    const work = mkdtempSync(join(tmpdir(), "skiff-dataprot-bad-"));
    try {
      const enc = join(work, "enc.yaml");
      writeFileSync(enc, encryptionConfig(["short", randomBytes(8).toString("base64")]));
      const bad = await run(["--data-dir", join(work, "d1"), "--encryption-provider-config", enc]);
      assert.equal(bad.code, 1);
      assert.match(bad.stderr, /^Error: resources\[0\]\.providers\[0\]\.aescbc\.keys\[0\]\.secret: Invalid value: "REDACTED": secret is not of the expected length, got 8, expected one of \[16 24 32\]$/m);

      const policy = join(work, "policy.yaml");
      writeFileSync(policy, "apiVersion: audit.k8s.io/v1\nkind: Policy\nrules: []\n");
      const empty = await run(["--data-dir", join(work, "d2"), "--audit-policy-file", policy, "--audit-log-path", join(work, "audit.log")]);
      assert.equal(empty.code, 1);
      assert.match(empty.stderr, /^Error: loading audit policy file: loaded illegal policy with 0 rules: from file /m);

      // A log path below a regular file cannot be created, whoever runs it.
      writeFileSync(policy, auditPolicy);
      const unwritable = await run(["--data-dir", join(work, "d3"), "--audit-policy-file", policy, "--audit-log-path", join(enc, "audit.log")]);
      assert.equal(unwritable.code, 1);
      assert.match(unwritable.stderr, /^Error: ensureLogFile: /m);

      const format = await run(["--data-dir", join(work, "d4"), "--audit-log-path", "-", "--audit-log-format", "xml"]);
      assert.equal(format.code, 1);
      assert.match(format.stderr, /^Error: invalid audit log format xml, allowed formats are "legacy,json"$/m);
    } finally {
      rmSync(work, { recursive: true, force: true });
    }
  });
});
