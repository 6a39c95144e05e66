import { test } from "node:test";
import assert from "node:assert/strict";
import { X509Certificate } from "node:crypto";
import { mkdtemp, readFile, rm, stat, unlink, writeFile } from "node:fs/promises";
import { hostname, tmpdir } from "node:os";
import { join } from "node:path";
import { VirtualClock } from "../util/clock.js";
import { CA_VALIDITY_DAYS, CERTIFICATE_BACKDATE_MS, createCertificateAuthority, inspectCertificate, issueClientCert } from "./certificates.js";
import { ensureClusterPki, type ClusterPkiOptions } from "./cluster-pki.js";

const DAY = 24 * 60 * 60 * 1000;
const FILES = ["ca.crt", "ca.key", "apiserver.crt", "apiserver.key", "admin.crt", "admin.key", "apiserver-kubelet-client.crt", "apiserver-kubelet-client.key"];
const OPTS: ClusterPkiOptions = { hostnames: ["skiff.example"], ips: ["10.96.0.1", "192.168.1.20"] };

async function withDir(fn: (dir: string) => Promise<void>): Promise<void> {
  const root = await mkdtemp(join(tmpdir(), "skiff-pki-"));
  try {
    await fn(join(root, "pki"));
  } finally {
    await rm(root, { recursive: true, force: true });
  }
}

async function snapshot(dir: string): Promise<Record<string, { text: string; mtimeMs: number }>> {
  const out: Record<string, { text: string; mtimeMs: number }> = {};
  for (const f of FILES) out[f] = { text: await readFile(join(dir, f), "utf8"), mtimeMs: (await stat(join(dir, f))).mtimeMs };
  return out;
}

function chainsTo(leafPem: string, caPem: string): boolean {
  const leaf = new X509Certificate(leafPem);
  const ca = new X509Certificate(caPem);
  return leaf.checkIssued(ca) && leaf.verify(ca.publicKey);
}

test("The first call creates the CA, serving and admin certificates with private permissions.", async () => {
  await withDir(async (dir) => {
    const pki = await ensureClusterPki(dir, OPTS);
    assert.deepEqual(pki.generated, ["ca", "apiserver", "admin", "apiserver-kubelet-client"]);
    assert.equal((await stat(dir)).mode & 0o777, 0o700);
    for (const f of FILES) {
      const mode = (await stat(join(dir, f))).mode & 0o777;
      assert.equal(mode, f.endsWith(".key") ? 0o600 : 0o644, f);
    }
    assert.equal(await readFile(join(dir, "ca.crt"), "utf8"), pki.ca.certPem);
    assert.equal(await readFile(join(dir, "admin.key"), "utf8"), pki.admin.keyPem);
  });
});

test("The second call loads every file unchanged.", async () => {
  await withDir(async (dir) => {
    const first = await ensureClusterPki(dir, OPTS);
    const before = await snapshot(dir);
    const second = await ensureClusterPki(dir, OPTS);
    assert.deepEqual(second.generated, []);
    assert.deepEqual(await snapshot(dir), before);
    assert.equal(second.ca.certPem, first.ca.certPem);
    assert.equal(second.apiServer.certPem, first.apiServer.certPem);
    assert.equal(second.admin.keyPem, first.admin.keyPem);
    assert.deepEqual(second.apiServer.notAfter, first.apiServer.notAfter);
  });
});

test("Both leaves chain to the CA, and the CA is self-signed.", async () => {
  await withDir(async (dir) => {
    const pki = await ensureClusterPki(dir, OPTS);
    assert.ok(chainsTo(pki.ca.certPem, pki.ca.certPem));
    assert.ok(chainsTo(pki.apiServer.certPem, pki.ca.certPem));
    assert.ok(chainsTo(pki.admin.certPem, pki.ca.certPem));
    assert.equal(new X509Certificate(pki.ca.certPem).ca, true);
    assert.equal(inspectCertificate(pki.ca.certPem).commonName, "skiff-ca");
  });
});

test("The serving certificate names the in-cluster names, the host, the given names and addresses.", async () => {
  await withDir(async (dir) => {
    const pki = await ensureClusterPki(dir, OPTS);
    const info = inspectCertificate(pki.apiServer.certPem);
    for (const name of ["localhost", "kubernetes", "kubernetes.default", "kubernetes.default.svc", "kubernetes.default.svc.cluster.local", hostname().toLowerCase(), "skiff.example"]) {
      assert.ok(info.dnsNames.includes(name), `DNS ${name}`);
    }
    assert.deepEqual(info.ipAddresses, ["127.0.0.1", "::1", "10.96.0.1", "192.168.1.20"]);
    assert.deepEqual(new X509Certificate(pki.apiServer.certPem).keyUsage, ["1.3.6.1.5.5.7.3.1"]);
  });
});

test("The admin certificate is a client certificate for admin in system:masters.", async () => {
  await withDir(async (dir) => {
    const pki = await ensureClusterPki(dir, OPTS);
    const info = inspectCertificate(pki.admin.certPem);
    assert.equal(info.commonName, "admin");
    assert.deepEqual(info.organizations, ["system:masters"]);
    assert.deepEqual(new X509Certificate(pki.admin.certPem).keyUsage, ["1.3.6.1.5.5.7.3.2"]);
  });
});

