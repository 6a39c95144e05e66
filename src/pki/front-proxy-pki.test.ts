import { test } from "node:test";
import assert from "node:assert/strict";
import { X509Certificate } from "node:crypto";
import { mkdtemp, readFile, rm, unlink } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { realClock } from "../util/clock.js";
import { inspectCertificate } from "./certificates.js";
import { ensureClusterPki } from "./cluster-pki.js";
import { certificateExpirations } from "./expiration.js";
import { ensureFrontProxyPki } from "./front-proxy-pki.js";

async function withDir(fn: (dir: string) => Promise<void>): Promise<void> {
  const root = await mkdtemp(join(tmpdir(), "skiff-fp-"));
  try {
    await fn(join(root, "pki"));
  } finally {
    await rm(root, { recursive: true, force: true });
  }
}

test("The front proxy gets its own CA and a client certificate named as kubeadm names them.", async () => {
  await withDir(async (dir) => {
    const fp = await ensureFrontProxyPki(dir);
    assert.deepEqual(fp.generated, ["front-proxy-ca", "front-proxy-client"]);
    const ca = inspectCertificate(fp.ca.certPem);
    assert.equal(ca.commonName, "front-proxy-ca");
    assert.equal(ca.isCA, true);
    const client = inspectCertificate(fp.client.certPem);
    assert.equal(client.commonName, "front-proxy-client");
    assert.deepEqual(client.organizations, []);
    const leaf = new X509Certificate(fp.client.certPem);
    assert.ok(leaf.checkIssued(new X509Certificate(fp.ca.certPem)));
    assert.match(leaf.keyUsage?.join(",") ?? "", /1\.3\.6\.1\.5\.5\.7\.3\.2/);
    assert.equal(await readFile(join(dir, "front-proxy-client.key"), "utf8"), fp.client.keyPem);
  });
});

test("A second call reuses the files; a lost client certificate is reissued by the same CA.", async () => {
  await withDir(async (dir) => {
    const first = await ensureFrontProxyPki(dir);
    const again = await ensureFrontProxyPki(dir);
    assert.deepEqual(again.generated, []);
    assert.equal(again.client.certPem, first.client.certPem);
    await unlink(join(dir, "front-proxy-client.crt"));
    const healed = await ensureFrontProxyPki(dir);
    assert.deepEqual(healed.generated, ["front-proxy-client"]);
    assert.equal(healed.ca.certPem, first.ca.certPem);
  });
});

test("The front proxy's client certificate does not chain to the cluster CA, and check-expiration lists it under its own CA.", async () => {
  await withDir(async (dir) => {
    const cluster = await ensureClusterPki(dir, { hostnames: [], ips: [] });
    const fp = await ensureFrontProxyPki(dir);
    assert.equal(new X509Certificate(fp.client.certPem).checkIssued(new X509Certificate(cluster.ca.certPem)), false);
    const list = await certificateExpirations(dir, realClock);
    const client = list.find((c) => c.name === "front-proxy-client");
    assert.equal(client?.authority, "front-proxy-ca");
    assert.equal(list.find((c) => c.name === "front-proxy-ca")?.isCA, true);
  });
});
