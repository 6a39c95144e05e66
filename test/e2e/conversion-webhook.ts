/**
 * A small CRD conversion webhook for the e2e suites, reached like the
 * aggregation suite's wardle server: HTTPS on 127.0.0.1 with a serving
 * certificate for <service>.<namespace>.svc from its own CA, behind a
 * selectorless Service whose hand-made EndpointSlice points at 127.0.0.1
 * (webhookManifests). It answers ConversionReview v1 (and v1beta1) by
 * calling `convert` for each object, and records every review.
 *
 * The default conversion is upstream's CronTab example across versions:
 * spec.cronSpec (v1) <-> spec.schedule (v2), everything else copied.
 * `convert` may return a string to fail the review with that message.
 *
 * Run on its own (`node dist-test/e2e/conversion-webhook.js --service S
 * --namespace N`), it prints one JSON line {port, caBundle} and serves
 * until SIGTERM.
 */
import https from "node:https";
import type { AddressInfo } from "node:net";
import { fileURLToPath } from "node:url";
import { parseArgs } from "node:util";
import { createCertificateAuthority, issueServingCert } from "../../dist/pki/index.js";

export interface ConvertedObject {
  apiVersion: string;
  kind: string;
  metadata: Record<string, unknown>;
  [field: string]: unknown;
}

/** The object at desiredAPIVersion, or a message to fail the whole review with. */
export type Convert = (obj: ConvertedObject, desiredAPIVersion: string) => ConvertedObject | string;

export interface SeenReview {
  apiVersion: string;
  uid: string;
  desiredAPIVersion: string;
  /** "<name> <apiVersion>" of each object sent. */
  objects: string[];
}

export interface ConversionWebhook {
  port: number;
  /** The serving certificate's CA, base64 for a CRD's clientConfig.caBundle. */
  caBundle: string;
  /** The webhook's path. */
  path: string;
  reviews: SeenReview[];
  close(): Promise<void>;
}

export const CONVERT_PATH = "/convert";

/** spec.cronSpec in v1, spec.schedule in any later version. */
export const cronTabConversion: Convert = (obj, desired) => {
  const spec = { ...((obj.spec ?? {}) as Record<string, unknown>) };
  const toV1 = desired.endsWith("/v1");
  const [from, to] = toV1 ? ["schedule", "cronSpec"] : ["cronSpec", "schedule"];
  if (from in spec) {
    spec[to] = spec[from];
    delete spec[from];
  }
  return { ...obj, apiVersion: desired, spec };
};

export async function startConversionWebhook(o: { service: string; namespace: string; convert?: Convert }): Promise<ConversionWebhook> {
  const convert = o.convert ?? cronTabConversion;
  const ca = await createCertificateAuthority({ commonName: "conversion-webhook-ca" });
  const dns = `${o.service}.${o.namespace}.svc`;
  const serving = await issueServingCert(ca, { commonName: dns, dnsNames: [dns] });
  const reviews: SeenReview[] = [];
  const server = https.createServer({ key: serving.keyPem, cert: serving.certPem }, (req, res) => {
    const chunks: Buffer[] = [];
    req.on("data", (c: Buffer) => chunks.push(c));
    req.on("end", () => {
      if (req.method !== "POST" || (req.url ?? "").split("?")[0] !== CONVERT_PATH) return send(res, 404, { kind: "Status", apiVersion: "v1", status: "Failure", message: "not found", code: 404 });
      let review: { apiVersion?: string; request?: { uid?: string; desiredAPIVersion?: string; objects?: ConvertedObject[] } };
      try {
        review = JSON.parse(Buffer.concat(chunks).toString("utf8")) as typeof review;
      } catch {
        return send(res, 400, { kind: "Status", apiVersion: "v1", status: "Failure", message: "request body is not JSON", code: 400 });
      }
      const request = review.request ?? {};
      const desired = request.desiredAPIVersion ?? "";
      const objects = request.objects ?? [];
      reviews.push({ apiVersion: review.apiVersion ?? "", uid: request.uid ?? "", desiredAPIVersion: desired, objects: objects.map((x) => `${String(x.metadata?.name)} ${x.apiVersion}`) });
      const converted: ConvertedObject[] = [];
      let failure: string | undefined;
      for (const obj of objects) {
        const out = convert(obj, desired);
        if (typeof out === "string") {
          failure = out;
          break;
        }
        converted.push(out);
      }
      const result = failure === undefined ? { status: "Success" } : { status: "Failure", message: failure };
      send(res, 200, { apiVersion: review.apiVersion, kind: "ConversionReview", response: { uid: request.uid, result, ...(failure === undefined ? { convertedObjects: converted } : {}) } });
    });
  });
  await new Promise<void>((r) => server.listen(0, "127.0.0.1", r));
  return {
    port: (server.address() as AddressInfo).port,
    caBundle: Buffer.from(ca.certPem).toString("base64"),
    path: CONVERT_PATH,
    reviews,
    close: () =>
      new Promise<void>((r) => {
        server.closeAllConnections();
        server.close(() => r());
      }),
  };
}

/** A selectorless Service (port 443) and the EndpointSlice that sends it to the webhook on 127.0.0.1. */
export function webhookManifests(namespace: string, service: string, port: number): string {
  return [
    { apiVersion: "v1", kind: "Service", metadata: { name: service, namespace }, spec: { ports: [{ name: "https", port: 443, targetPort: port }] } },
    {
      apiVersion: "discovery.k8s.io/v1",
      kind: "EndpointSlice",
      metadata: { name: `${service}-1`, namespace, labels: { "kubernetes.io/service-name": service } },
      addressType: "IPv4",
      endpoints: [{ addresses: ["127.0.0.1"], conditions: { ready: true } }],
      ports: [{ name: "https", port, protocol: "TCP" }],
    },
  ]
    .map((x) => JSON.stringify(x))
    .join("\n---\n");
}

/** The CRD's spec.conversion for this webhook behind namespace/service. */
export function webhookConversion(namespace: string, service: string, caBundle: string) {
  return {
    strategy: "Webhook",
    webhook: { conversionReviewVersions: ["v1"], clientConfig: { service: { namespace, name: service, path: CONVERT_PATH, port: 443 }, caBundle } },
  };
}

function send(res: import("node:http").ServerResponse, code: number, body: unknown): void {
  const text = JSON.stringify(body);
  res.writeHead(code, { "content-type": "application/json", "content-length": Buffer.byteLength(text) });
  res.end(text);
}

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  const { values } = parseArgs({ options: { service: { type: "string" }, namespace: { type: "string" } } });
  if (!values.service || !values.namespace) {
    process.stderr.write("usage: conversion-webhook --service NAME --namespace NS\n");
    process.exit(2);
  }
  const hook = await startConversionWebhook({ service: values.service, namespace: values.namespace });
  process.stdout.write(`${JSON.stringify({ port: hook.port, caBundle: hook.caBundle })}\n`);
  const stop = () => void hook.close().then(() => process.exit(0));
  process.once("SIGTERM", stop);
  process.once("SIGINT", stop);
}
