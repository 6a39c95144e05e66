/**
 * An admission webhook for tests: HTTPS on 127.0.0.1 with a certificate
 * for 127.0.0.1 from its own CA (optionally one that expired), answering
 * each AdmissionReview with what `answer` returns for its request, and
 * recording every request it got.
 */
import https from "node:https";
import type { AddressInfo } from "node:net";
import { createCertificateAuthority, issueServingCert } from "../../../../pki/index.js";
import { realClock, type Clock } from "../../../../util/clock.js";

export interface ReviewRequest {
  uid: string;
  operation: string;
  kind: { group: string; version: string; kind: string };
  resource: { group: string; version: string; resource: string };
  name?: string;
  namespace?: string;
  object?: { metadata?: { labels?: Record<string, string> }; [k: string]: unknown } | null;
  oldObject?: unknown;
  dryRun?: boolean;
  [k: string]: unknown;
}

/** The response fields besides uid (allowed, status, patch as JSON operations, warnings). */
export interface Answer {
  allowed: boolean;
  status?: { code?: number; message?: string; reason?: string };
  patch?: unknown[];
  warnings?: string[];
}

export interface TestWebhook {
  /** https://127.0.0.1:<port><path> for clientConfig.url. */
  url(path?: string): string;
  port: number;
  caBundle: string;
  requests: ReviewRequest[];
  close(): Promise<void>;
}

const DAY = 86_400_000;

/** expired: a certificate that has expired; dnsNames: names it serves besides 127.0.0.1 (a Service's <name>.<namespace>.svc). */
export async function startTestWebhook(answer: (req: ReviewRequest, path: string) => Answer, opts: { expired?: boolean; dnsNames?: string[] } = {}): Promise<TestWebhook> {
  const ca = await createCertificateAuthority({ commonName: "test-webhook-ca" });
  // An expired certificate: issued two days ago for one day.
  const past: Clock = { ...realClock, now: () => realClock.now() - 2 * DAY };
  const serving = await issueServingCert(ca, { commonName: "127.0.0.1", ipAddresses: ["127.0.0.1"], dnsNames: opts.dnsNames, ...(opts.expired ? { clock: past, validityDays: 1 } : {}) });
  const requests: ReviewRequest[] = [];
  const server = https.createServer({ key: serving.keyPem, cert: serving.certPem }, (req, res) => {
    const chunks: Buffer[] = [];
    req.on("data", (c: Buffer) => chunks.push(c));
    req.on("end", () => {
      const review = JSON.parse(Buffer.concat(chunks).toString("utf8")) as { request: ReviewRequest };
      requests.push(review.request);
      const a = answer(review.request, (req.url ?? "").split("?")[0]!);
      const response = {
        uid: review.request.uid,
        allowed: a.allowed,
        ...(a.status ? { status: a.status } : {}),
        ...(a.patch ? { patchType: "JSONPatch", patch: Buffer.from(JSON.stringify(a.patch)).toString("base64") } : {}),
        ...(a.warnings ? { warnings: a.warnings } : {}),
      };
      const body = JSON.stringify({ apiVersion: "admission.k8s.io/v1", kind: "AdmissionReview", response });
      res.writeHead(200, { "content-type": "application/json" });
      res.end(body);
    });
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const port = (server.address() as AddressInfo).port;
  return {
    url: (path = "/") => `https://127.0.0.1:${port}${path}`,
    port,
    caBundle: Buffer.from(ca.certPem).toString("base64"),
    requests,
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}
