import assert from "node:assert/strict";
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, it } from "node:test";
import { createRegistry, exposition } from "../metrics/index.js";
import { VirtualClock } from "../util/clock.js";
import { createCertificateAuthority, issueClientCert } from "./certificates.js";
import { writePair } from "./cluster-pki.js";
import { monitorCertificateExpiry } from "./expiry-monitor.js";

describe("certificate expiry monitor", () => {
  it("warns for certificates within 30 days of their end and exposes every end on /metrics", async () => {
    const dir = mkdtempSync(join(tmpdir(), "skiff-expiry-"));
    try {
      const clock = new VirtualClock(Date.parse("2030-01-01T00:00:00Z"));
      const ca = await createCertificateAuthority({ clock });
      await writePair(dir, "ca", ca);
      await writePair(dir, "admin", await issueClientCert(ca, { commonName: "admin", validityDays: 365, clock }));
      const short = await issueClientCert(ca, { commonName: "short", validityDays: 20, clock });
      await writePair(dir, "short", short);
      const warnings: string[] = [];
      const registry = createRegistry();
      const m = await monitorCertificateExpiry({ dir, clock, registry, warn: (w) => warnings.push(w) });
      assert.deepEqual(warnings, [`certificate short expires in 20 days (Jan 21, 2030 00:00 UTC); renew it with "skiff certs renew short"`]);
      const body = (await exposition(registry)).body;
      assert.match(body, new RegExp(`^skiff_certificate_expiration_timestamp_seconds\\{name="short"\\} ${short.notAfter.getTime() / 1000}$`, "m"));
      assert.match(body, /^skiff_certificate_expiration_timestamp_seconds\{name="ca"\} \d+$/m);
      // The daily check reports it again each day, counting down, then as expired; admin never.
      await clock.advance(21 * 86_400_000);
      const expired = () => warnings.some((w) => w.startsWith("certificate short has expired"));
      for (let i = 0; i < 200 && !expired(); i++) await new Promise((r) => setTimeout(r, 5));
      assert.ok(expired(), warnings.join("\n"));
      assert.ok(warnings.includes(`certificate short expires in 1 days (Jan 21, 2030 00:00 UTC); renew it with "skiff certs renew short"`));
      assert.ok(!warnings.some((w) => w.includes("admin")));
      m.stop();
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
