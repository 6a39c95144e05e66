import { test } from "node:test";
import assert from "node:assert/strict";
import { randomBytes } from "node:crypto";
import { buildResourceTransformers, parseEncryptionConfiguration } from "./config.js";
import type { Transformer } from "./transformer.js";

const KEY = "/registry/secrets/default/db";
const PLAIN = '{"kind":"Secret","apiVersion":"v1","metadata":{"name":"db"},"data":{"password":"aHVudGVyMg=="},"note":"ünïcödé ✓"}\n';

type Provider = "aescbc" | "aesgcm" | "secretbox" | "identity";

function transformer(...providers: ({ type: Provider; keys?: { name: string; secret: string }[] })[]): Transformer {
  const text = JSON.stringify({
    apiVersion: "apiserver.config.k8s.io/v1",
    kind: "EncryptionConfiguration",
    resources: [{ resources: ["secrets"], providers: providers.map((p) => ({ [p.type]: p.type === "identity" ? {} : { keys: p.keys } })) }],
  });
  return buildResourceTransformers(parseEncryptionConfiguration(text, "f")).transformerFor("", "secrets")!;
}

const secret = () => randomBytes(32).toString("base64");

test("Each provider writes its upstream prefix and key name, hides the plaintext and reads it back", () => {
  for (const type of ["aescbc", "aesgcm", "secretbox"] as const) {
    const t = transformer({ type, keys: [{ name: "key1", secret: secret() }] });
    const stored = t.write(PLAIN, KEY);
    assert.ok(stored.startsWith(`k8s:enc:${type}:v1:key1:`), `${type}: ${stored.slice(0, 30)}`);
    assert.ok(!stored.includes("aHVudGVyMg=="), type);
    assert.ok(!stored.includes("Secret"), type);
    assert.deepEqual(t.read(stored, KEY), { value: PLAIN, stale: false }, type);
    // A random IV or nonce: the same value never encrypts the same way twice.
    assert.notEqual(t.write(PLAIN, KEY), stored, type);
  }
});

test("The stored bytes are laid out as upstream's: IV or nonce, then ciphertext (and tag)", () => {
  const body = (stored: string, prefix: string) => Buffer.from(stored.slice(prefix.length), "latin1");
  const plainLen = Buffer.byteLength(PLAIN);
  const cbc = body(transformer({ type: "aescbc", keys: [{ name: "k", secret: secret() }] }).write(PLAIN, KEY), "k8s:enc:aescbc:v1:k:");
  assert.equal(cbc.length, 16 + (Math.floor(plainLen / 16) + 1) * 16);
  const gcm = body(transformer({ type: "aesgcm", keys: [{ name: "k", secret: secret() }] }).write(PLAIN, KEY), "k8s:enc:aesgcm:v1:k:");
  assert.equal(gcm.length, 12 + plainLen + 16);
  const box = body(transformer({ type: "secretbox", keys: [{ name: "k", secret: secret() }] }).write(PLAIN, KEY), "k8s:enc:secretbox:v1:k:");
  assert.equal(box.length, 24 + 16 + plainLen);
});

test("identity stores plaintext and refuses to read encrypted values", () => {
  const t = transformer({ type: "identity" });
  assert.equal(t.write(PLAIN, KEY), PLAIN);
  assert.deepEqual(t.read(PLAIN, KEY), { value: PLAIN, stale: false });
  assert.throws(() => t.read("k8s:enc:aescbc:v1:key1:xxxx", KEY), /no matching prefix found/);
});

test("A wrong key of the same name fails to decrypt, and an unknown key name is reported", () => {
  for (const type of ["aescbc", "aesgcm", "secretbox"] as const) {
    const stored = transformer({ type, keys: [{ name: "key1", secret: secret() }] }).write(PLAIN, KEY);
    const wrong = transformer({ type, keys: [{ name: "key1", secret: secret() }] });
    if (type === "aescbc") {
      // AES-CBC has no authentication: a wrong key fails on the padding, except by chance (1 in ~256) with garbage.
      let out: string | undefined;
      try {
        out = wrong.read(stored, KEY).value;
      } catch (err) {
        assert.match(String(err), /invalid (PKCS7 data \(empty or not padded\)|padding on input)/);
      }
      assert.notEqual(out, PLAIN);
    } else {
      assert.throws(() => wrong.read(stored, KEY), type === "aesgcm" ? /^TransformError: cipher: message authentication failed$/ : /^TransformError: output array was not large enough for encryption$/);
    }
    assert.throws(() => transformer({ type, keys: [{ name: "key2", secret: secret() }] }).read(stored, KEY), /^TransformError: no matching key was found for the provided (AES|Secretbox) transformer$/);
  }
});

test("aesgcm authenticates the storage key: a value copied under another key does not decrypt", () => {
  const t = transformer({ type: "aesgcm", keys: [{ name: "k", secret: secret() }] });
  const stored = t.write(PLAIN, KEY);
  assert.throws(() => t.read(stored, "/registry/secrets/default/other"), /message authentication failed/);
  const cbc = transformer({ type: "aescbc", keys: [{ name: "k", secret: secret() }] });
  assert.equal(cbc.read(cbc.write(PLAIN, KEY), "/registry/secrets/default/other").value, PLAIN);
});

test("Rotation: values under an old key or a later provider read as stale; the first key writes", () => {
  const oldKey = { name: "key1", secret: secret() };
  const newKey = { name: "key2", secret: secret() };
  const before = transformer({ type: "aescbc", keys: [oldKey] });
  const storedOld = before.write(PLAIN, KEY);
  const rotated = transformer({ type: "aescbc", keys: [newKey, oldKey] });
  assert.deepEqual(rotated.read(storedOld, KEY), { value: PLAIN, stale: true });
  const storedNew = rotated.write(PLAIN, KEY);
  assert.ok(storedNew.startsWith("k8s:enc:aescbc:v1:key2:"));
  assert.deepEqual(rotated.read(storedNew, KEY), { value: PLAIN, stale: false });
  // Turning encryption on: plaintext written before reads through identity, stale.
  const turningOn = transformer({ type: "aesgcm", keys: [newKey] }, { type: "identity" });
  assert.deepEqual(turningOn.read(PLAIN, KEY), { value: PLAIN, stale: true });
  // Two providers sharing a prefix: a failure in the first lets the second try.
  const twoEntries = transformer({ type: "aescbc", keys: [newKey] }, { type: "aescbc", keys: [{ name: "key1", secret: secret() }] }, { type: "aescbc", keys: [oldKey] });
  assert.deepEqual(twoEntries.read(storedOld, KEY), { value: PLAIN, stale: true });
});

test("Truncated and tampered values are refused, never returned", () => {
  for (const type of ["aescbc", "aesgcm", "secretbox"] as const) {
    const t = transformer({ type, keys: [{ name: "k", secret: secret() }] });
    const prefix = `k8s:enc:${type}:v1:k:`;
    assert.throws(() => t.read(`${prefix}short`, KEY), /shorter than the required size|message authentication failed|not a multiple of the block size/, type);
    if (type !== "aescbc") {
      const stored = t.write(PLAIN, KEY);
      const flipped = stored.slice(0, -1) + String.fromCharCode(stored.charCodeAt(stored.length - 1) ^ 1);
      assert.throws(() => t.read(flipped, KEY), type);
    }
  }
});
