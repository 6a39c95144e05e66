import { after, before, beforeEach, test } from "node:test";
import assert from "node:assert/strict";
import https from "node:https";
import type net from "node:net";
import type { CustomResourceDefinition } from "kubernetes-types/apiextensions/v1.js";
import { ApiError } from "../../api/errors.js";
import type { KubeObject } from "../../api/types.js";
import { createSimulatedNetwork } from "../../network/dialer.js";
import { createServiceResolver } from "../../network/service-resolver.js";
import { createCertificateAuthority, issueServingCert } from "../../pki/index.js";
import { realClock, VirtualClock, type Clock } from "../../util/clock.js";
import { createWebhookConverter } from "./index.js";

interface Seen {
  url: string;
  host: string;
  review: { apiVersion: string; kind: string; request: { uid: string; desiredAPIVersion: string; objects: KubeObject[] } };
}

type Reply = (review: Seen["review"]) => { status?: number; contentType?: string; body: unknown } | "hang" | "half";

let server: https.Server;
let port = 0;
let caPem = "";
let otherCaPem = "";
const seen: Seen[] = [];
let reply: Reply;

/** A webhook that does its job: v1 spec.cronSpec <-> v2 spec.schedule, adding a label. */
const converting: Reply = (review) => ({
  body: {
    apiVersion: review.apiVersion,
    kind: "ConversionReview",
    response: {
      uid: review.request.uid,
      result: { status: "Success" },
      convertedObjects: review.request.objects.map((o) => convertCronTab(o, review.request.desiredAPIVersion)),
    },
  },
});

function convertCronTab(o: KubeObject, to: string): KubeObject {
  const spec = { ...(o.spec as Record<string, unknown>) };
  if (to.endsWith("/v2")) {
    spec.schedule = spec.cronSpec;
    delete spec.cronSpec;
  } else {
    spec.cronSpec = spec.schedule;
    delete spec.schedule;
  }
  return { ...o, apiVersion: to, spec, metadata: { ...o.metadata, labels: { ...o.metadata.labels, converted: "yes" } } };
}

before(async () => {
  const ca = await createCertificateAuthority({ commonName: "webhook-ca" });
  otherCaPem = (await createCertificateAuthority({ commonName: "someone-else" })).certPem;
  caPem = ca.certPem;
  const serving = await issueServingCert(ca, { commonName: "conv.webhooks.svc", dnsNames: ["conv.webhooks.svc"], ipAddresses: ["127.0.0.1"] });
  server = https.createServer({ key: serving.keyPem, cert: serving.certPem }, (req, res) => {
    const chunks: Buffer[] = [];
    req.on("data", (c: Buffer) => chunks.push(c));
    req.on("end", () => {
      const review = JSON.parse(Buffer.concat(chunks).toString()) as Seen["review"];
      seen.push({ url: req.url ?? "", host: req.headers.host ?? "", review });
      const r = reply(review);
      if (r === "hang") return;
      if (r === "half") {
        res.writeHead(200, { "content-type": "application/json", "content-length": 100 });
        res.write('{"apiVersion":');
        return;
      }
      const text = typeof r.body === "string" ? r.body : JSON.stringify(r.body);
      res.writeHead(r.status ?? 200, { "content-type": r.contentType ?? "application/json", "content-length": Buffer.byteLength(text) });
      res.end(text);
    });
  });
  await new Promise<void>((r) => server.listen(0, "127.0.0.1", r));
  port = (server.address() as net.AddressInfo).port;
});

after(() => {
  server.closeAllConnections();
  server.close();
});

beforeEach(() => {
  seen.length = 0;
  reply = converting;
});

function crd(o: { ca?: string; url?: string; path?: string; versions?: string[] } = {}): CustomResourceDefinition {
  const clientConfig = o.url
    ? { url: o.url, caBundle: Buffer.from(o.ca ?? caPem).toString("base64") }
    : { service: { namespace: "webhooks", name: "conv", path: o.path ?? "/convert", port: 8443 }, caBundle: Buffer.from(o.ca ?? caPem).toString("base64") };
  return {
    apiVersion: "apiextensions.k8s.io/v1",
    kind: "CustomResourceDefinition",
    metadata: { name: "crontabs.stable.example.com" },
    spec: {
      group: "stable.example.com",
      scope: "Namespaced",
      names: { plural: "crontabs", kind: "CronTab" },
      versions: [
        { name: "v1", served: true, storage: true },
        { name: "v2", served: true, storage: false },
      ],
      conversion: { strategy: "Webhook", webhook: { conversionReviewVersions: o.versions ?? ["v1"], clientConfig } },
    },
  };
}

