import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { createCertificateAuthority, issueClientCert } from "../pki/index.js";
import { createRegistry, exposition } from "../metrics/index.js";
import { VirtualClock } from "../util/clock.js";
import { createClientCertificateManager, type CertificatePair } from "./certificate-manager.js";

const DAY = 86_400_000;

describe("client certificate manager", () => {
  it("renews at the jittered point of the lifetime, switches, and reports the TTL", async () => {
    const clock = new VirtualClock(Date.parse("2030-01-01T00:00:00Z"));
    const ca = await createCertificateAuthority({ clock });
    const issue = () => issueClientCert(ca, { commonName: "system:node:n1", organizations: ["system:nodes"], validityDays: 100, clock });
    const first = await issue();
    const rotated: CertificatePair[] = [];
    const warnings: string[] = [];
    const manager = createClientCertificateManager({
      clock,
      initial: first,
      jitter: () => 0.8,
      renew: async () => issue(),
      onRotated: async (next) => void rotated.push(next),
      log: () => undefined,
      warn: (m) => warnings.push(m),
    });
    const registry = createRegistry();
    manager.registerMetrics(registry);
    const abort = new AbortController();
    const run = manager.run(abort.signal);
    // The lifetime is 100 days plus the 5 minute backdate; 80% of it is just past day 80.
    await clock.advance(79 * DAY);
    assert.equal(rotated.length, 0);
    const ttl = /^kubelet_certificate_manager_client_ttl_seconds (\S+)$/m.exec((await exposition(registry)).body)![1];
    assert.equal(Math.round(Number(ttl) / 86400), 21);
    await clock.advance(1.1 * DAY);
    // Issuing runs WebCrypto on libuv's thread pool: let real time pass until it is done.
    for (let i = 0; i < 400 && rotated.length === 0; i++) await new Promise((r) => setTimeout(r, 5));
    assert.equal(rotated.length, 1);
    assert.equal(manager.current(), rotated[0]);
    assert.notEqual(manager.current().certPem, first.certPem);
    // Within 30 days of its end the first certificate was reported.
    assert.match(warnings[0] ?? "", /client certificate expires in 2\d days/);
    abort.abort();
    await run;
  });

  it("retries a failed renewal with back-off and counts the errors", async () => {
    const clock = new VirtualClock(Date.parse("2030-01-01T00:00:00Z"));
    const ca = await createCertificateAuthority({ clock });
    const first = await issueClientCert(ca, { commonName: "system:node:n1", validityDays: 10, clock });
    let attempts = 0;
    const manager = createClientCertificateManager({
      clock,
      initial: first,
      jitter: () => 0.7,
      renew: async () => {
        attempts++;
        throw new Error("the server is unreachable");
      },
      onRotated: async () => undefined,
      log: () => undefined,
      warn: () => undefined,
    });
    const registry = createRegistry();
    manager.registerMetrics(registry);
    const abort = new AbortController();
    const run = manager.run(abort.signal);
    const deadline = first.notBefore.getTime() + 0.7 * (first.notAfter.getTime() - first.notBefore.getTime());
    await clock.advance(deadline - clock.now() + 500);
    for (let i = 0; i < 20; i++) await clock.advance(0);
    assert.equal(attempts, 1);
    await clock.advance(2000);
    for (let i = 0; i < 20; i++) await clock.advance(0);
    assert.equal(attempts, 2);
    assert.match((await exposition(registry)).body, /^kubelet_certificate_manager_client_expiration_renew_errors 2$/m);
    abort.abort();
    await run;
  });
});
