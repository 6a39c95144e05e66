import { test } from "node:test";
import assert from "node:assert/strict";
import { randomBytes } from "node:crypto";
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { createMemoryStore } from "../../storage/memory/memory-store.js";
import type { Store } from "../../storage/store.js";
import { VirtualClock } from "../../util/clock.js";
import { createInProcessApiServer } from "../index.js";
import { loadEncryptionAtRest } from "./index.js";

const opts = { dryRun: false, fieldValidation: "Strict" as const, fieldManager: "test", user: { username: "admin", groups: ["system:masters"] } };

async function serverWith(store: Store, dir: string, keys: [string, string][]) {
  const file = join(dir, `enc-${keys.map(([n]) => n).join("-")}.yaml`);
  writeFileSync(file, JSON.stringify({ apiVersion: "apiserver.config.k8s.io/v1", kind: "EncryptionConfiguration", resources: [{ resources: ["secrets"], providers: [{ aesgcm: { keys: keys.map(([name, secret]) => ({ name, secret })) } }] }] }));
  return createInProcessApiServer({ store, clock: new VirtualClock(), serviceCIDR: "10.96.0.0/12", nodePortRange: [30000, 32767], advertiseAddress: "127.0.0.1", port: 6443, compactionIntervalMs: 0, encryption: await loadEncryptionAtRest(file) });
}

test("Through the registry: an update that changes nothing writes nothing, unless the Secret is under an old key", async () => {
  const dir = mkdtempSync(join(tmpdir(), "skiff-enc-api-"));
  const store = createMemoryStore();
  const key1: [string, string] = ["key1", randomBytes(32).toString("base64")];
  const key2: [string, string] = ["key2", randomBytes(32).toString("base64")];
  const first = await serverWith(store, dir, [key1]);
  const second = await serverWith(store, dir, [key2, key1]);
  try {
    await first.core.registry("", "v1", "namespaces")!.create(undefined, { apiVersion: "v1", kind: "Namespace", metadata: { name: "default" } }, opts);
    const secrets = first.core.registry("", "v1", "secrets")!;
    const created = await secrets.create("default", { apiVersion: "v1", kind: "Secret", metadata: { name: "db" }, data: { password: Buffer.from("hunter2").toString("base64") } }, opts);
    const raw = async () => (await store.get("/registry/secrets/default/db"))!.value;
    assert.ok((await raw()).startsWith("k8s:enc:aesgcm:v1:key1:"));
    const same = await secrets.mutate("default", "db", (o) => o, opts);
    assert.equal(same.object.metadata.resourceVersion, created.object.metadata.resourceVersion);

    const rotated = await second.core.registry("", "v1", "secrets")!.mutate("default", "db", (o) => o, opts);
    assert.ok(Number(rotated.object.metadata.resourceVersion) > Number(created.object.metadata.resourceVersion));
    assert.deepEqual(rotated.object.data, { password: Buffer.from("hunter2").toString("base64") });
    assert.ok((await raw()).startsWith("k8s:enc:aesgcm:v1:key2:"));
    const again = await second.core.registry("", "v1", "secrets")!.mutate("default", "db", (o) => o, opts);
    assert.equal(again.object.metadata.resourceVersion, rotated.object.metadata.resourceVersion);
  } finally {
    await first.close();
    await second.close();
    rmSync(dir, { recursive: true, force: true });
  }
});