function deps(clock: Clock = realClock) {
  const network = createSimulatedNetwork();
  // The Service's endpoint is a made-up pod address routed to the loopback listener.
  network.register("10.244.1.9", 443, { host: "127.0.0.1", port });
  const resolver = createServiceResolver(
    {
      service: (ns, name) => (ns === "webhooks" && name === "conv" ? { metadata: { name }, spec: { ports: [{ name: "https", port: 8443 }] } } : undefined),
      endpointSlices: () => [{ addressType: "IPv4", ports: [{ name: "https", port: 443 }], endpoints: [{ addresses: ["10.244.1.9"], conditions: { ready: true } }] }],
    },
    network,
  );
  let n = 0;
  return { resolver, dialer: network, clock, newUID: () => `uid-${++n}` };
}

function cronTab(name: string, apiVersion: string, spec: Record<string, unknown>): KubeObject {
  return { apiVersion, kind: "CronTab", metadata: { name, namespace: "default", uid: `u-${name}`, resourceVersion: "7", labels: { app: name } }, spec };
}

async function rejection(p: Promise<unknown>): Promise<ApiError> {
  const err = await p.then(
    () => assert.fail("conversion should have failed"),
    (e: unknown) => e,
  );
  assert.ok(err instanceof ApiError, String(err));
  return err;
}

function assertInternal(err: ApiError, cause: string) {
  assert.equal(err.code, 500);
  assert.equal(err.reason, "InternalError");
  assert.equal(err.message, `Internal error occurred: ${cause}`);
  assert.deepEqual(err.details?.causes, [{ message: cause }]);
}

test("Objects not at the desired version go to the Service's webhook in one ConversionReview v1; the rest stay as they are.", async () => {
  const converter = createWebhookConverter(crd(), deps());
  const objects = [cronTab("a", "stable.example.com/v1", { cronSpec: "* * * * */5" }), cronTab("b", "stable.example.com/v2", { schedule: "1 * * * *" }), cronTab("c", "stable.example.com/v1", { cronSpec: "2 * * * *" })];
  const out = await converter.convert(objects, "stable.example.com/v2");
  assert.equal(seen.length, 1);
  assert.equal(seen[0].url, "/convert?timeout=30s");
  assert.equal(seen[0].host, "conv.webhooks.svc:8443");
  assert.equal(seen[0].review.apiVersion, "apiextensions.k8s.io/v1");
  assert.equal(seen[0].review.kind, "ConversionReview");
  assert.equal(seen[0].review.request.uid, "uid-1");
  assert.equal(seen[0].review.request.desiredAPIVersion, "stable.example.com/v2");
  assert.deepEqual(
    seen[0].review.request.objects.map((o) => o.metadata.name),
    ["a", "c"],
  );
  assert.deepEqual(
    out.map((o) => [o.metadata.name, o.apiVersion, o.spec]),
    [
      ["a", "stable.example.com/v2", { schedule: "* * * * */5" }],
      ["b", "stable.example.com/v2", { schedule: "1 * * * *" }],
      ["c", "stable.example.com/v2", { schedule: "2 * * * *" }],
    ],
  );
  assert.deepEqual(out[0].metadata.labels, { app: "a", converted: "yes" });
  assert.strictEqual(out[1], objects[1]);
});

test("Nothing is sent when every object is already at the desired version.", async () => {
  const converter = createWebhookConverter(crd(), deps());
  const objects = [cronTab("a", "stable.example.com/v2", { schedule: "x" })];
  assert.deepEqual(await converter.convert(objects, "stable.example.com/v2"), objects);
  assert.equal(seen.length, 0);
});

test("A URL webhook is reached directly, verified against caBundle for the URL's host.", async () => {
  const converter = createWebhookConverter(crd({ url: `https://127.0.0.1:${port}/crontabs/convert` }), deps());
  const [out] = await converter.convert([cronTab("a", "stable.example.com/v2", { schedule: "s" })], "stable.example.com/v1");
  assert.equal(out.apiVersion, "stable.example.com/v1");
  assert.deepEqual(out.spec, { cronSpec: "s" });
  assert.equal(seen[0].url, "/crontabs/convert?timeout=30s");
});

