import { test } from "node:test";
import assert from "node:assert/strict";
import { generateKeyPairSync, webcrypto, X509Certificate } from "node:crypto";
import { VirtualClock } from "../util/clock.js";
import {
  CA_VALIDITY_DAYS,
  CERTIFICATE_BACKDATE_MS,
  canonicalIp,
  certificateMatchesKey,
  createCertificateAuthority,
  inspectCertificate,
  issueClientCert,
  issueServingCert,
  signCertificate,
  type CertificateAuthority,
} from "./certificates.js";
import { generateKey } from "./keys.js";
import { x509 } from "./x509-lib.js";

const DAY = 24 * 60 * 60 * 1000;
const SERVER_AUTH = "1.3.6.1.5.5.7.3.1";
const CLIENT_AUTH = "1.3.6.1.5.5.7.3.2";

function issuedBy(leafPem: string, caPem: string): boolean {
  const leaf = new X509Certificate(leafPem);
  const ca = new X509Certificate(caPem);
  return leaf.checkIssued(ca) && leaf.verify(ca.publicKey);
}

test("A new CA is self-signed, marked as a CA, named skiff-ca and valid for ten years from five minutes ago.", async () => {
  const clock = new VirtualClock(Date.UTC(2026, 0, 1));
  const ca = await createCertificateAuthority({ clock });
  const cert = new X509Certificate(ca.certPem);
  assert.equal(cert.ca, true);
  assert.ok(issuedBy(ca.certPem, ca.certPem));
  const info = inspectCertificate(ca.certPem);
  assert.equal(info.commonName, "skiff-ca");
  assert.equal(info.notBefore.getTime(), clock.now() - CERTIFICATE_BACKDATE_MS);
  assert.equal(info.notAfter.getTime(), clock.now() + CA_VALIDITY_DAYS * DAY);
  assert.deepEqual([ca.notBefore, ca.notAfter], [info.notBefore, info.notAfter]);
  assert.match(ca.keyPem, /^-----BEGIN EC PRIVATE KEY-----/);
  assert.ok(certificateMatchesKey(ca.certPem, ca.keyPem));
});

test("Issued leaves chain to their CA and carry the extended key usage of their kind.", async () => {
  const ca = await createCertificateAuthority();
  const other = await createCertificateAuthority();
  const cases = [
    { name: "client", issue: () => issueClientCert(ca, { commonName: "jane", organizations: ["dev", "ops"] }), usage: CLIENT_AUTH },
    { name: "serving", issue: () => issueServingCert(ca, { commonName: "web", dnsNames: ["web.local"] }), usage: SERVER_AUTH },
  ];
  for (const c of cases) {
    const leaf = await c.issue();
    assert.ok(issuedBy(leaf.certPem, ca.certPem), `${c.name} certificate should verify against its CA`);
    assert.ok(!issuedBy(leaf.certPem, other.certPem), `${c.name} certificate should not verify against another CA`);
    const cert = new X509Certificate(leaf.certPem);
    assert.equal(cert.ca, false);
    assert.deepEqual(cert.keyUsage, [c.usage]);
    assert.ok(certificateMatchesKey(leaf.certPem, leaf.keyPem));
  }
});

test("A client certificate's subject holds the user as CN and every group as O.", async () => {
  const ca = await createCertificateAuthority();
  const leaf = await issueClientCert(ca, { commonName: "jane", organizations: ["dev", "ops"] });
  const info = inspectCertificate(leaf.certPem);
  assert.equal(info.commonName, "jane");
  assert.deepEqual(info.organizations, ["dev", "ops"]);
  assert.deepEqual(info.dnsNames, []);
});

test("A serving certificate lists its DNS names and IP addresses, IPv6 in canonical form.", async () => {
  const ca = await createCertificateAuthority();
  const leaf = await issueServingCert(ca, {
    commonName: "kube-apiserver",
    dnsNames: ["localhost", "kubernetes.default.svc"],
    ipAddresses: ["127.0.0.1", "0:0:0:0:0:0:0:1", "FE80::AB"],
  });
  const info = inspectCertificate(leaf.certPem);
  assert.deepEqual(info.dnsNames, ["localhost", "kubernetes.default.svc"]);
  assert.deepEqual(info.ipAddresses, ["127.0.0.1", "::1", "fe80::ab"]);
  // OpenSSL agrees on what the names are.
  assert.equal(new X509Certificate(leaf.certPem).checkIP("::1"), "::1");
  assert.equal(new X509Certificate(leaf.certPem).checkHost("kubernetes.default.svc"), "kubernetes.default.svc");
});

