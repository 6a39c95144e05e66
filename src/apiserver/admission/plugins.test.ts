import assert from "node:assert/strict";
import { test } from "node:test";
import { createRegistry } from "../../metrics/index.js";
import { VirtualClock } from "../../util/clock.js";
import { AdmissionMetrics } from "./metrics.js";
import { buildAdmissionChain, enabledPluginNames, ORDERED_PLUGINS } from "./plugins.js";
import type { AdmissionPlugin } from "./types.js";
import { attrs } from "./testing/fake-lookup.js";

test("every plugin is on by default, in upstream's order", () => {
  assert.deepEqual(enabledPluginNames(), [...ORDERED_PLUGINS]);
  assert.deepEqual(ORDERED_PLUGINS.slice(0, 4), ["NamespaceLifecycle", "LimitRanger", "ServiceAccount", "NodeRestriction"]);
  assert.equal(ORDERED_PLUGINS.at(-1), "ResourceQuota");
});

test("disabled plugins drop out; unknown or overlapping names are upstream's errors", () => {
  const names = enabledPluginNames({ disable: ["PodSecurity", "LimitRanger"], enable: ["Priority"] });
  assert.ok(!names.includes("PodSecurity") && !names.includes("LimitRanger") && names.includes("Priority"));
  assert.throws(() => enabledPluginNames({ enable: ["AlwaysPullImage"] }), /^Error: enable-admission-plugins plugin "AlwaysPullImage" is unknown$/);
  assert.throws(() => enabledPluginNames({ enable: ["Priority"], disable: ["Priority"] }), /\[Priority\] in enable-admission-plugins and disable-admission-plugins overlapped/);
});

test("the chain runs plugins in upstream's order, whatever order they are given in", async () => {
  const ran: string[] = [];
  const plugin = (name: string): AdmissionPlugin => ({ name, admit: async () => void ran.push(`admit ${name}`), validate: async () => void ran.push(`validate ${name}`) });
  const chain = buildAdmissionChain(enabledPluginNames({ disable: ["Priority"] }), { ResourceQuota: plugin("ResourceQuota"), Priority: plugin("Priority"), LimitRanger: plugin("LimitRanger") });
  const a = attrs("", "pods", { metadata: { name: "p", namespace: "ns" } });
  await chain.admit(a);
  await chain.validate(a);
  assert.deepEqual(ran, ["admit LimitRanger", "admit ResourceQuota", "validate LimitRanger", "validate ResourceQuota"]);
});

test("a plugin that does not handle the write is not called, and is measured as taking no time", async () => {
  const registry = createRegistry();
  const clock = new VirtualClock();
  const calls: string[] = [];
  const plugin: AdmissionPlugin = { name: "Priority", handles: (a) => a.resource.resource === "pods", admit: async (a) => void calls.push(a.resource.resource) };
  for (const chain of [buildAdmissionChain(["Priority"], { Priority: plugin }), buildAdmissionChain(["Priority"], { Priority: plugin }, new AdmissionMetrics(registry, clock))]) {
    await chain.admit(attrs("", "configmaps", { metadata: { name: "c", namespace: "ns" } }));
    await chain.admit(attrs("", "pods", { metadata: { name: "p", namespace: "ns" } }));
  }
  assert.deepEqual(calls, ["pods", "pods"]);
  const text = await registry.metrics();
  assert.match(text, /^apiserver_admission_controller_admission_duration_seconds_count\{name="Priority",type="admit",operation="CREATE",rejected="false"\} 2$/m);
  assert.match(text, /^apiserver_admission_controller_admission_duration_seconds_sum\{name="Priority",type="admit",operation="CREATE",rejected="false"\} 0$/m);
});