test("The API server's kubelet client certificate is kubeadm's: kube-apiserver-kubelet-client in kubeadm:cluster-admins.", async () => {
  await withDir(async (dir) => {
    const pki = await ensureClusterPki(dir, OPTS);
    const info = inspectCertificate(pki.kubeletClient.certPem);
    assert.equal(info.commonName, "kube-apiserver-kubelet-client");
    assert.deepEqual(info.organizations, ["kubeadm:cluster-admins"]);
    assert.ok(chainsTo(pki.kubeletClient.certPem, pki.ca.certPem));
    assert.equal(await readFile(join(dir, "apiserver-kubelet-client.key"), "utf8"), pki.kubeletClient.keyPem);
  });
});

test("Validity comes from the clock: the CA for ten years, leaves for the requested days.", async () => {
  await withDir(async (dir) => {
    const clock = new VirtualClock(Date.UTC(2030, 5, 1));
    const pki = await ensureClusterPki(dir, { ...OPTS, clock, validityDays: 90 });
    assert.equal(pki.ca.notBefore.getTime(), clock.now() - CERTIFICATE_BACKDATE_MS);
    assert.equal(pki.ca.notAfter.getTime(), clock.now() + CA_VALIDITY_DAYS * DAY);
    assert.equal(pki.apiServer.notAfter.getTime(), clock.now() + 90 * DAY);
    assert.equal(pki.admin.notAfter.getTime(), clock.now() + 90 * DAY);
  });
});

test("Only what is stale is reissued; everything else is left as it was.", async () => {
  const cases: { name: string; change(dir: string): Promise<void>; opts?: Partial<ClusterPkiOptions>; reissued: string[] }[] = [
    { name: "a new IP is asked for", change: async () => {}, opts: { ips: [...OPTS.ips, "10.0.0.7"] }, reissued: ["apiserver"] },
    { name: "a new host name is asked for", change: async () => {}, opts: { hostnames: ["other.example"] }, reissued: ["apiserver"] },
    { name: "fewer names are asked for", change: async () => {}, opts: { ips: [] }, reissued: [] },
    { name: "the admin key is gone", change: (dir) => unlink(join(dir, "admin.key")), reissued: ["admin"] },
    { name: "the serving certificate is garbage", change: (dir) => writeFile(join(dir, "apiserver.crt"), "junk"), reissued: ["apiserver"] },
    {
      name: "the admin certificate was signed by another CA",
      change: async (dir) => {
        const foreign = await issueClientCert(await createCertificateAuthority(), { commonName: "admin", organizations: ["system:masters"] });
        await writeFile(join(dir, "admin.crt"), foreign.certPem);
        await writeFile(join(dir, "admin.key"), foreign.keyPem);
      },
      reissued: ["admin"],
    },
    {
      name: "the admin key belongs to another certificate",
      change: async (dir) => writeFile(join(dir, "admin.key"), await readFile(join(dir, "apiserver.key"), "utf8")),
      reissued: ["admin"],
    },
    { name: "renewal of the admin certificate is asked for", change: async () => {}, opts: { renew: ["admin"] }, reissued: ["admin"] },
  ];
  for (const c of cases) {
    await withDir(async (dir) => {
      await ensureClusterPki(dir, OPTS);
      await c.change(dir);
      const before = await snapshot(dir).catch(() => undefined);
      const pki = await ensureClusterPki(dir, { ...OPTS, ...c.opts });
      assert.deepEqual(pki.generated, c.reissued, c.name);
      assert.ok(chainsTo(pki.apiServer.certPem, pki.ca.certPem) && chainsTo(pki.admin.certPem, pki.ca.certPem), c.name);
      if (before) {
        for (const f of FILES.filter((f) => !c.reissued.includes(f.split(".")[0]!))) {
          assert.equal(await readFile(join(dir, f), "utf8"), before[f]!.text, `${c.name}: ${f} should be unchanged`);
        }
      }
    });
  }
});

test("A CA certificate without its key is an error, never silently replaced.", async () => {
  await withDir(async (dir) => {
    await ensureClusterPki(dir, OPTS);
    const caBefore = await readFile(join(dir, "ca.crt"), "utf8");
    await unlink(join(dir, "ca.key"));
    await assert.rejects(ensureClusterPki(dir, OPTS), /ca\.key is missing/);
    assert.equal(await readFile(join(dir, "ca.crt"), "utf8"), caBefore);
  });
});

test("A stray CA key without a certificate is replaced by a complete new CA.", async () => {
  await withDir(async (dir) => {
    await ensureClusterPki(dir, OPTS);
    await unlink(join(dir, "ca.crt"));
    const pki = await ensureClusterPki(dir, OPTS);
    assert.deepEqual(pki.generated, ["ca", "apiserver", "admin", "apiserver-kubelet-client"]);
    assert.ok(chainsTo(pki.admin.certPem, pki.ca.certPem));
  });
});
