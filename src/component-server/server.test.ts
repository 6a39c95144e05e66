import assert from "node:assert/strict";
import https from "node:https";
import { after, before, test } from "node:test";
import type { UserInfo } from "../api/types.js";
import { createRegistry } from "../metrics/index.js";
import { createCertificateAuthority, issueClientCert, type CertificateAndKey } from "../pki/certificates.js";
import { VirtualClock } from "../util/clock.js";
import { serveComponent } from "./serve-component.js";
import type { RunningComponentServer } from "./server.js";
import { Counter } from "prom-client";

let ca: CertificateAndKey;
let server: RunningComponentServer;
let ready = false;
const asked: string[] = [];
const clients: Record<string, CertificateAndKey> = {};

before(async () => {
  const clock = new VirtualClock(Date.parse("2026-01-01T00:00:00Z"));
  ca = await createCertificateAuthority({ clock });
  const stranger = await createCertificateAuthority({ clock, commonName: "other-ca" });
  clients.admin = await issueClientCert(ca, { commonName: "admin", organizations: ["system:masters"], clock });
  clients.viewer = await issueClientCert(ca, { commonName: "viewer", clock });
  clients.stranger = await issueClientCert(stranger, { commonName: "admin", organizations: ["system:masters"], clock });
  const registry = createRegistry();
  new Counter({ name: "demo_total", help: "A demo counter.", registers: [registry] }).inc(3);
  server = await serveComponent({
    component: "kube-scheduler",
    endpoint: { registry, health: { live: { ping: () => undefined }, ready: { "sched-handler-sync": () => void (ready || assert.fail("not synced")) } } },
    bindAddress: "127.0.0.1",
    port: 0,
    ca,
    clock,
    authorize: async (user: UserInfo, verb, path) => {
      asked.push(`${user.username} ${verb} ${path}`);
      return user.groups.includes("system:masters");
    },
  });
});
after(() => server.close());

function get(path: string, client?: CertificateAndKey): Promise<{ status: number; body: string; type: string }> {
  return new Promise((resolve, reject) => {
    https
      .get({ host: "127.0.0.1", port: server.port, path, ca: ca.certPem, servername: "localhost", ...(client ? { cert: client.certPem, key: client.keyPem } : {}) }, (res) => {
        let body = "";
        res.on("data", (d: Buffer) => (body += d));
        res.on("end", () => resolve({ status: res.statusCode ?? 0, body, type: String(res.headers["content-type"]) }));
      })
      .on("error", reject);
  });
}

test("its serving certificate chains to the cluster CA", async () => {
  assert.equal((await get("/healthz")).status, 200);
});

test("/metrics serves the registry to an authorized client certificate", async () => {
  const r = await get("/metrics", clients.admin);
  assert.equal(r.status, 200);
  assert.equal(r.type, "text/plain; version=0.0.4; charset=utf-8");
  assert.match(r.body, /^demo_total 3$/m);
  assert.ok(asked.includes("admin get /metrics"));
});

test("a user the API server does not authorize, or a certificate from another CA, gets upstream's 403", async () => {
  const denied = await get("/metrics", clients.viewer);
  assert.equal(denied.status, 403);
  assert.equal(JSON.parse(denied.body).message, 'forbidden: User "viewer" cannot get path "/metrics"');
  const stranger = await get("/metrics", clients.stranger);
  assert.equal(stranger.status, 403);
  assert.equal(JSON.parse(stranger.body).message, 'forbidden: User "system:anonymous" cannot get path "/metrics"');
});

test("health needs no credentials; /readyz fails until the component is ready, listing why", async () => {
  const before = await get("/readyz");
  assert.deepEqual([before.status, before.body], [500, "[+]ping ok\n[-]sched-handler-sync failed: reason withheld\nreadyz check failed\n"]);
  assert.deepEqual([(await get("/livez")).status, (await get("/livez")).body], [200, "ok"]);
  ready = true;
  assert.deepEqual([(await get("/readyz")).status, (await get("/readyz")).body], [200, "ok"]);
  assert.equal((await get("/healthz/ping")).body, "ok");
  assert.equal((await get("/healthz/nothing")).status, 404);
  assert.ok(!asked.some((a) => a.includes("z")), "health is never authorized");
});

test("other paths are 404 once authorized", async () => {
  assert.equal((await get("/debug/pprof", clients.admin)).status, 404);
});
