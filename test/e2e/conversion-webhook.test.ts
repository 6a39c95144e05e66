/**
 * The e2e conversion webhook against Skiff's own webhook converter, the way
 * the API server reaches it: through a Service resolved to its loopback
 * endpoint, verified against its caBundle. No cluster needed.
 */
import { after, before, test } from "node:test";
import assert from "node:assert/strict";
import type { CustomResourceDefinition } from "kubernetes-types/apiextensions/v1.js";
import { createWebhookConverter } from "../../dist/apiextensions/webhook-conversion/index.js";
import { createSimulatedNetwork } from "../../dist/network/dialer.js";
import { createServiceResolver } from "../../dist/network/service-resolver.js";
import { realClock } from "../../dist/util/clock.js";
import { startConversionWebhook, webhookConversion, type ConversionWebhook } from "./conversion-webhook.js";

let hook: ConversionWebhook;

before(async () => {
  hook = await startConversionWebhook({ service: "crontab-conversion", namespace: "hooks", convert: (o, to) => (o.metadata.name === "poison" ? "cannot convert poison" : { ...o, apiVersion: to }) });
});
after(() => hook.close());

function converter() {
  const crd = {
    metadata: { name: "crontabs.stable.example.com" },
    spec: { group: "stable.example.com", scope: "Namespaced", names: { plural: "crontabs", kind: "CronTab" }, versions: [], conversion: webhookConversion("hooks", "crontab-conversion", hook.caBundle) },
  } as CustomResourceDefinition;
  const resolver = createServiceResolver(
    {
      service: (_ns, name) => ({ metadata: { name }, spec: { ports: [{ name: "https", port: 443 }] } }),
      endpointSlices: () => [{ addressType: "IPv4", ports: [{ name: "https", port: hook.port }], endpoints: [{ addresses: ["127.0.0.1"], conditions: { ready: true } }] }],
    },
    createSimulatedNetwork(),
  );
  return createWebhookConverter(crd, { resolver, dialer: createSimulatedNetwork(), clock: realClock });
}

const crontab = (name: string) => ({ apiVersion: "stable.example.com/v1", kind: "CronTab", metadata: { name, namespace: "default", uid: `u-${name}` }, spec: { cronSpec: "* * * * */5" } });

test("The e2e webhook converts through a Service and records the review.", async () => {
  const [out] = await converter().convert([crontab("a")], "stable.example.com/v2");
  assert.equal(out.apiVersion, "stable.example.com/v2");
  assert.deepEqual(hook.reviews.at(-1)?.objects, ["a stable.example.com/v1"]);
  assert.equal(hook.reviews.at(-1)?.apiVersion, "apiextensions.k8s.io/v1");
});

test("A conversion the e2e webhook refuses fails the request with its message.", async () => {
  await assert.rejects(converter().convert([crontab("poison")], "stable.example.com/v2"), {
    message: "Internal error occurred: conversion webhook for stable.example.com/v1, Kind=CronTab failed: cannot convert poison",
  });
});
