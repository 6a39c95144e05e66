import { after, before, test } from "node:test";
import assert from "node:assert/strict";
import { existsSync } from "node:fs";
import { randomBytes } from "node:crypto";
import { builtinResources } from "../../api/index.js";
import { ETCD_BINARY, startEtcdTestServer, type EtcdTestServer } from "../../storage/etcd/etcd-test-server.js";
import { openEtcdStore } from "../../storage/etcd/etcd-store.js";
import { buildResourceTransformers, parseEncryptionConfiguration } from "./config.js";
import { createEncryptedStore } from "./encrypted-store.js";
import { createKeyResolver } from "./resource-keys.js";

const skip = existsSync(ETCD_BINARY) ? false : `${ETCD_BINARY} is not installed (Debian package etcd-server)`;
let server: EtcdTestServer | undefined;
before(async () => {
  if (!skip) server = await startEtcdTestServer();
});
after(async () => {
  await server?.stop();
});

/** The key's bytes as etcd holds them, through its JSON gateway rather than Skiff's client. */
async function rawEtcdValue(endpoint: string, key: string): Promise<Buffer> {
  const res = await fetch(`${endpoint}/v3/kv/range`, { method: "POST", body: JSON.stringify({ key: Buffer.from(key).toString("base64") }) });
  const body = (await res.json()) as { kvs?: { value: string }[] };
  return Buffer.from(body.kvs![0]!.value, "base64");
}

test("With etcd, a Secret's value is held encrypted and reads back unchanged", { skip }, async () => {
  const text = JSON.stringify({ apiVersion: "apiserver.config.k8s.io/v1", kind: "EncryptionConfiguration", resources: [{ resources: ["secrets"], providers: [{ secretbox: { keys: [{ name: "k1", secret: randomBytes(32).toString("base64") }] } }] }] });
  const store = createEncryptedStore(await openEtcdStore({ endpoints: [server!.endpoint] }), { transformers: buildResourceTransformers(parseEncryptionConfiguration(text, "f")), resolveKey: createKeyResolver(builtinResources) });
  try {
    const key = `/registry/secrets/default/db-${randomBytes(4).toString("hex")}`;
    const value = '{"kind":"Secret","data":{"password":"dG9wLXNlY3JldA=="}}\n';
    await store.create(key, value);
    const raw = await rawEtcdValue(server!.endpoint, key);
    assert.equal(raw.indexOf("dG9wLXNlY3JldA=="), -1);
    assert.equal(raw.subarray(0, "k8s:enc:secretbox:v1:k1:".length).toString(), "k8s:enc:secretbox:v1:k1:");
    assert.equal((await store.get(key))!.value, value);
  } finally {
    await store.close();
  }
});
