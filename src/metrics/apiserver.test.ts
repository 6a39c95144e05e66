import assert from "node:assert/strict";
import { after, before, test } from "node:test";
import { ADMIN, configMap, startTestCluster, type TestCluster } from "../client/test-fixtures.js";
import { CONFIGMAPS } from "../client/resources.js";
import type { ApiRequest } from "../apiserver/http/types.js";
import { VirtualClock } from "../util/clock.js";
import { parseSamples, sampleValue, findSamples, type Sample } from "./testing/samples.js";
import { REQUEST_DURATION_BUCKETS } from "./apiserver.js";

let c: TestCluster;
let clock: VirtualClock;

before(async () => {
  clock = new VirtualClock();
  c = await startTestCluster(clock);
});
after(() => c.close());

const request = (method: string, path: string, body?: unknown, user: ApiRequest["user"] | "anonymous" = ADMIN) => {
  const url = new URL(path, "https://x.invalid");
  return c.server.handle({ method, path: url.pathname, query: url.searchParams, headers: { "content-type": "application/json", accept: "application/json" }, body: body === undefined ? undefined : Buffer.from(JSON.stringify(body)), user: user === "anonymous" ? undefined : user, signal: new AbortController().signal });
};

async function scrape(): Promise<{ text: string; samples: Sample[]; contentType: string }> {
  const res = await request("GET", "/metrics");
  assert.equal(res.status, 200);
  const text = String(res.body);
  return { text, samples: parseSamples(text), contentType: String(res.headers["content-type"]) };
}

const base = { component: "apiserver", dry_run: "", group: "", version: "v1", resource: "configmaps", subresource: "" };

test("GET /metrics is forbidden to anonymous users and answers in the text format", async () => {
  const anonymous = await request("GET", "/metrics", undefined, "anonymous");
  assert.equal(anonymous.status, 403);
  const { text, contentType } = await scrape();
  assert.equal(contentType, "text/plain; version=0.0.4; charset=utf-8");
  assert.match(text, /^# HELP apiserver_request_total \[STABLE\] Counter of apiserver requests/m);
  assert.match(text, /^# TYPE apiserver_request_duration_seconds histogram$/m);
  assert.match(text, /^process_start_time_seconds \d+(\.\d+)?$/m);
});

test("requests are counted by verb, scope and code, and timed on the injected clock", async () => {
  await c.client.create(CONFIGMAPS, "default", configMap("m1"));
  await c.client.get(CONFIGMAPS, "default", "m1");
  await c.client.get(CONFIGMAPS, "default", "missing").catch(() => undefined);
  await c.client.list(CONFIGMAPS, { namespace: "default" });
  await request("POST", "/api/v1/namespaces/default/configmaps?dryRun=All", configMap("dry"));
  const { samples } = await scrape();
  assert.equal(sampleValue(samples, "apiserver_request_total", { ...base, verb: "POST", scope: "resource", code: "201" }), 1);
  assert.equal(sampleValue(samples, "apiserver_request_total", { ...base, verb: "GET", scope: "resource", code: "200" }), 1);
  assert.equal(sampleValue(samples, "apiserver_request_total", { ...base, verb: "GET", scope: "resource", code: "404" }), 1);
  assert.equal(sampleValue(samples, "apiserver_request_total", { ...base, verb: "LIST", scope: "namespace", code: "200" }), 1);
  assert.equal(sampleValue(samples, "apiserver_request_total", { ...base, dry_run: "All", verb: "POST", scope: "resource", code: "201" }), 1);
  // The virtual clock did not move: every GET took 0 seconds, in the first bucket.
  const gets = { ...base, verb: "GET", scope: "resource" };
  assert.equal(sampleValue(samples, "apiserver_request_duration_seconds_count", gets), 2);
  assert.equal(sampleValue(samples, "apiserver_request_duration_seconds_bucket", { ...gets, le: "0.005" }), 2);
  const les = findSamples(samples, "apiserver_request_duration_seconds_bucket", gets).map((s) => s.labels.le);
  assert.deepEqual(les, [...REQUEST_DURATION_BUCKETS.map(String), "+Inf"]);
});

test("a watch is counted when it ends, and its events by group, version and kind", async () => {
  const abort = new AbortController();
  const url = new URL("https://x.invalid/api/v1/namespaces/default/configmaps?watch=true&resourceVersion=0");
  const res = await c.server.handle({ method: "GET", path: url.pathname, query: url.searchParams, headers: { accept: "application/json" }, user: ADMIN, signal: abort.signal });
  const lines: string[] = [];
  const done = res.stream!({ write: (ch) => (lines.push(String(ch)), true), end: () => undefined, drained: async () => undefined }, abort.signal);
  await c.client.create(CONFIGMAPS, "default", configMap("m2"));
  while (lines.join("").split("\n").filter(Boolean).length < 2) await new Promise((r) => setImmediate(r));
  const before = await scrape();
  const watchLabels = { ...base, verb: "WATCH", scope: "namespace" };
  assert.equal(sampleValue(before.samples, "apiserver_request_total", { ...watchLabels, code: "200" }), undefined, "counted only once the watch ends");
  assert.ok((sampleValue(before.samples, "apiserver_watch_events_total", { group: "", version: "v1", kind: "ConfigMap" }) ?? 0) >= 2);
  await clock.advance(2_000);
  abort.abort();
  await done;
  const after = await scrape();
  assert.equal(sampleValue(after.samples, "apiserver_request_total", { ...watchLabels, code: "200" }), 1);
  assert.equal(sampleValue(after.samples, "apiserver_request_duration_seconds_bucket", { ...watchLabels, le: "1.25" }), 0);
  assert.equal(sampleValue(after.samples, "apiserver_request_duration_seconds_bucket", { ...watchLabels, le: "2" }), 1);
});

test("apiserver_storage_objects counts what is stored, per resource as upstream names it", async () => {
  const { samples } = await scrape();
  const stored = (await c.client.list(CONFIGMAPS)).items.length;
  assert.equal(sampleValue(samples, "apiserver_storage_objects", { resource: "configmaps" }), stored);
  assert.equal(sampleValue(samples, "apiserver_storage_objects", { resource: "namespaces" }), (await c.client.list({ group: "", version: "v1", resource: "namespaces" })).items.length);
  assert.equal(sampleValue(samples, "apiserver_storage_objects", { resource: "deployments.apps" }), 0);
  assert.equal(sampleValue(samples, "apiserver_storage_objects", { resource: "subjectaccessreviews.authorization.k8s.io" }), undefined, "computed resources store nothing");
  assert.equal(sampleValue(samples, "apiserver_storage_objects", { resource: "bindings" }), undefined, "a binding is a create of pods/binding");
  assert.equal(findSamples(samples, "apiserver_storage_objects", { resource: "events.events.k8s.io" }).length, 0, "counted under core events");
});