test("A leaf never outlives the CA that signed it.", async () => {
  const clock = new VirtualClock(Date.UTC(2026, 0, 1));
  const ca = await createCertificateAuthority({ clock, validityDays: 30 });
  const leaf = await issueClientCert(ca, { commonName: "jane", validityDays: 365, clock });
  assert.equal(leaf.notAfter.getTime(), ca.notAfter.getTime());
  const short = await issueClientCert(ca, { commonName: "jane", validityDays: 1, clock });
  assert.equal(short.notAfter.getTime(), clock.now() + DAY);
});

test("signCertificate certifies a public key it did not generate, with the usages asked for.", async () => {
  const ca = await createCertificateAuthority();
  const key = await generateKey();
  const spki = Buffer.from(await webcrypto.subtle.exportKey("spki", key.publicKey));
  const signed = await signCertificate(ca, {
    subject: { commonName: "system:node:n1", organizations: ["system:nodes"] },
    publicKey: spki,
    usages: ["digital signature", "key encipherment", "client auth", "server auth"],
    validityDays: 1 / 24,
  });
  assert.ok(issuedBy(signed.certPem, ca.certPem));
  assert.ok(certificateMatchesKey(signed.certPem, key.keyPem));
  assert.deepEqual(new X509Certificate(signed.certPem).keyUsage, [CLIENT_AUTH, SERVER_AUTH]);
  assert.equal(signed.notAfter.getTime() - signed.notBefore.getTime(), 60 * 60 * 1000 + CERTIFICATE_BACKDATE_MS);
});

test("signCertificate refuses unknown usages and a CA key that does not match the CA certificate.", async () => {
  const ca = await createCertificateAuthority();
  const other = await createCertificateAuthority();
  const key = await generateKey();
  const cases: { name: string; ca: CertificateAuthority; usages: string[]; error: RegExp }[] = [
    { name: "unknown usage", ca, usages: ["client auth", "teleport"], error: /unknown key usage "teleport"/ },
    { name: "mismatched key", ca: { certPem: ca.certPem, keyPem: other.keyPem }, usages: ["client auth"], error: /does not match/ },
  ];
  for (const c of cases) {
    await assert.rejects(
      signCertificate(c.ca, { subject: { commonName: "x" }, publicKey: key.publicKey, usages: c.usages as never }),
      c.error,
      c.name,
    );
  }
});

test("A CA with an RSA key, as kubeadm makes by default, can still issue certificates.", async () => {
  const { privateKey, publicKey } = generateKeyPairSync("rsa", { modulusLength: 2048 });
  const keyPem = privateKey.export({ type: "pkcs1", format: "pem" }).toString();
  const alg = { name: "RSASSA-PKCS1-v1_5", hash: "SHA-256" };
  const pkcs8 = privateKey.export({ type: "pkcs8", format: "der" });
  const spki = publicKey.export({ type: "spki", format: "der" });
  const keys = {
    privateKey: await webcrypto.subtle.importKey("pkcs8", pkcs8, alg, false, ["sign"]),
    publicKey: await webcrypto.subtle.importKey("spki", spki, alg, true, ["verify"]),
  };
  const caCert = await x509.X509CertificateGenerator.createSelfSigned({
    name: "CN=kubernetes",
    keys,
    signingAlgorithm: alg,
    extensions: [new x509.BasicConstraintsExtension(true, undefined, true)],
  });
  const ca = { certPem: caCert.toString("pem"), keyPem };
  const leaf = await issueClientCert(ca, { commonName: "jane" });
  assert.ok(issuedBy(leaf.certPem, ca.certPem));
});

test("canonicalIp normalises addresses and rejects anything else.", () => {
  const cases: [string, string | RegExp][] = [
    ["10.96.0.1", "10.96.0.1"],
    ["0:0:0:0:0:0:0:1", "::1"],
    ["2001:DB8:0:0:0:0:0:1", "2001:db8::1"],
    ["kubernetes", /invalid IP address/],
    ["10.96.0.256", /invalid IP address/],
  ];
  for (const [input, want] of cases) {
    if (typeof want === "string") assert.equal(canonicalIp(input), want, input);
    else assert.throws(() => canonicalIp(input), want, input);
  }
});
