import { test } from "node:test";
import assert from "node:assert/strict";
import { randomBytes } from "node:crypto";
import { mkdtempSync, readFileSync, readdirSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { builtinResources } from "../../api/index.js";
import { createMemoryStore } from "../../storage/memory/memory-store.js";
import { openSqliteStore } from "../../storage/sqlite/sqlite-store.js";
import { runStoreConformance } from "../../storage/conformance.js";
import type { StoreEvent } from "../../storage/store.js";
import { buildResourceTransformers, parseEncryptionConfiguration } from "./config.js";
import { createEncryptedStore } from "./encrypted-store.js";
import { createKeyResolver } from "./resource-keys.js";

const secret = () => randomBytes(32).toString("base64");

function transformers(resources: string[], ...providers: object[]) {
  const text = JSON.stringify({ apiVersion: "apiserver.config.k8s.io/v1", kind: "EncryptionConfiguration", resources: [{ resources, providers }] });
  return buildResourceTransformers(parseEncryptionConfiguration(text, "f"));
}

// Every key encrypted: the decorated store keeps every Store promise.
const everything = transformers(["*.*"], { aesgcm: { keys: [{ name: "k", secret: secret() }] } });
runStoreConformance({
  name: "encrypted (aesgcm over memory)",
  newStore: async () => createEncryptedStore(createMemoryStore(), { transformers: everything, resolveKey: () => ({ group: "x", resource: "y" }) }),
});

const SECRET_KEY = "/registry/secrets/default/db";
const SECRET_VALUE = '{"kind":"Secret","data":{"password":"c3VwZXItc2VjcmV0"}}\n';

test("Only the configured resources are encrypted, chosen by their storage key", async () => {
  const inner = createMemoryStore();
  const store = createEncryptedStore(inner, { transformers: transformers(["secrets", "*.apps"], { aescbc: { keys: [{ name: "key1", secret: secret() }] } }), resolveKey: createKeyResolver(builtinResources) });
  await store.create(SECRET_KEY, SECRET_VALUE);
  await store.create("/registry/configmaps/default/cm", "{}\n");
  await store.create("/registry/apps/deployments/default/web", "{}\n");
  await store.create("/registry/batch/jobs/default/j", "{}\n");
  const raw = async (k: string) => (await inner.get(k))!.value;
  assert.ok((await raw(SECRET_KEY)).startsWith("k8s:enc:aescbc:v1:key1:"));
  assert.ok((await raw("/registry/apps/deployments/default/web")).startsWith("k8s:enc:aescbc:v1:key1:"));
  assert.equal(await raw("/registry/configmaps/default/cm"), "{}\n");
  assert.equal(await raw("/registry/batch/jobs/default/j"), "{}\n");
  assert.equal((await store.get(SECRET_KEY))!.value, SECRET_VALUE);
  assert.deepEqual((await store.list("/registry/secrets/")).items.map((kv) => kv.value), [SECRET_VALUE]);
});

test("Watch events and their previous values arrive decrypted, deletes included", async () => {
  const inner = createMemoryStore();
  const store = createEncryptedStore(inner, { transformers: transformers(["secrets"], { secretbox: { keys: [{ name: "s", secret: secret() }] } }), resolveKey: createKeyResolver(builtinResources) });
  const events: StoreEvent[] = [];
  const w = store.watch("/registry/secrets/", await store.currentRevision(), { onEvents: (evs) => events.push(...evs), onError: (e) => assert.fail(e) });
  await store.create(SECRET_KEY, "v1");
  await store.guaranteedUpdate(SECRET_KEY, () => "v2");
  await store.delete(SECRET_KEY);
  for (let i = 0; i < 50 && events.length < 3; i++) await new Promise((r) => setImmediate(r));
  w.close();
  assert.deepEqual(events.map((e) => [e.type, e.value, e.prevValue]), [["put", "v1", undefined], ["put", "v2", "v1"], ["delete", "v2", "v2"]]);
});

test("An unchanged update writes nothing, unless the value is under an old key: then it is re-encrypted", async () => {
  const inner = createMemoryStore();
  const resolveKey = createKeyResolver(builtinResources);
  const oldKey = { name: "key1", secret: secret() };
  const before = createEncryptedStore(inner, { transformers: transformers(["secrets"], { aescbc: { keys: [oldKey] } }), resolveKey });
  const created = await before.create(SECRET_KEY, SECRET_VALUE);
  const same = await before.guaranteedUpdate(SECRET_KEY, (cur) => cur!.value);
  assert.equal(same.kv.modRevision, created.modRevision);
  assert.equal(same.kv.value, SECRET_VALUE);

  const rotated = createEncryptedStore(inner, { transformers: transformers(["secrets"], { aescbc: { keys: [{ name: "key2", secret: secret() }, oldKey] } }), resolveKey });
  const read = await rotated.get(SECRET_KEY);
  assert.equal(read!.stale, true);
  let sawStale: boolean | undefined;
  const rewritten = await rotated.guaranteedUpdate(SECRET_KEY, (cur) => {
    sawStale = cur!.stale;
    return cur!.value;
  });
  assert.equal(sawStale, true);
  assert.ok(rewritten.kv.modRevision > created.modRevision);
  assert.equal(rewritten.kv.value, SECRET_VALUE);
  assert.ok((await inner.get(SECRET_KEY))!.value.startsWith("k8s:enc:aescbc:v1:key2:"));
  assert.equal((await rotated.get(SECRET_KEY))!.stale, undefined);
});

test("A value no configured key can read fails the read with the key named in lists", async () => {
  const inner = createMemoryStore();
  const resolveKey = createKeyResolver(builtinResources);
  await createEncryptedStore(inner, { transformers: transformers(["secrets"], { aesgcm: { keys: [{ name: "gone", secret: secret() }] } }), resolveKey }).create(SECRET_KEY, SECRET_VALUE);
  const store = createEncryptedStore(inner, { transformers: transformers(["secrets"], { aesgcm: { keys: [{ name: "new", secret: secret() }] } }), resolveKey });
  await assert.rejects(store.get(SECRET_KEY), /^TransformError: no matching key was found for the provided AES transformer$/);
  await assert.rejects(store.list("/registry/secrets/"), /unable to transform key "\/registry\/secrets\/default\/db": no matching key was found/);
});

test("Encrypted bytes survive SQLite unchanged, and its file never holds the plaintext", async () => {
  const dir = mkdtempSync(join(tmpdir(), "skiff-enc-sqlite-"));
  try {
    const t = transformers(["secrets"], { aescbc: { keys: [{ name: "key1", secret: secret() }] } });
    const resolveKey = createKeyResolver(builtinResources);
    const first = createEncryptedStore(openSqliteStore({ dataDir: dir }), { transformers: t, resolveKey });
    // Enough values that every byte value, NUL included, lands in some ciphertext.
    for (let i = 0; i < 64; i++) await first.create(`${SECRET_KEY}-${i}`, SECRET_VALUE.replace("db", `db-${i}`));
    await first.close();
    const bytes = Buffer.concat(readdirSync(dir).map((f) => readFileSync(join(dir, f))));
    assert.equal(bytes.indexOf("c3VwZXItc2VjcmV0"), -1);
    assert.notEqual(bytes.indexOf("k8s:enc:aescbc:v1:key1:"), -1);
    const second = createEncryptedStore(openSqliteStore({ dataDir: dir }), { transformers: t, resolveKey });
    const { items } = await second.list("/registry/secrets/");
    assert.equal(items.length, 64);
    for (const kv of items) assert.equal(kv.value, SECRET_VALUE.replace("db", `db-${kv.key.split("-").pop()}`));
    await second.close();
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});
