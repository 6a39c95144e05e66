import { test } from "node:test";
import assert from "node:assert/strict";
import { mkdtemp, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { VirtualClock } from "../util/clock.js";
import { createCertificateAuthority, issueClientCert } from "./certificates.js";
import { ensureClusterPki } from "./cluster-pki.js";
import { certificateExpirations, formatExpiry, shortHumanDuration } from "./expiration.js";

const DAY = 24 * 60 * 60 * 1000;

async function withDir(fn: (dir: string) => Promise<void>): Promise<void> {
  const dir = await mkdtemp(join(tmpdir(), "skiff-expiry-"));
  try {
    await fn(dir);
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
}

test("The expiry report lists every certificate with its residual time and issuing CA.", async () => {
  await withDir(async (dir) => {
    const clock = new VirtualClock(Date.UTC(2026, 0, 1));
    const pki = await ensureClusterPki(dir, { hostnames: [], ips: ["10.96.0.1"], clock });
    await clock.advance(DAY);
    const report = await certificateExpirations(dir, clock);
    assert.deepEqual(
      report.map((r) => [r.name, r.isCA, r.authority, r.residualTime]),
      [
        ["admin", false, "ca", "364d"],
        ["apiserver-kubelet-client", false, "ca", "364d"],
        ["apiserver", false, "ca", "364d"],
        ["ca", true, undefined, "9y"],
      ],
    );
    const admin = report[0]!;
    assert.equal(admin.subject, "O=system:masters, CN=admin");
    assert.deepEqual(admin.notAfter, pki.admin.notAfter);
    assert.equal(admin.residualMs, pki.admin.notAfter.getTime() - clock.now());
  });
});

test("Expired certificates report an invalid residual time; a foreign certificate has no known CA.", async () => {
  await withDir(async (dir) => {
    const clock = new VirtualClock(Date.UTC(2026, 0, 1));
    await ensureClusterPki(dir, { hostnames: [], ips: [], clock });
    const foreign = await issueClientCert(await createCertificateAuthority({ clock }), { commonName: "x", clock });
    await writeFile(join(dir, "foreign.crt"), foreign.certPem);
    await clock.advance(366 * DAY);
    const byName = new Map((await certificateExpirations(dir, clock)).map((r) => [r.name, r]));
    assert.equal(byName.get("apiserver")!.residualTime, "<invalid>");
    assert.ok(byName.get("apiserver")!.residualMs < 0);
    assert.equal(byName.get("ca")!.residualTime, "8y");
    assert.equal(byName.get("foreign")!.authority, undefined);
    assert.equal(byName.get("foreign")!.isCA, false);
  });
});

test("A corrupt certificate file is reported, not skipped.", async () => {
  await withDir(async (dir) => {
    await writeFile(join(dir, "broken.crt"), "not a certificate");
    await assert.rejects(certificateExpirations(dir, new VirtualClock()), /broken\.crt is not a valid certificate/);
  });
});

test("Residual times print as Kubernetes prints short durations.", () => {
  const S = 1000;
  const cases: [number, string][] = [
    [-5 * S, "<invalid>"],
    [-1500, "0s"],
    [0, "0s"],
    [59 * S, "59s"],
    [60 * S, "1m"],
    [59 * 60 * S + 59 * S, "59m"],
    [3 * 3600 * S, "3h"],
    [DAY, "1d"],
    [364 * DAY + 23 * 3600 * S, "364d"],
    [365 * DAY, "1y"],
    [3649 * DAY, "9y"],
  ];
  for (const [ms, want] of cases) assert.equal(shortHumanDuration(ms), want, `${ms} ms`);
});

test("Expiry dates print as kubeadm's EXPIRES column.", () => {
  assert.equal(formatExpiry(new Date(Date.UTC(2026, 7, 19, 9, 3, 59))), "Aug 19, 2026 09:03 UTC");
  assert.equal(formatExpiry(new Date(Date.UTC(2035, 0, 5, 23, 0))), "Jan 05, 2035 23:00 UTC");
});
