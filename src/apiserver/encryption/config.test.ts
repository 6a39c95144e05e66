import { test } from "node:test";
import assert from "node:assert/strict";
import { randomBytes } from "node:crypto";
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { buildResourceTransformers, EncryptionConfigError, parseEncryptionConfiguration } from "./config.js";
import { loadEncryptionAtRest } from "./index.js";

const key = (n = 32) => randomBytes(n).toString("base64");

function config(resources: unknown): string {
  return JSON.stringify({ apiVersion: "apiserver.config.k8s.io/v1", kind: "EncryptionConfiguration", resources });
}

function parseError(text: string): string {
  try {
    parseEncryptionConfiguration(text, "/etc/enc.yaml");
  } catch (err) {
    assert.ok(err instanceof EncryptionConfigError, String(err));
    return err.message;
  }
  assert.fail("the configuration was accepted");
}

test("A YAML configuration with every provider parses, and the legacy v1 EncryptionConfig kind is accepted", () => {
  const yaml = `apiVersion: apiserver.config.k8s.io/v1
kind: EncryptionConfiguration
resources:
- resources: [secrets, configmaps]
  providers:
  - aesgcm: {keys: [{name: g, secret: ${key(16)}}]}
  - aescbc: {keys: [{name: c, secret: ${key(24)}}]}
  - secretbox: {keys: [{name: s, secret: ${key()}}]}
  - identity: {}
`;
  const c = parseEncryptionConfiguration(yaml, "f");
  assert.deepEqual(c.resources[0]!.resources, ["secrets", "configmaps"]);
  assert.equal(c.resources[0]!.providers.length, 4);
  const legacy = parseEncryptionConfiguration(`kind: EncryptionConfig\napiVersion: v1\nresources:\n- resources: [secrets]\n  providers: [{identity: {}}]\n`, "f");
  assert.equal(legacy.resources.length, 1);
});

test("Bad configurations fail with upstream's messages", () => {
  const cases: [string, string, string | RegExp][] = [
    ["an empty file", "", 'encryption provider configuration file "/etc/enc.yaml" is empty'],
    ["another kind", JSON.stringify({ apiVersion: "v1", kind: "ConfigMap" }), "got unexpected config type: /v1, Kind=ConfigMap"],
    ["no kind", JSON.stringify({ resources: [] }), /^error decoding encryption provider configuration file "\/etc\/enc.yaml": Object 'Kind' is missing/],
    ["no resources", config([]), "resources: Required value: at least one resources is required"],
    ["no providers", config([{ resources: ["secrets"], providers: [] }]), "resources[0].providers: Required value: at least one resources[0].providers is required"],
    ["a short key", config([{ resources: ["secrets"], providers: [{ aescbc: { keys: [{ name: "k", secret: key(8) }] } }] }]), 'resources[0].providers[0].aescbc.keys[0].secret: Invalid value: "REDACTED": secret is not of the expected length, got 8, expected one of [16 24 32]'],
    ["a 16-byte secretbox key", config([{ resources: ["secrets"], providers: [{ secretbox: { keys: [{ name: "k", secret: key(16) }] } }] }]), 'resources[0].providers[0].secretbox.keys[0].secret: Invalid value: "REDACTED": secret is not of the expected length, got 16, expected one of [32]'],
    ["a key that is not base64", config([{ resources: ["secrets"], providers: [{ aesgcm: { keys: [{ name: "k", secret: "not base64!" }] } }] }]), 'resources[0].providers[0].aesgcm.keys[0].secret: Invalid value: "REDACTED": secrets must be base64 encoded'],
    ["a key without a name", config([{ resources: ["secrets"], providers: [{ aescbc: { keys: [{ secret: key() }] } }] }]), "resources[0].providers[0].aescbc.keys[0].name: Required value: name is a mandatory field for a key"],
    ["two providers in one element", config([{ resources: ["secrets"], providers: [{ identity: {}, aescbc: { keys: [{ name: "k", secret: key() }] } }] }]), /more than one provider specified in a single element, should split into different list elements$/],
    ["a bare star", config([{ resources: ["*"], providers: [{ identity: {} }] }]), `resources[0].resources[0]: Invalid value: "*": use '*.' to encrypt all the resources from core API group or *.* to encrypt all resources`],
    ["capital letters", config([{ resources: ["Secrets"], providers: [{ identity: {} }] }]), 'resources[0].resources[0]: Invalid value: "Secrets": resource name should not contain capital letters'],
    ["overlapping resources", config([{ resources: ["secrets", "*."], providers: [{ identity: {} }] }]), /using overlapping resources such as 'secrets' and '\*\.' in the same resource list is not allowed as they will be masked$/],
    ["a resource masked by an earlier wildcard", config([{ resources: ["*.*"], providers: [{ identity: {} }] }, { resources: ["secrets"], providers: [{ identity: {} }] }]), 'resource "secrets" is masked by earlier rule "*.*"'],
    ["a KMS provider", config([{ resources: ["secrets"], providers: [{ kms: { name: "x", endpoint: "unix:///kms.sock" } }] }]), /KMS providers are not supported by Skiff/],
    ["keys that are not a list", config([{ resources: ["secrets"], providers: [{ aescbc: { keys: "k" } }] }]), /resources\[0\].providers\[0\].aescbc.keys: expected an array/],
  ];
  for (const [name, text, want] of cases) {
    const got = (() => {
      try {
        // Masking is found while building, as upstream.
        buildResourceTransformers(parseEncryptionConfiguration(text, "/etc/enc.yaml"));
      } catch (err) {
        assert.ok(err instanceof EncryptionConfigError, `${name}: ${String(err)}`);
        return err.message;
      }
      assert.fail(`${name}: accepted`);
    })();
    if (typeof want === "string") assert.equal(got, want, name);
    else assert.match(got, want, name);
  }
  assert.equal(parseError(""), 'encryption provider configuration file "/etc/enc.yaml" is empty');
});

