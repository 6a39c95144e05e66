import { test } from "node:test";
import assert from "node:assert/strict";
import { mkdtempSync, readFileSync, readdirSync, rmSync, statSync, writeFileSync, chmodSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { VirtualClock } from "../../util/clock.js";
import { createLogBackend, legacyLine } from "./log-backend.js";
import { createAuditLog } from "./index.js";
import type { AuditEvent } from "./types.js";

function event(i: number): AuditEvent {
  return {
    kind: "Event",
    apiVersion: "audit.k8s.io/v1",
    level: "Metadata",
    auditID: `id-${i}`,
    stage: "ResponseComplete",
    requestURI: "/api/v1/namespaces/default/pods",
    verb: "list",
    user: { username: "admin", groups: ["system:masters"] },
    sourceIPs: ["127.0.0.1"],
    userAgent: "kubectl/v1.35.0",
    objectRef: { resource: "pods", namespace: "default", apiVersion: "v1" },
    responseStatus: { metadata: {}, code: 200 },
    requestReceivedTimestamp: "2026-12-03T10:00:00.120000Z",
    stageTimestamp: "2026-12-03T10:00:00.125000Z",
  };
}

function tempDir(): string {
  return mkdtempSync(join(tmpdir(), "skiff-audit-"));
}

test("Events are written in order as one JSON line each, to a file created with mode 0600", async () => {
  const dir = tempDir();
  try {
    const file = join(dir, "logs", "audit.log");
    const backend = await createLogBackend({ path: file, format: "json", maxAge: 0, maxBackups: 0, maxSize: 0, clock: new VirtualClock() });
    for (let i = 0; i < 100; i++) backend.process(event(i));
    await backend.close();
    const lines = readFileSync(file, "utf8").trimEnd().split("\n");
    assert.equal(lines.length, 100);
    assert.deepEqual(lines.map((l) => (JSON.parse(l) as AuditEvent).auditID), Array.from({ length: 100 }, (_, i) => `id-${i}`));
    assert.equal(statSync(file).mode & 0o777, 0o600);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});

test("The legacy format is upstream's one-line text", () => {
  assert.equal(
    legacyLine(event(1)),
    '2026-12-03T10:00:00.12Z AUDIT: id="id-1" stage="ResponseComplete" ip="127.0.0.1" method="list" user="admin" groups="\\"system:masters\\"" as="<self>" asgroups="<lookup>" user-agent="kubectl/v1.35.0" namespace="default" uri="/api/v1/namespaces/default/pods" response="200"\n',
  );
});

test("Past --audit-log-maxsize the log rotates to timestamped backups, keeping --audit-log-maxbackup of them", async () => {
  const dir = tempDir();
  try {
    const clock = new VirtualClock(Date.UTC(2026, 11, 3, 10, 0, 0));
    const file = join(dir, "audit.log");
    const backend = await createLogBackend({ path: file, format: "json", maxAge: 0, maxBackups: 2, maxSize: 1, clock });
    // Three of these fit in a megabyte; the fourth starts a new file.
    const big = { ...event(0), requestObject: { pad: "x".repeat(300 * 1024) } };
    for (let i = 0; i < 12; i++) {
      backend.process({ ...big, auditID: `id-${i}` });
      await backend.flush();
      await clock.advance(1000);
    }
    await backend.close();
    assert.deepEqual(readdirSync(dir).sort(), ["audit-2026-12-03T10-00-06.000.log", "audit-2026-12-03T10-00-09.000.log", "audit.log"]);
    const ids = (name: string) => readFileSync(join(dir, name), "utf8").trimEnd().split("\n").map((l) => (JSON.parse(l) as AuditEvent).auditID);
    assert.deepEqual(ids("audit.log"), ["id-9", "id-10", "id-11"]);
    assert.deepEqual(ids("audit-2026-12-03T10-00-09.000.log"), ["id-6", "id-7", "id-8"]);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});

test("Backups older than --audit-log-maxage days are removed at the next rotation", async () => {
  const dir = tempDir();
  try {
    const clock = new VirtualClock(Date.UTC(2026, 11, 10, 0, 0, 0));
    writeFileSync(join(dir, "audit-2026-12-01T00-00-00.000.log"), "old\n");
    writeFileSync(join(dir, "audit-2026-12-09T12-00-00.000.log"), "recent\n");
    writeFileSync(join(dir, "unrelated.log"), "keep\n");
    const file = join(dir, "audit.log");
    writeFileSync(file, "x".repeat(1024 * 1024));
    const backend = await createLogBackend({ path: file, format: "json", maxAge: 3, maxBackups: 0, maxSize: 1, clock });
    backend.process(event(1));
    await backend.close();
    assert.deepEqual(readdirSync(dir).sort(), ["audit-2026-12-09T12-00-00.000.log", "audit-2026-12-10T00-00-00.000.log", "audit.log", "unrelated.log"]);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});

test("A log path that cannot be written, or a bad policy, fails at start-up", async () => {
  const dir = tempDir();
  try {
    const locked = join(dir, "locked");
    writeFileSync(locked, "");
    chmodSync(dir, 0o500);
    const asRoot = process.getuid?.() === 0;
    if (!asRoot) await assert.rejects(createAuditLog({ logPath: join(dir, "sub", "audit.log") }, new VirtualClock()), /^Error: ensureLogFile: EACCES/);
    chmodSync(dir, 0o700);
    // A directory where the file should be fails for root too.
    await assert.rejects(createAuditLog({ logPath: dir }, new VirtualClock()), /^Error: ensureLogFile: EISDIR/);
    writeFileSync(join(dir, "policy.yaml"), "apiVersion: audit.k8s.io/v1\nkind: Policy\nrules: []\n");
    await assert.rejects(createAuditLog({ policyFile: join(dir, "policy.yaml") }, new VirtualClock()), {
      message: `loading audit policy file: loaded illegal policy with 0 rules: from file ${join(dir, "policy.yaml")}`,
    });
    await assert.rejects(createAuditLog({ policyFile: join(dir, "missing.yaml") }, new VirtualClock()), /^AuditPolicyError: loading audit policy file: failed to read file path ".*missing.yaml"/);
  } finally {
    chmodSync(dir, 0o700);
    rmSync(dir, { recursive: true, force: true });
  }
});
