import { test } from "node:test";
import assert from "node:assert/strict";
import { mkdtemp, rm } from "node:fs/promises";
import { createServer, request } from "node:https";
import type { AddressInfo } from "node:net";
import { tmpdir } from "node:os";
import { join } from "node:path";
import type { TLSSocket } from "node:tls";
import { createCertificateAuthority, ensureClusterPki, issueClientCert } from "../../pki/index.js";
import { anonymousUser, unionAuthenticators } from "./authenticator.js";
import { createClientCertificateAuthenticator } from "./client-certificate.js";

interface Reply {
  status: number;
  body: { user?: { username: string; groups: string[] }; rejected?: string };
}

test("Over real HTTPS, the admin certificate authenticates, no certificate is anonymous, a foreign one is refused.", async () => {
  const root = await mkdtemp(join(tmpdir(), "skiff-authn-"));
  const pki = await ensureClusterPki(join(root, "pki"), { hostnames: [], ips: ["10.96.0.1"] });
  const clientCerts = createClientCertificateAuthenticator({ caPem: pki.ca.certPem });
  const authn = unionAuthenticators([clientCerts]);

  // What the API server will do: TLS lets everyone in, the server decides.
  const server = createServer(
    { cert: pki.apiServer.certPem, key: pki.apiServer.keyPem, requestCert: true, rejectUnauthorized: false, ca: [pki.ca.certPem] },
    (req, res) => {
      const authReq = { socket: req.socket as TLSSocket, headers: req.headers };
      const user = authn.authenticate(authReq) ?? (req.url === "/healthz" ? anonymousUser : undefined);
      const verdict = clientCerts.verify(authReq);
      res.writeHead(user ? 200 : 401, { "content-type": "application/json" });
      res.end(JSON.stringify({ user, rejected: verdict.status === "rejected" ? verdict.reason : undefined }));
    },
  );
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const { port } = server.address() as AddressInfo;

  const get = (path: string, client?: { certPem: string; keyPem: string }) =>
    new Promise<Reply>((resolve, reject) => {
      const req = request(
        { host: "127.0.0.1", port, path, ca: pki.ca.certPem, cert: client?.certPem, key: client?.keyPem, agent: false },
        (res) => {
          let text = "";
          res.setEncoding("utf8");
          res.on("data", (chunk: string) => (text += chunk));
          res.on("end", () => resolve({ status: res.statusCode ?? 0, body: JSON.parse(text) as Reply["body"] }));
        },
      );
      req.on("error", reject);
      req.end();
    });

  try {
    const foreignCa = await createCertificateAuthority();
    const foreign = await issueClientCert(foreignCa, { commonName: "admin", organizations: ["system:masters"] });

    const asAdmin = await get("/api", pki.admin);
    assert.equal(asAdmin.status, 200);
    assert.equal(asAdmin.body.user?.username, "admin");
    assert.deepEqual(asAdmin.body.user?.groups, ["system:masters", "system:authenticated"]);

    const anonymousApi = await get("/api");
    assert.equal(anonymousApi.status, 401);
    assert.equal(anonymousApi.body.rejected, undefined);

    const anonymousHealth = await get("/healthz");
    assert.equal(anonymousHealth.status, 200);
    assert.deepEqual(anonymousHealth.body.user, { username: "system:anonymous", groups: ["system:unauthenticated"] });

    const impostor = await get("/api", foreign);
    assert.equal(impostor.status, 401);
    assert.equal(impostor.body.user, undefined);
    assert.equal(impostor.body.rejected, "x509: certificate signed by unknown authority");
  } finally {
    await new Promise<void>((resolve) => server.close(() => resolve()));
    await rm(root, { recursive: true, force: true });
  }
});