test("Several errors come back together, as upstream's aggregate", () => {
  const msg = parseError(config([{ resources: ["Secrets", "*"], providers: [] }]));
  assert.match(msg, /^\[.*capital letters.*, .*use '\*\.'.*, .*at least one resources\[0\].providers is required\]$/);
});

test("Loading a file that does not exist says which file", async () => {
  await assert.rejects(loadEncryptionAtRest("/nonexistent/enc.yaml"), /error opening encryption provider configuration file "\/nonexistent\/enc.yaml"/);
});

test("Resources are matched exactly, then by their group's wildcard, then by *.*", () => {
  const dir = mkdtempSync(join(tmpdir(), "skiff-enc-"));
  try {
    writeFileSync(join(dir, "c.json"), "{}");
    const t = buildResourceTransformers(
      parseEncryptionConfiguration(
        config([
          { resources: ["secrets"], providers: [{ aescbc: { keys: [{ name: "a", secret: key() }] } }] },
          { resources: ["*.apps"], providers: [{ aesgcm: { keys: [{ name: "b", secret: key() }] } }] },
        ]),
        "f",
      ),
    );
    assert.match(t.transformerFor("", "secrets")!.write("x", "/registry/secrets/a/b"), /^k8s:enc:aescbc:v1:a:/);
    assert.match(t.transformerFor("apps", "deployments")!.write("x", "/registry/apps/deployments/a/b"), /^k8s:enc:aesgcm:v1:b:/);
    assert.equal(t.transformerFor("", "configmaps"), undefined);
    assert.equal(t.transformerFor("batch", "jobs"), undefined);
    const all = buildResourceTransformers(parseEncryptionConfiguration(config([{ resources: ["*.*"], providers: [{ secretbox: { keys: [{ name: "s", secret: key() }] } }] }]), "f"));
    assert.match(all.transformerFor("batch", "jobs")!.write("x", "/registry/batch/jobs/a/b"), /^k8s:enc:secretbox:v1:s:/);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});
