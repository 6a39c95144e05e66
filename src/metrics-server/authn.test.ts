import assert from "node:assert/strict";
import { X509Certificate } from "node:crypto";
import type { TLSSocket } from "node:tls";
import { before, describe, it } from "node:test";
import { createCertificateAuthority, issueClientCert } from "../pki/index.js";
import { ANONYMOUS, authenticate, authenticationConfig, type AuthenticationConfig } from "./authn.js";

const socketWith = (certPem?: string) => ({ authorized: certPem !== undefined, getPeerX509Certificate: () => (certPem ? new X509Certificate(certPem) : undefined) }) as unknown as TLSSocket;

describe("metrics-server authentication", () => {
  let cfg: AuthenticationConfig;
  let proxyCert: string;
  let otherProxyCert: string;
  let adminCert: string;
  before(async () => {
    const clientCA = await createCertificateAuthority({ commonName: "skiff-ca" });
    const proxyCA = await createCertificateAuthority({ commonName: "front-proxy-ca" });
    proxyCert = (await issueClientCert(proxyCA, { commonName: "front-proxy-client" })).certPem;
    otherProxyCert = (await issueClientCert(proxyCA, { commonName: "someone-else" })).certPem;
    adminCert = (await issueClientCert(clientCA, { commonName: "admin", organizations: ["system:masters"] })).certPem;
    cfg = authenticationConfig({
      "client-ca-file": clientCA.certPem,
      "requestheader-client-ca-file": proxyCA.certPem,
      "requestheader-allowed-names": '["front-proxy-client"]',
      "requestheader-username-headers": '["X-Remote-User"]',
      "requestheader-uid-headers": '["X-Remote-Uid"]',
      "requestheader-group-headers": '["X-Remote-Group"]',
      "requestheader-extra-headers-prefix": '["X-Remote-Extra-"]',
    });
  });

  it("takes the user from the front proxy's headers", () => {
    const user = authenticate(socketWith(proxyCert), { "x-remote-user": "alice", "x-remote-group": ["dev", "ops"], "x-remote-extra-scopes%2fa": "x" }, cfg);
    assert.deepEqual(user, { username: "alice", groups: ["dev", "ops", "system:authenticated"], extra: { "scopes/a": ["x"] } });
  });

  it("refuses a proxy certificate whose name is not allowed, or a proxy request without a user", () => {
    assert.equal(authenticate(socketWith(otherProxyCert), { "x-remote-user": "alice" }, cfg), undefined);
    assert.equal(authenticate(socketWith(proxyCert), {}, cfg), undefined);
  });

  it("names the user of a client certificate from client-ca-file, ignoring X-Remote headers", () => {
    assert.deepEqual(authenticate(socketWith(adminCert), { "x-remote-user": "mallory" }, cfg), { username: "admin", groups: ["system:masters", "system:authenticated"] });
  });

  it("leaves a request without a certificate anonymous", () => {
    assert.equal(authenticate(socketWith(), {}, cfg), ANONYMOUS);
  });
});