test("A CRD that lists only v1beta1 reviews is asked in v1beta1, as upstream; one with no known version fails.", async () => {
  const beta = createWebhookConverter(crd({ versions: ["v1beta1"] }), deps());
  await beta.convert([cronTab("a", "stable.example.com/v1", { cronSpec: "s" })], "stable.example.com/v2");
  assert.equal(seen[0].review.apiVersion, "apiextensions.k8s.io/v1beta1");
  const none = createWebhookConverter(crd({ versions: ["v2"] }), deps());
  assertInternal(await rejection(none.convert([cronTab("a", "stable.example.com/v1", {})], "stable.example.com/v2")), "no supported conversion review versions");
});

test("Metadata other than labels and annotations is restored from the original; name, namespace or uid changes are refused.", async () => {
  reply = (review) => {
    const r = converting(review) as { body: { response: { convertedObjects: KubeObject[] } } };
    for (const o of r.body.response.convertedObjects) {
      o.metadata.resourceVersion = "999";
      o.metadata.finalizers = ["sneaky"];
      o.metadata.annotations = { note: "hi" };
    }
    return r;
  };
  const converter = createWebhookConverter(crd(), deps());
  const [out] = await converter.convert([cronTab("a", "stable.example.com/v1", { cronSpec: "s" })], "stable.example.com/v2");
  assert.equal(out.metadata.resourceVersion, "7");
  assert.equal(out.metadata.finalizers, undefined);
  assert.deepEqual(out.metadata.annotations, { note: "hi" });

  reply = (review) => {
    const r = converting(review) as { body: { response: { convertedObjects: KubeObject[] } } };
    for (const o of r.body.response.convertedObjects) if (o.metadata.name === "b") o.metadata.name = "renamed";
    return r;
  };
  const two = [cronTab("a", "stable.example.com/v1", {}), cronTab("b", "stable.example.com/v1", {})];
  assertInternal(await rejection(converter.convert(two, "stable.example.com/v2")), "conversion webhook for stable.example.com/v1, Kind=CronTab returned invalid converted object at index 2: must have the same name: b != renamed");
  assertInternal(
    await rejection(converter.convert([two[1]], "stable.example.com/v2")),
    "conversion webhook for stable.example.com/v1, Kind=CronTab returned invalid converted object at index 1: must have the same name: b != renamed".replace(" converted object at index 1", " object"),
  );
});

test("Labels the webhook sets are validated as any object's labels.", async () => {
  reply = (review) => {
    const r = converting(review) as { body: { response: { convertedObjects: KubeObject[] } } };
    r.body.response.convertedObjects[0].metadata.labels = { "bad key!": "v" };
    return r;
  };
  const converter = createWebhookConverter(crd(), deps());
  const err = await rejection(converter.convert([cronTab("a", "stable.example.com/v1", {})], "stable.example.com/v2"));
  assert.match(err.message, /^Internal error occurred: conversion webhook for stable\.example\.com\/v1, Kind=CronTab returned invalid metadata: metadata\.labels: Invalid value: "bad key!": name part must consist of alphanumeric characters/);
});

