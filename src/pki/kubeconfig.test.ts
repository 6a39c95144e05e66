import { test } from "node:test";
import assert from "node:assert/strict";
import { mkdtemp, readFile, rm, stat, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { parse } from "yaml";
import { createCertificateAuthority, issueClientCert } from "./certificates.js";
import { parseKubeconfig, readKubeconfig, renderKubeconfig, writeKubeconfig } from "./kubeconfig.js";

async function withDir(fn: (dir: string) => Promise<void>): Promise<void> {
  const dir = await mkdtemp(join(tmpdir(), "skiff-kubeconfig-"));
  try {
    await fn(dir);
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
}

test("A written kubeconfig reads back to the same server and credentials, and is private.", async () => {
  const ca = await createCertificateAuthority();
  const admin = await issueClientCert(ca, { commonName: "admin", organizations: ["system:masters"] });
  await withDir(async (dir) => {
    const path = join(dir, "nested", "kubeconfig");
    await writeKubeconfig(path, { server: "https://127.0.0.1:6443", caPem: ca.certPem, certPem: admin.certPem, keyPem: admin.keyPem });
    assert.equal((await stat(path)).mode & 0o777, 0o600);
    const read = await readKubeconfig(path);
    assert.deepEqual(read, {
      contextName: "skiff",
      clusterName: "skiff",
      userName: "admin",
      server: "https://127.0.0.1:6443",
      insecureSkipTlsVerify: false,
      caPem: ca.certPem,
      certPem: admin.certPem,
      keyPem: admin.keyPem,
    });
  });
});

test("The kubeconfig has kubectl's shape with base64 credential data.", () => {
  const text = renderKubeconfig({ server: "https://10.0.0.1:6443", caPem: "CA", certPem: "CERT", keyPem: "KEY", namespace: "dev" });
  const doc = parse(text);
  assert.equal(doc.apiVersion, "v1");
  assert.equal(doc.kind, "Config");
  assert.equal(doc["current-context"], "skiff");
  assert.deepEqual(doc.clusters, [{ name: "skiff", cluster: { "certificate-authority-data": "Q0E=", server: "https://10.0.0.1:6443" } }]);
  assert.deepEqual(doc.users, [{ name: "admin", user: { "client-certificate-data": "Q0VSVA==", "client-key-data": "S0VZ" } }]);
  assert.deepEqual(doc.contexts, [{ name: "skiff", context: { cluster: "skiff", user: "admin", namespace: "dev" } }]);
});

test("A token kubeconfig carries the token instead of a client certificate.", async () => {
  const text = renderKubeconfig({ server: "https://s:6443", caPem: "CA", token: "abcdef.0123456789abcdef", userName: "bootstrap" });
  const read = await parseKubeconfig(text, { baseDir: "/" });
  assert.equal(read.token, "abcdef.0123456789abcdef");
  assert.equal(read.userName, "bootstrap");
  assert.equal(read.certPem, undefined);
  assert.equal(read.keyPem, undefined);
});

test("File references are read relative to the kubeconfig's folder, as kubectl does.", async () => {
  await withDir(async (dir) => {
    await writeFile(join(dir, "ca.crt"), "CA-PEM");
    await writeFile(join(dir, "token"), "secret-token\n");
    const path = join(dir, "config");
    await writeFile(
      path,
      [
        "apiVersion: v1",
        "kind: Config",
        "clusters:",
        "- name: c",
        "  cluster: { server: 'https://a:6443', certificate-authority: ca.crt, insecure-skip-tls-verify: true, tls-server-name: kubernetes }",
        "users:",
        "- name: u",
        "  user: { tokenFile: token }",
        "contexts:",
        "- name: one",
        "  context: { cluster: c, user: u, namespace: ns1 }",
        "- name: two",
        "  context: { cluster: c, user: u }",
        "current-context: one",
      ].join("\n"),
    );
    const read = await readKubeconfig(path);
    assert.equal(read.caPem, "CA-PEM");
    assert.equal(read.token, "secret-token");
    assert.equal(read.namespace, "ns1");
    assert.equal(read.insecureSkipTlsVerify, true);
    assert.equal(read.tlsServerName, "kubernetes");
    const other = await readKubeconfig(path, { context: "two" });
    assert.equal(other.contextName, "two");
    assert.equal(other.namespace, undefined);
  });
});

test("Broken kubeconfigs fail with a message naming what is missing.", async () => {
  const cases: [string, string, string | undefined, RegExp][] = [
    ["no current context", "apiVersion: v1\nkind: Config\n", undefined, /current-context is not set/],
    ["unknown context", renderKubeconfig({ server: "https://s", caPem: "CA" }), "prod", /context was not found for specified context: prod/],
    ["unknown cluster", "current-context: x\ncontexts:\n- name: x\n  context: { cluster: gone, user: u }\n", undefined, /cluster "gone" not found/],
  ];
  for (const [name, text, context, error] of cases) {
    await assert.rejects(parseKubeconfig(text, { baseDir: "/", context }), error, name);
  }
});

test("Rewriting a kubeconfig replaces it whole.", async () => {
  await withDir(async (dir) => {
    const path = join(dir, "kubeconfig");
    await writeKubeconfig(path, { server: "https://one:6443", caPem: "CA", token: "t1" });
    await writeKubeconfig(path, { server: "https://two:6443", caPem: "CA", token: "t2" });
    const read = await readKubeconfig(path);
    assert.equal(read.server, "https://two:6443");
    assert.equal(read.token, "t2");
    assert.doesNotMatch(await readFile(path, "utf8"), /one/);
  });
});
