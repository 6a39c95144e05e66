import { test } from "node:test";
import assert from "node:assert/strict";
import { createHash, X509Certificate } from "node:crypto";
import { createCertificateAuthority, issueClientCert, issueServingCert, signCertificate, generateKey } from "../../pki/index.js";
import { VirtualClock } from "../../util/clock.js";
import { authenticateClientCertificate, createClientCertificateAuthenticator, verifyClientCertificate, type ClientCertificateResult } from "./client-certificate.js";
import type { TlsSocketLike } from "./authenticator.js";

const DAY = 24 * 60 * 60 * 1000;

async function fixtures() {
  const clock = new VirtualClock(Date.UTC(2026, 0, 1));
  const ca = await createCertificateAuthority({ clock });
  const otherCa = await createCertificateAuthority({ clock });
  const admin = await issueClientCert(ca, { commonName: "admin", organizations: ["system:masters"], clock });
  return { clock, ca, otherCa, admin };
}

test("A client certificate from the CA authenticates as its CN, with its O values as groups.", async () => {
  const { clock, ca, admin } = await fixtures();
  const user = authenticateClientCertificate(new X509Certificate(admin.certPem), ca.certPem, { clock });
  const fingerprint = createHash("sha256").update(new X509Certificate(admin.certPem).raw).digest("hex");
  assert.deepEqual(user, {
    username: "admin",
    groups: ["system:masters", "system:authenticated"],
    extra: { "authentication.kubernetes.io/credential-id": [`X509SHA256=${fingerprint}`] },
  });
});

test("Client certificates are judged as kube-apiserver judges them.", async () => {
  const { clock, ca, otherCa } = await fixtures();
  const key = await generateKey();
  const cases: { name: string; cert: () => Promise<string>; at?: number; want: ClientCertificateResult["status"]; reason?: RegExp }[] = [
    { name: "a certificate from another CA", cert: async () => (await issueClientCert(otherCa, { commonName: "admin", clock })).certPem, want: "rejected", reason: /signed by unknown authority/ },
    { name: "an expired certificate", cert: async () => (await issueClientCert(ca, { commonName: "jane", validityDays: 1, clock })).certPem, at: 2 * DAY, want: "rejected", reason: /has expired or is not yet valid: current time 2026-01-03T00:00:00Z is after 2026-01-02T00:00:00Z/ },
    { name: "a certificate used before it is valid", cert: async () => (await issueClientCert(ca, { commonName: "jane", clock })).certPem, at: -DAY, want: "rejected", reason: /is before/ },
    { name: "a serving-only certificate", cert: async () => (await issueServingCert(ca, { commonName: "web", clock })).certPem, want: "rejected", reason: /incompatible key usage/ },
    {
      name: "a certificate without extended key usages",
      cert: async () => (await signCertificate(ca, { subject: { commonName: "any" }, publicKey: key.publicKey, usages: ["digital signature"], clock })).certPem,
      want: "authenticated",
    },
    { name: "a certificate without a CN", cert: async () => (await issueClientCert(ca, { commonName: "", organizations: ["dev"], clock })).certPem, want: "none" },
  ];
  for (const c of cases) {
    const pem = await c.cert();
    const at = { now: () => clock.now() + (c.at ?? 0) } as VirtualClock;
    const result = verifyClientCertificate(new X509Certificate(pem), [new X509Certificate(ca.certPem)], at);
    assert.equal(result.status, c.want, c.name);
    if (c.reason) assert.match((result as { reason: string }).reason, c.reason, c.name);
  }
});

test("The CA may be a bundle, and the peer certificate may come as DER or as getPeerCertificate() gives it.", async () => {
  const { clock, ca, otherCa, admin } = await fixtures();
  const bundle = otherCa.certPem + ca.certPem;
  const raw = new X509Certificate(admin.certPem).raw;
  const inputs = [raw, { raw }, new X509Certificate(admin.certPem)];
  for (const input of inputs) assert.equal(authenticateClientCertificate(input, bundle, { clock })?.username, "admin");
  assert.equal(authenticateClientCertificate({}, bundle, { clock }), undefined);
  assert.equal(authenticateClientCertificate(undefined, bundle, { clock }), undefined);
  assert.throws(() => authenticateClientCertificate(raw, "no pem here"), /no certificates found/);
});

function socket(certPem: string | undefined, authorized: boolean, authorizationError?: string): TlsSocketLike & { peerCalls: number } {
  const s = {
    authorized,
    authorizationError,
    peerCalls: 0,
    getPeerX509Certificate() {
      s.peerCalls++;
      return certPem ? new X509Certificate(certPem) : undefined;
    },
  };
  return s;
}

test("The socket authenticator trusts only certificates TLS also verified.", async () => {
  const { clock, ca, admin } = await fixtures();
  const authn = createClientCertificateAuthenticator({ caPem: ca.certPem, clock });
  const cases: { name: string; s: TlsSocketLike | undefined; want: ClientCertificateResult }[] = [
    { name: "no socket (loopback)", s: undefined, want: { status: "none" } },
    { name: "no certificate", s: socket(undefined, false, "UNABLE_TO_GET_ISSUER_CERT"), want: { status: "none" } },
    { name: "TLS refused the certificate", s: socket(admin.certPem, false, "UNABLE_TO_GET_ISSUER_CERT_LOCALLY"), want: { status: "rejected", reason: "x509: certificate signed by unknown authority" } },
  ];
  for (const c of cases) assert.deepEqual(authn.verify({ socket: c.s, headers: {} }), c.want, c.name);
  assert.equal(authn.authenticate({ socket: socket(admin.certPem, true), headers: {} })?.username, "admin");
});

test("A connection's certificate is examined once, but its expiry is checked on every request.", async () => {
  const { clock, ca } = await fixtures();
  const shortLived = await issueClientCert(ca, { commonName: "jane", validityDays: 1, clock });
  const authn = createClientCertificateAuthenticator({ caPem: ca.certPem, clock });
  const s = socket(shortLived.certPem, true);
  const first = authn.authenticate({ socket: s, headers: {} });
  assert.equal(first?.username, "jane");
  first!.groups.push("system:masters"); // a caller's change must not leak into later requests
  assert.deepEqual(authn.authenticate({ socket: s, headers: {} })?.groups, ["system:authenticated"]);
  await clock.advance(2 * DAY);
  assert.equal(authn.authenticate({ socket: s, headers: {} }), undefined);
  assert.equal(authn.verify({ socket: s, headers: {} }).status, "rejected");
  assert.equal(s.peerCalls, 1);
});
