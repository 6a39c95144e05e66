import assert from "node:assert/strict";
import { X509Certificate } from "node:crypto";
import { describe, it } from "node:test";
import { CONFIGMAPS, PODS, SECRETS } from "../../client/resources.js";
import { createCertificateAuthority } from "../../pki/certificates.js";
import type { Clock } from "../../util/clock.js";
import { realClock } from "../../util/clock.js";
import { fixtureView } from "../fixture-source.js";
import { pod, T0 } from "../test-fixtures.js";
import { certificates } from "./certificates.js";

const DAY = 86_400_000;
const clockAt = (ms: number): Clock => ({ ...realClock, now: () => ms });
const b64 = (s: string) => Buffer.from(s).toString("base64");

describe("certificates", () => {
  it("reports an expired CA kept in a Secret, with the pod that mounts it crash-looping (S6), and a cluster CA expiring soon", async () => {
    const expired = await createCertificateAuthority({ commonName: "webhook-ca", validityDays: 365, clock: clockAt(T0 - 400 * DAY) });
    const soon = await createCertificateAuthority({ commonName: "kubernetes", validityDays: 3650, clock: clockAt(T0 - 3640 * DAY) });
    const fresh = await createCertificateAuthority({ commonName: "fresh", validityDays: 365, clock: clockAt(T0) });
    const mounting = pod("tools", "webhook-0", "node-1", "10.244.1.3");
    (mounting.spec as { volumes: object[] }).volumes = [{ name: "ca", secret: { secretName: "webhook-ca" } }];
    (mounting.status as { containerStatuses: object[] }).containerStatuses = [{ name: "main", ready: false, restartCount: 7, state: { waiting: { reason: "CrashLoopBackOff" } } }];
    const view = fixtureView({
      objects: [
        [CONFIGMAPS, [{ metadata: { name: "kube-root-ca.crt", namespace: "default" }, data: { "ca.crt": soon.certPem } }, { metadata: { name: "kube-root-ca.crt", namespace: "tools" }, data: { "ca.crt": soon.certPem } }]],
        [SECRETS, [{ metadata: { name: "webhook-ca", namespace: "tools" }, type: "Opaque", data: { "ca.crt": b64(expired.certPem) } }, { metadata: { name: "ok", namespace: "tools" }, type: "kubernetes.io/tls", data: { "tls.crt": b64(fresh.certPem) } }]],
        [PODS, [mounting]],
      ],
      servingCertificate: new X509Certificate(fresh.certPem),
    });
    const found = await certificates.run({ view, now: T0 });
    assert.equal(found.length, 2);
    const [ca, root] = found.sort((a, b) => a.severity.localeCompare(b.severity));
    assert.equal(ca.severity, "critical");
    assert.match(ca.summary, /^CA webhook-ca has expired: everything it signed fails verification/);
    assert.match(ca.chain[0].text, /CA CN=webhook-ca .* expired .* \(35 days ago\)/);
    assert.equal(ca.chain[1].text, "used as Secret tools/webhook-ca key ca.crt");
    assert.equal(ca.chain[2].text, "mounted by Pod tools/webhook-0: container main CrashLoopBackOff, 7 restarts");
    assert.equal(root.severity, "warning");
    assert.match(root.summary, /CA kubernetes expires within 30 days/);
    assert.equal(root.chain.filter((s) => s.text.startsWith("used as the cluster CA")).length, 2, "one finding, every place it is used");
  });
});
