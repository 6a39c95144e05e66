import { test } from "node:test";
import assert from "node:assert/strict";
import { fieldErrorMessage, type FieldError } from "../validation/field.js";
import { secrets, type SecretObject } from "./secrets.js";
import { testContext } from "../testing/hook-context.js";

const ctx = testContext({ now: 0 });
const b64 = (s: string) => Buffer.from(s).toString("base64");
const secret = (extra: Record<string, unknown>): SecretObject => ({ metadata: { name: "s" }, ...extra }) as SecretObject;
const messages = (s: SecretObject) => (secrets.validate!(s, ctx) as FieldError[]).map(fieldErrorMessage);

test("Secrets default to Opaque and stringData is folded into data and removed.", () => {
  const s = secret({ data: { a: b64("old"), b: b64("keep") }, stringData: { a: "new" } });
  secrets.defaults!(s);
  assert.equal(s.type, "Opaque");
  assert.deepEqual(s.data, { a: b64("new"), b: b64("keep") });
  assert.equal("stringData" in s, false);
});

const cases: [string, Record<string, unknown>, string[]][] = [
  ["Opaque secrets accept any valid keys", { type: "Opaque", data: { "a.b": b64("x") } }, []],
  ["keys are config keys", { type: "Opaque", data: { "a/b": b64("x") } }, ["data[a/b]: Invalid value: \"a/b\": a valid config key must consist of alphanumeric characters, '-', '_' or '.' (e.g. 'key.name',  or 'KEY_NAME',  or 'key-name', regex used for validation is '[-._a-zA-Z0-9]+')"]],
  ["TLS secrets need a certificate and key", { type: "kubernetes.io/tls", data: {} }, ["data[tls.crt]: Required value", "data[tls.key]: Required value"]],
  ["dockerconfigjson must be present", { type: "kubernetes.io/dockerconfigjson", data: {} }, ["data[.dockerconfigjson]: Required value"]],
  ["dockerconfigjson must be a JSON object", { type: "kubernetes.io/dockerconfigjson", data: { ".dockerconfigjson": b64("[1]") } }, ['data[.dockerconfigjson]: Invalid value: "<secret contents redacted>": json: cannot unmarshal array into Go value of type map[string]interface {}']],
  ["valid dockerconfigjson passes", { type: "kubernetes.io/dockerconfigjson", data: { ".dockerconfigjson": b64('{"auths":{}}') } }, []],
  ["basic-auth needs a username or password", { type: "kubernetes.io/basic-auth", data: {} }, ["data[username]: Required value", "data[password]: Required value"]],
  ["ssh-auth needs a private key", { type: "kubernetes.io/ssh-auth", data: {} }, ["data[ssh-privatekey]: Required value"]],
  ["service account tokens name their account", { type: "kubernetes.io/service-account-token" }, ["metadata.annotations[kubernetes.io/service-account.name]: Required value"]],
  ["the total size is at most 1 MiB", { type: "Opaque", data: { big: Buffer.alloc(1024 * 1024 + 1).toString("base64") } }, ["data: Too long: must have at most 1048576 bytes"]],
];

for (const [name, extra, want] of cases) {
  test(`Secret validation: ${name}.`, () => assert.deepEqual(messages(secret(extra)), want));
}

test("Type is immutable and immutable secrets keep their data.", () => {
  const old = secret({ type: "Opaque", immutable: true, data: { a: b64("1") } });
  const next = secret({ type: "kubernetes.io/basic-auth", data: { a: b64("2"), username: b64("u") } });
  const errs = (secrets.validateUpdate!(next, old, ctx) as FieldError[]).map(fieldErrorMessage);
  assert.deepEqual(errs, [
    'type: Invalid value: "kubernetes.io/basic-auth": field is immutable',
    "immutable: Forbidden: field is immutable when `immutable` is set",
    "data: Forbidden: field is immutable when `immutable` is set",
  ]);
});

test("Secret cells and the type field selector.", () => {
  const s = secret({ type: "Opaque", data: { a: "", b: "" }, metadata: { name: "s", creationTimestamp: "2024-01-01T00:00:00Z" } });
  assert.deepEqual(secrets.columns!.map((c) => c.cell(s, { now: Date.parse("2024-01-03T00:00:00Z") })), ["Opaque", 2, "2d"]);
  assert.deepEqual(secrets.selectableFields!(s), { type: "Opaque" });
});