test("Bad answers fail in upstream's words.", async () => {
  const converter = createWebhookConverter(crd(), deps());
  const one = [cronTab("a", "stable.example.com/v1", { cronSpec: "s" })];
  const gvk = "stable.example.com/v1, Kind=CronTab";
  const cases: [Reply, string][] = [
    [(rv) => ({ body: { apiVersion: rv.apiVersion, kind: "ConversionReview", response: { uid: "other", result: { status: "Success" }, convertedObjects: [] } } }), `conversion webhook for ${gvk} failed: expected response.uid="uid-1", got "other"`],
    [(rv) => ({ body: { apiVersion: rv.apiVersion, kind: "ConversionReview", response: { uid: rv.request.uid, result: { status: "Failure", message: "cannot convert spec" } } } }), `conversion webhook for ${gvk} failed: cannot convert spec`],
    [(rv) => ({ body: { apiVersion: rv.apiVersion, kind: "ConversionReview", response: { uid: rv.request.uid, result: { status: "Failure" } } } }), `conversion webhook for ${gvk} failed: response.result.status was 'Failure', not 'Success'`],
    [(rv) => ({ body: { apiVersion: rv.apiVersion, kind: "ConversionReview" } }), `conversion webhook for ${gvk} failed: no response provided`],
    [() => ({ body: { apiVersion: "v1", kind: "Status" } }), `conversion webhook for ${gvk} failed: expected webhook response of apiextensions.k8s.io/v1, Kind=ConversionReview, got /v1, Kind=Status`],
    [(rv) => ({ body: { apiVersion: rv.apiVersion, kind: "ConversionReview", response: { uid: rv.request.uid, result: { status: "Success" }, convertedObjects: [] } } }), `conversion webhook for ${gvk} returned 0 objects, expected 1`],
    [
      (rv) => ({ body: { apiVersion: rv.apiVersion, kind: "ConversionReview", response: { uid: rv.request.uid, result: { status: "Success" }, convertedObjects: rv.request.objects } } }),
      `conversion webhook for ${gvk} returned invalid object at index 0: invalid groupVersion (expected stable.example.com/v2, received stable.example.com/v1)`,
    ],
    [() => ({ body: "" }), `conversion webhook for ${gvk} failed: 0-length response with status code: 200 and content type: application/json`],
    [() => ({ body: "<html>" }), `conversion webhook for ${gvk} failed: couldn't get version/kind; json parse error: invalid character '<' looking for beginning of value`],
    [() => ({ status: 500, contentType: "text/plain", body: "boom" }), `conversion webhook for ${gvk} failed: an error on the server ("boom") has prevented the request from succeeding`],
    [() => ({ status: 404, body: "{}" }), `conversion webhook for ${gvk} failed: the server could not find the requested resource`],
    [() => ({ status: 403, body: { kind: "Status", apiVersion: "v1", status: "Failure", message: "no entry" } }), `conversion webhook for ${gvk} failed: no entry`],
  ];
  for (const [r, want] of cases) {
    reply = r;
    assertInternal(await rejection(converter.convert(one, "stable.example.com/v2")), want);
  }
});

test("Transport failures name the URL as Go's url.Error does.", async () => {
  const one = [cronTab("a", "stable.example.com/v1", {})];
  const gvk = "stable.example.com/v1, Kind=CronTab";
  const url = "https://conv.webhooks.svc:8443/convert?timeout=30s";
  const wrongCa = createWebhookConverter(crd({ ca: otherCaPem }), deps());
  assertInternal(await rejection(wrongCa.convert(one, "stable.example.com/v2")), `conversion webhook for ${gvk} failed: Post "${url}": tls: failed to verify certificate: x509: certificate signed by unknown authority`);
  const missing = crd();
  missing.spec.conversion!.webhook!.clientConfig!.service!.name = "gone";
  assertInternal(await rejection(createWebhookConverter(missing, deps()).convert(one, "stable.example.com/v2")), `conversion webhook for ${gvk} failed: Post "https://gone.webhooks.svc:8443/convert?timeout=30s": service "gone" not found`);
});

for (const stall of ["hang", "half"] as const) {
  test(`A webhook that does not answer within 30 s of the clock fails with context deadline exceeded (${stall === "hang" ? "no answer" : "half an answer"}).`, async () => {
    reply = () => stall;
    const clock = new VirtualClock();
    const converter = createWebhookConverter(crd(), deps(clock));
    const pending = rejection(converter.convert([cronTab("a", "stable.example.com/v1", {})], "stable.example.com/v2"));
    while (seen.length === 0) await new Promise((r) => setImmediate(r));
    await clock.advance(29_999);
    let settled = false;
    void pending.finally(() => (settled = true));
    await new Promise((r) => setImmediate(r));
    assert.equal(settled, false);
    await clock.advance(1);
    assertInternal(await pending, 'conversion webhook for stable.example.com/v1, Kind=CronTab failed: Post "https://conv.webhooks.svc:8443/convert?timeout=30s": context deadline exceeded');
  });
}

test("A CRD without webhook conversion has no webhook converter.", () => {
  const c = crd();
  c.spec.conversion = { strategy: "None" };
  assert.throws(() => createWebhookConverter(c, deps()), /does not use webhook conversion/);
});
